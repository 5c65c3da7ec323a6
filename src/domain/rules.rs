//! Validation rules of the Cloudmore API (seed 003 and research §5), shared by the forms, which
//! check while the user types, and the stand-in server, which rejects with the same messages.
//!
//! Field errors are keyed by the PascalCase property path the API uses in its ModelState
//! dictionary (`Email`, `Address.CountryCode`); business-rule errors use the `errorCode` list.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::countries::is_country_code;
use super::model::{AdministratorInput, MFA_EMAIL, MFA_SMS, OrganizationInput, UserInput};
use crate::secret::Secret;

/// The ModelState dictionary: property path → messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldErrors(pub BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_default()
            .push(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message for a field, if any.
    pub fn first(&self, field: &str) -> Option<&str> {
        self.0
            .get(field)
            .and_then(|m| m.first())
            .map(String::as_str)
    }
}

/// One business-rule error (`ApiError` model): `{errorCode, errorName, errorMessage}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessError {
    pub error_code: i64,
    pub error_name: String,
    pub error_message: String,
}

/// Error code 5 is the only one public material shows.
pub const INVALID_VALUE: i64 = 5;

impl BusinessError {
    pub fn invalid_value(message: impl Into<String>) -> Self {
        BusinessError {
            error_code: INVALID_VALUE,
            error_name: "InvalidValue".into(),
            error_message: message.into(),
        }
    }
}

/// Result of validating one input: model errors first, business errors second (the server sends
/// the dictionary when there are model errors and the list otherwise, like ASP.NET does).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validation {
    pub fields: FieldErrors,
    pub business: Vec<BusinessError>,
}

impl Validation {
    pub fn is_ok(&self) -> bool {
        self.fields.is_empty() && self.business.is_empty()
    }
}

/// The framework's text for a missing required field.
pub fn required_message(field: &str) -> String {
    format!("The {field} field is required.")
}

/// The message the API gives for a phone number or prefix that is not digits only.
pub const PHONE_FORMAT_MESSAGE: &str = "Phone number is not in valid format.";

/// An e-mail address in the practical sense: one `@`, a non-empty local part, a dotted domain,
/// no whitespace or control characters.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let clean = |s: &str| !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control());
    clean(local)
        && clean(domain)
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

/// Digits 0–9 only, at least one (phone numbers and prefixes, written without `+`).
pub fn is_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

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
        errors.add(
            field,
            format!("The {field} field is not a valid e-mail address."),
        );
    }
}

fn phone_field(errors: &mut FieldErrors, field: &str, value: &str) {
    if !value.is_empty() && !is_digits(value) {
        errors.add(field, PHONE_FORMAT_MESSAGE);
    }
}

fn country_rule(business: &mut Vec<BusinessError>, code: &str) {
    if !code.is_empty() && !is_country_code(code) {
        business.push(BusinessError::invalid_value("Invalid country code"));
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
        v.fields.add(
            "Username",
            "The Username field is not a valid e-mail address.",
        );
    }
    require(&mut v.fields, "FirstName", &input.first_name);
    require(&mut v.fields, "LastName", &input.last_name);
    if require(&mut v.fields, "Email", &input.email) {
        email_field(&mut v.fields, "Email", &input.email);
    }
    phone_field(&mut v.fields, "PhonePrefix", &input.phone_prefix);
    phone_field(&mut v.fields, "Phone", &input.phone);
    if creating && !input.generate_password {
        password_rule(&mut v.fields, input.password.as_ref().map(Secret::expose));
    }
    v
}

fn password_rule(errors: &mut FieldErrors, password: Option<&str>) {
    match password {
        None | Some("") => errors.add("Password", required_message("Password")),
        Some(pw) => {
            if let Err(reason) = check_password(pw) {
                errors.add("Password", reason);
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
        f.add("Name", "The Name field is not a valid e-mail address.");
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
                    f.add(
                        field,
                        format!("The {field} field is required when MfaOption is SMS."),
                    );
                }
            }
        }
        _ => f.add(
            "MfaOption",
            "The MfaOption field must be 0 (Email) or 1 (SMS).",
        ),
    }
    if !input.generate_password {
        match (&input.password, creating) {
            (None, false) => {}
            (Some(pw), false) if pw.is_empty() => {}
            (pw, _) => password_rule(f, pw.as_ref().map(Secret::expose)),
        }
    }
    country_rule(&mut v.business, &input.address.country_code);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::AdministratorAddress;

    fn seed_003_admin() -> AdministratorInput {
        AdministratorInput {
            name: "johndoe@testddd.com".into(),
            first_name: "John".into(),
            last_name: "Doe".into(),
            display_name: "John Doe".into(),
            role_id: 24,
            title: "Mr".into(),
            home_phone: "5678912".into(),
            home_phone_prefix: "372".into(),
            email: "saadick.dhansay12@cloudmore.com".into(),
            address: AdministratorAddress {
                country_code: "EE".into(),
                ..Default::default()
            },
            mfa_option: MFA_SMS,
            generate_password: true,
            cell_phone: "53564558".into(),
            cell_phone_prefix: "372".into(),
            ..Default::default()
        }
    }

    #[test]
    fn emails() {
        for good in ["johndoe@testddd.com", "a.b+c@sub.example.org"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "john",
            "john@",
            "@x.com",
            "a@b",
            "a b@c.com",
            "a@@b.com",
            "a@b..com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn password_policy() {
        assert!(check_password("Secr3t!pw").is_ok());
        assert!(check_password("Sh0rt!").unwrap_err().contains("at least 8"));
        assert!(
            check_password("alllower1!")
                .unwrap_err()
                .contains("uppercase")
        );
        assert!(
            check_password("ALLUPPER1!")
                .unwrap_err()
                .contains("lowercase")
        );
        assert!(check_password("NoDigits!!").unwrap_err().contains("digit"));
        assert!(
            check_password("NoSymbol12")
                .unwrap_err()
                .contains("non-word")
        );
        assert!(
            check_password("Under_sc0re").is_err(),
            "underscore is a word character"
        );
    }

    #[test]
    fn digits_only() {
        assert!(is_digits("372"));
        assert!(!is_digits("+372"));
        assert!(!is_digits("37 2"));
        assert!(!is_digits(""));
    }

    #[test]
    fn seed_003_example_is_valid() {
        assert!(validate_administrator(&seed_003_admin(), true).is_ok());
    }

    #[test]
    fn administrator_rules_reject_each_bad_value() {
        type Breaker = Box<dyn Fn(&mut AdministratorInput)>;
        let cases: Vec<(&str, Breaker)> = vec![
            ("Name", Box::new(|a| a.name = "johndoe".into())),
            ("Name", Box::new(|a| a.name.clear())),
            ("FirstName", Box::new(|a| a.first_name.clear())),
            ("LastName", Box::new(|a| a.last_name.clear())),
            ("DisplayName", Box::new(|a| a.display_name.clear())),
            ("RoleId", Box::new(|a| a.role_id = 0)),
            ("Title", Box::new(|a| a.title.clear())),
            ("Email", Box::new(|a| a.email = "not-an-email".into())),
            (
                "Address.CountryCode",
                Box::new(|a| a.address.country_code.clear()),
            ),
            (
                "HomePhonePrefix",
                Box::new(|a| a.home_phone_prefix = "+372".into()),
            ),
            ("HomePhone", Box::new(|a| a.home_phone = "567-8912".into())),
            ("CellPhone", Box::new(|a| a.cell_phone.clear())),
            ("CellPhonePrefix", Box::new(|a| a.cell_phone_prefix.clear())),
            (
                "Password",
                Box::new(|a| {
                    a.generate_password = false;
                    a.password = Some("weak".into());
                }),
            ),
            ("Password", Box::new(|a| a.generate_password = false)),
        ];
        for (field, break_it) in cases {
            let mut admin = seed_003_admin();
            break_it(&mut admin);
            let v = validate_administrator(&admin, true);
            assert!(v.fields.first(field).is_some(), "{field}: {v:?}");
        }
    }

    #[test]
    fn email_mfa_does_not_need_a_cell_phone() {
        let mut admin = seed_003_admin();
        admin.mfa_option = MFA_EMAIL;
        admin.cell_phone.clear();
        admin.cell_phone_prefix.clear();
        assert!(validate_administrator(&admin, true).is_ok());
    }

    #[test]
    fn unknown_country_is_a_business_error() {
        let mut admin = seed_003_admin();
        admin.address.country_code = "XX".into();
        let v = validate_administrator(&admin, true);
        assert!(v.fields.is_empty());
        assert_eq!(
            v.business,
            vec![BusinessError::invalid_value("Invalid country code")]
        );
    }

    #[test]
    fn update_without_password_is_fine_but_a_weak_one_is_not() {
        let mut admin = seed_003_admin();
        admin.generate_password = false;
        assert!(validate_administrator(&admin, false).is_ok());
        admin.password = Some("weak".into());
        assert!(
            validate_administrator(&admin, false)
                .fields
                .first("Password")
                .is_some()
        );
    }

    #[test]
    fn organization_rules() {
        let mut org = OrganizationInput {
            name: "Acme".into(),
            ..Default::default()
        };
        assert!(validate_organization(&org).is_ok());
        org.name.clear();
        org.notification_email = "nope".into();
        org.contact.phone = "12a".into();
        let v = validate_organization(&org);
        assert_eq!(v.fields.first("Name"), Some("The Name field is required."));
        assert!(v.fields.first("NotificationEmail").is_some());
        assert_eq!(v.fields.first("Contact.Phone"), Some(PHONE_FORMAT_MESSAGE));
        org.name = "Acme".into();
        org.notification_email.clear();
        org.contact.phone.clear();
        org.primary_domain = "https://www.acme.com".into();
        assert_eq!(validate_organization(&org).business.len(), 1);
    }

    #[test]
    fn user_rules() {
        let mut user = UserInput {
            username: "ann@acme.com".into(),
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            email: "ann@acme.com".into(),
            generate_password: true,
            ..Default::default()
        };
        assert!(validate_user(&user, true).is_ok());
        user.username = "ann".into();
        user.generate_password = false;
        let v = validate_user(&user, true);
        assert!(v.fields.first("Username").is_some());
        assert!(v.fields.first("Password").is_some());
        assert!(
            validate_user(&user, false)
                .fields
                .first("Password")
                .is_none()
        );
    }

    #[test]
    fn every_phone_field_takes_digits_only_without_a_plus() {
        for field in [
            "HomePhonePrefix",
            "HomePhone",
            "CellPhonePrefix",
            "CellPhone",
        ] {
            for bad in ["+372", "53 56", "5-35", "abc", "３７２"] {
                let mut admin = seed_003_admin();
                match field {
                    "HomePhonePrefix" => admin.home_phone_prefix = bad.into(),
                    "HomePhone" => admin.home_phone = bad.into(),
                    "CellPhonePrefix" => admin.cell_phone_prefix = bad.into(),
                    _ => admin.cell_phone = bad.into(),
                }
                let v = validate_administrator(&admin, true);
                assert_eq!(
                    v.fields.first(field),
                    Some(PHONE_FORMAT_MESSAGE),
                    "{field} {bad}"
                );
            }
        }
        let mut admin = seed_003_admin();
        admin.home_phone_prefix.clear();
        admin.home_phone.clear();
        assert!(
            validate_administrator(&admin, true).is_ok(),
            "home phone is optional"
        );
    }

    #[test]
    fn sms_needs_both_cell_fields_and_mfa_is_email_or_sms() {
        let mut admin = seed_003_admin();
        admin.cell_phone.clear();
        admin.cell_phone_prefix.clear();
        let v = validate_administrator(&admin, true);
        assert_eq!(
            v.fields.first("CellPhone"),
            Some("The CellPhone field is required when MfaOption is SMS.")
        );
        assert!(v.fields.first("CellPhonePrefix").is_some());
        admin.mfa_option = 2;
        assert!(
            validate_administrator(&admin, true)
                .fields
                .first("MfaOption")
                .is_some()
        );
    }

    #[test]
    fn administrator_e_mails_and_passwords() {
        let mut admin = seed_003_admin();
        admin.email.clear();
        assert_eq!(
            validate_administrator(&admin, true).fields.first("Email"),
            Some("The Email field is required.")
        );
        admin = seed_003_admin();
        admin.generate_password = false;
        admin.password = Some("Secr3t!pw".into());
        assert!(validate_administrator(&admin, true).is_ok());
        admin.generate_password = true;
        admin.password = Some("weak".into());
        assert!(
            validate_administrator(&admin, true).is_ok(),
            "a generated password ignores the typed one"
        );
        admin = seed_003_admin();
        admin.generate_password = false;
        admin.password = Some("".into());
        assert!(
            validate_administrator(&admin, false).is_ok(),
            "update keeps it"
        );
        assert!(
            validate_administrator(&admin, true)
                .fields
                .first("Password")
                .is_some(),
            "create needs one"
        );
    }

    #[test]
    fn user_rules_field_by_field() {
        let good = UserInput {
            username: "ann@acme.com".into(),
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            email: "ann@acme.com".into(),
            phone_prefix: "46".into(),
            phone: "701234567".into(),
            password: Some("Str0ng!pass".into()),
            ..Default::default()
        };
        assert!(validate_user(&good, true).is_ok());
        type Breaker = fn(&mut UserInput);
        let cases: [(&str, Breaker); 8] = [
            ("Username", |u| u.username.clear()),
            ("FirstName", |u| u.first_name.clear()),
            ("LastName", |u| u.last_name = "  ".into()),
            ("Email", |u| u.email.clear()),
            ("Email", |u| u.email = "ann@acme".into()),
            ("PhonePrefix", |u| u.phone_prefix = "+46".into()),
            ("Phone", |u| u.phone = "70 123".into()),
            ("Password", |u| u.password = Some("Str0ngpass".into())),
        ];
        for (field, break_it) in cases {
            let mut user = good.clone();
            break_it(&mut user);
            let v = validate_user(&user, true);
            assert!(v.fields.first(field).is_some(), "{field}: {v:?}");
        }
        let mut update = good.clone();
        update.password = None;
        assert!(
            validate_user(&update, false).is_ok(),
            "update without password"
        );
    }
}
