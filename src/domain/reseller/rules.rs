//! Validation rules of the reseller console's inputs as the Cloudmore API states them (seed 003
//! and research §5), shared by the forms, which check while the user types, and the stand-in
//! server, which rejects with the same messages.
//!
//! Field errors are keyed by the PascalCase property path the API uses in its ModelState
//! dictionary (`Email`, `Address.CountryCode`); business-rule errors use the `errorCode` list.

use super::model::{AdministratorInput, MFA_EMAIL, MFA_SMS, OrganizationInput, UserInput};
use crate::domain::countries::is_country_code;
use crate::domain::validation::{
    BusinessError, FieldErrors, Validation, is_digits, is_email, not_email_message,
    required_message,
};
use crate::secret::Secret;

/// The text for a cell phone field left empty while MFA is by SMS.
pub fn required_for_sms_message(field: &str) -> String {
    format!("The {field} field is required when MfaOption is SMS.")
}

/// The text for an MFA option that is neither Email nor SMS.
pub const MFA_OPTION_MESSAGE: &str = "The MfaOption field must be 0 (Email) or 1 (SMS).";

/// The business error for a country code that is not ISO 3166-1 alpha-2 (seed 003).
pub const INVALID_COUNTRY_MESSAGE: &str = "Invalid country code";

/// The message the API gives for a phone number or prefix that is not digits only.
pub const PHONE_FORMAT_MESSAGE: &str = "Phone number is not in valid format.";

/// The password policy: at least 8 characters with upper case, lower case, a digit and a
/// non-word character. Returns the reason when the password fails.
pub fn check_password(password: &str) -> Result<(), String> {
    let mut missing = Vec::new();
    if !password.chars().any(char::is_uppercase) {
        missing.push("an uppercase letter");
    }
    if !password.chars().any(char::is_lowercase) {
        missing.push("a lowercase letter");
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        missing.push("a digit");
    }
    if !password.chars().any(|c| !c.is_alphanumeric() && c != '_') {
        missing.push("a non-word character");
    }
    let too_short = password.chars().count() < 8;
    if !too_short && missing.is_empty() {
        return Ok(());
    }
    let mut reason = String::from("Password must be at least 8 characters");
    if !missing.is_empty() {
        reason.push_str(" and contain ");
        reason.push_str(&missing.join(", "));
    }
    reason.push('.');
    Err(reason)
}

/// The message for a password holding a part of the account or full name (research §5).
pub const PASSWORD_NAME_MESSAGE: &str =
    "Password must not contain parts of the account name or the full name.";

/// The shortest name part the password may not contain. Shorter ones ("Al", "Li") would refuse
/// too many good passwords; the Windows rule whose wording research §5 repeats stops at 3 too.
pub const MIN_NAME_PART: usize = 3;

/// The parts of an account and its owner's names a password may not contain: the account's
/// local part (before `@`; the domain is the organization's, not the person's) and the names,
/// each split at every character that is not a letter or digit, lowercased, parts shorter than
/// [`MIN_NAME_PART`] left out.
pub fn name_parts(account: &str, names: &[&str]) -> Vec<String> {
    let local = account.split('@').next().unwrap_or_default();
    let mut parts: Vec<String> = std::iter::once(local)
        .chain(names.iter().copied())
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|part| part.chars().count() >= MIN_NAME_PART)
        .map(str::to_lowercase)
        .collect();
    parts.sort();
    parts.dedup();
    parts
}

/// Whether `password` contains (case-insensitively) one of [`name_parts`]'s parts.
pub fn contains_name_part(password: &str, account: &str, names: &[&str]) -> bool {
    let password = password.to_lowercase();
    name_parts(account, names)
        .iter()
        .any(|part| password.contains(part.as_str()))
}

fn require(errors: &mut FieldErrors, field: &str, value: &str) -> bool {
    if value.trim().is_empty() {
        errors.add(field, required_message(field));
        false
    } else {
        true
    }
}

fn email_field(errors: &mut FieldErrors, field: &str, value: &str) {
    if !value.is_empty() && !is_email(value) {
        errors.add(field, not_email_message(field));
    }
}

fn phone_field(errors: &mut FieldErrors, field: &str, value: &str) {
    if !value.is_empty() && !is_digits(value) {
        errors.add(field, PHONE_FORMAT_MESSAGE);
    }
}

fn country_rule(business: &mut Vec<BusinessError>, code: &str) {
    if !code.is_empty() && !is_country_code(code) {
        business.push(BusinessError::invalid_value(INVALID_COUNTRY_MESSAGE));
    }
}

/// Organization create/update: `Name` required; e-mails, phones and the country code checked
/// when given.
pub fn validate_organization(input: &OrganizationInput) -> Validation {
    let mut v = Validation::default();
    require(&mut v.fields, "Name", &input.name);
    email_field(
        &mut v.fields,
        "NotificationEmail",
        &input.notification_email,
    );
    email_field(&mut v.fields, "Contact.Email", &input.contact.email);
    phone_field(
        &mut v.fields,
        "Contact.PhonePrefix",
        &input.contact.phone_prefix,
    );
    phone_field(&mut v.fields, "Contact.Phone", &input.contact.phone);
    phone_field(
        &mut v.fields,
        "Contact.CellPhonePrefix",
        &input.contact.cell_phone_prefix,
    );
    phone_field(
        &mut v.fields,
        "Contact.CellPhone",
        &input.contact.cell_phone,
    );
    let domain = input.primary_domain.trim();
    if domain.starts_with("http") || domain.starts_with("www.") || domain.contains('/') {
        v.business.push(BusinessError::invalid_value(format!(
            "Invalid domain/website: {domain}. Write the domain without http or www."
        )));
    }
    country_rule(&mut v.business, &input.address.country_code);
    v
}

/// Organization user create/update. `Username` must be an e-mail; a password is required unless
/// one is generated (only on create, `creating`).
pub fn validate_user(input: &UserInput, creating: bool) -> Validation {
    let mut v = Validation::default();
    if require(&mut v.fields, "Username", &input.username) && !is_email(&input.username) {
        v.fields.add("Username", not_email_message("Username"));
    }
    require(&mut v.fields, "FirstName", &input.first_name);
    require(&mut v.fields, "LastName", &input.last_name);
    if require(&mut v.fields, "Email", &input.email) {
        email_field(&mut v.fields, "Email", &input.email);
    }
    phone_field(&mut v.fields, "PhonePrefix", &input.phone_prefix);
    phone_field(&mut v.fields, "Phone", &input.phone);
    if creating && !input.generate_password {
        let owner = Owner {
            account: &input.username,
            names: [&input.first_name, &input.last_name, &input.display_name],
        };
        password_rule(
            &mut v.fields,
            input.password.as_ref().map(Secret::expose),
            &owner,
        );
    }
    v
}

/// Whose password it is: the account name and the parts of the full name.
struct Owner<'a> {
    account: &'a str,
    names: [&'a str; 3],
}

fn password_rule(errors: &mut FieldErrors, password: Option<&str>, owner: &Owner) {
    match password {
        None | Some("") => errors.add("Password", required_message("Password")),
        Some(pw) => {
            if let Err(reason) = check_password(pw) {
                errors.add("Password", reason);
            }
            if contains_name_part(pw, owner.account, &owner.names) {
                errors.add("Password", PASSWORD_NAME_MESSAGE);
            }
        }
    }
}

/// Reseller administrator create/update, every rule of seed 003. On update (`creating` false)
/// the password is optional but must still pass the policy when given.
pub fn validate_administrator(input: &AdministratorInput, creating: bool) -> Validation {
    let mut v = Validation::default();
    let f = &mut v.fields;
    if require(f, "Name", &input.name) && !is_email(&input.name) {
        f.add("Name", not_email_message("Name"));
    }
    require(f, "FirstName", &input.first_name);
    require(f, "LastName", &input.last_name);
    require(f, "DisplayName", &input.display_name);
    if input.role_id <= 0 {
        f.add("RoleId", required_message("RoleId"));
    }
    require(f, "Title", &input.title);
    if require(f, "Email", &input.email) {
        email_field(f, "Email", &input.email);
    }
    require(f, "Address.CountryCode", &input.address.country_code);
    phone_field(f, "HomePhonePrefix", &input.home_phone_prefix);
    phone_field(f, "HomePhone", &input.home_phone);
    phone_field(f, "CellPhonePrefix", &input.cell_phone_prefix);
    phone_field(f, "CellPhone", &input.cell_phone);
    match input.mfa_option {
        MFA_EMAIL => {}
        MFA_SMS => {
            for (field, value) in [
                ("CellPhonePrefix", &input.cell_phone_prefix),
                ("CellPhone", &input.cell_phone),
            ] {
                if value.is_empty() {
                    f.add(field, required_for_sms_message(field));
                }
            }
        }
        _ => f.add("MfaOption", MFA_OPTION_MESSAGE),
    }
    if !input.generate_password {
        let owner = Owner {
            account: &input.name,
            names: [&input.first_name, &input.last_name, &input.display_name],
        };
        match (&input.password, creating) {
            (None, false) => {}
            (Some(pw), false) if pw.is_empty() => {}
            (pw, _) => password_rule(f, pw.as_ref().map(Secret::expose), &owner),
        }
    }
    country_rule(&mut v.business, &input.address.country_code);
    v
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
