//! The console's words for a form's errors. The validation rules (`domain::reseller::rules`) are the
//! API's own, messages included, because the stand-in answers with them; so a form would say
//! "The RoleId field is required." about its "Role" picker. Here each rule's message becomes
//! one that names the form's label and says how to fix it. Messages the console does not know
//! (a server's own words) keep their text; only the API's field names in them become labels.
//! The raw server text still reaches the log (the actor logs every failed write).

use crate::domain::reseller::rules::{
    INVALID_COUNTRY_MESSAGE, MFA_OPTION_MESSAGE, MIN_NAME_PART, PASSWORD_NAME_MESSAGE,
    PHONE_FORMAT_MESSAGE, required_for_sms_message,
};
use crate::domain::validation::{not_email_message, required_message};

use super::form::{Field, FieldKind};

/// The key of the MFA choice; the SMS rule points at it by its label.
const MFA_KEY: &str = "MfaOption";

/// A rule's message about `fields[index]`, in the form's words.
pub fn local(fields: &[Field], index: usize, message: &str) -> String {
    let field = &fields[index];
    let key = field.key.as_str();
    let label = field.label.as_str();
    if message == required_message(key) {
        return match field.kind {
            FieldKind::Choice(_) => format!("The {label} field is required: pick one with ← →."),
            _ => format!("The {label} field is required."),
        };
    }
    if message == not_email_message(key) {
        return format!(
            "The {label} field is not a valid e-mail address: write it like name@example.com."
        );
    }
    if message == PHONE_FORMAT_MESSAGE {
        // Short enough to show whole beside the field.
        return format!("{PHONE_FORMAT_MESSAGE} Digits only, without +.");
    }
    if message == required_for_sms_message(key) {
        let mfa = label_of(fields, MFA_KEY).unwrap_or("MFA");
        return format!("{label} is needed for SMS codes: fill it in or set {mfa} to Email.");
    }
    if message == MFA_OPTION_MESSAGE {
        return "Pick Email or SMS.".into();
    }
    if message == INVALID_COUNTRY_MESSAGE {
        return country(field);
    }
    if message == PASSWORD_NAME_MESSAGE {
        // Which part matched is left unsaid: it would repeat part of the password on screen.
        return format!(
            "{label} must not contain the username or a word of the name ({MIN_NAME_PART}+ letters)."
        );
    }
    with_labels(fields, message)
}

/// A server's message: its own words, with the API's field names replaced by the form's labels.
pub fn server(fields: &[Field], message: &str) -> String {
    with_labels(fields, message)
}

/// A country code that is no ISO code: a partial entry names what `→` would take.
fn country(field: &Field) -> String {
    let typed = field.input.value().trim();
    let suggestion = field
        .completer
        .map(|complete| complete(typed))
        .and_then(|found| found.first().copied());
    match suggestion {
        Some((code, name)) if !typed.is_empty() => format!("press → for {name} ({code})"),
        _ => format!(
            "'{typed}' is not an ISO 3166 country code: two letters, like SE or DE; type a country's name to see its code"
        ),
    }
}

fn label_of<'a>(fields: &'a [Field], key: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.label.as_str())
}

/// Replaces every word of `message` that is a field's API key (`RoleId`, `Address.CountryCode`)
/// with that field's label. Whole words only, so "Name" never changes inside "Username".
fn with_labels(fields: &[Field], message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let bare = word.trim_end_matches('.');
        let dots = &word[bare.len()..];
        match label_of(fields, bare).filter(|label| *label != bare) {
            Some(label) => {
                out.push_str(label);
                out.push_str(dots);
            }
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in message.chars() {
        if c.is_alphanumeric() || c == '.' || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::countries::complete_country;

    fn fields() -> Vec<Field> {
        vec![
            Field::text("Name", "Username (e-mail)"),
            Field::choice("RoleId", "Role", vec!["(choose)".into()], 0),
            Field::text("CellPhonePrefix", "Cell phone prefix"),
            Field::choice(MFA_KEY, "MFA", vec!["Email".into(), "SMS".into()], 1),
            Field::text("Address.CountryCode", "Country code")
                .with_value("Ger")
                .completing(complete_country),
        ]
    }

    #[test]
    fn rule_messages_name_the_form_labels_and_say_how_to_fix_them() {
        let f = fields();
        assert_eq!(
            local(&f, 0, &not_email_message("Name")),
            "The Username (e-mail) field is not a valid e-mail address: write it like name@example.com."
        );
        assert_eq!(
            local(&f, 1, &required_message("RoleId")),
            "The Role field is required: pick one with ← →."
        );
        assert_eq!(
            local(&f, 2, &required_for_sms_message("CellPhonePrefix")),
            "Cell phone prefix is needed for SMS codes: fill it in or set MFA to Email."
        );
        let phone = local(&f, 2, PHONE_FORMAT_MESSAGE);
        assert!(phone.contains("Digits only, without +"), "{phone}");
        for (i, _) in f.iter().enumerate() {
            for api in ["RoleId", "CellPhonePrefix", "MfaOption", "The Name field"] {
                let said = local(&f, i, &required_message(&f[i].key));
                assert!(!said.contains(api), "{said}");
            }
        }
    }

    #[test]
    fn a_partial_country_names_what_right_arrow_takes() {
        let f = fields();
        assert_eq!(
            local(&f, 4, INVALID_COUNTRY_MESSAGE),
            "press → for Germany (DE)"
        );
    }

    #[test]
    fn server_words_stay_but_api_field_names_become_labels() {
        let f = fields();
        assert_eq!(
            server(&f, "The RoleId field is required."),
            "The Role field is required."
        );
        assert_eq!(
            server(&f, "Username already taken; Address.CountryCode."),
            "Username already taken; Country code."
        );
        assert_eq!(server(&f, "Bad."), "Bad.");
    }
}
