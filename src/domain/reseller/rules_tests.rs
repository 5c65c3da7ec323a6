//! Unit tests of the validation rules, with good and bad values (the seed 003 body among them).

use super::*;
use crate::domain::reseller::model::AdministratorAddress;

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

#[test]
fn name_parts_are_the_account_s_local_part_and_the_name_words_of_three_letters_or_more() {
    assert_eq!(
        name_parts("john.doe@testddd.com", &["John", "Doe", "Jo Li-Åström"]),
        ["doe", "john", "åström"],
        "the domain is not the person's; 'Jo' and 'Li' are too short"
    );
    assert!(name_parts("", &["", "Al"]).is_empty());
}

#[test]
fn a_password_holding_a_name_part_in_any_case_is_caught() {
    let names = ["John", "Doe", "John Doe"];
    for bad in ["MyJOHN!2024x", "xdOe#1234Y", "J0hn!johndoe"] {
        assert!(
            contains_name_part(bad, "johndoe@testddd.com", &names),
            "{bad}"
        );
    }
    assert!(contains_name_part("ÅSTRÖM!1a", "", &["Åström"]));
    for good in ["Secr3t!pw", "Jo!1abcdA", "Testddd!1X", "J-o-h-n!1a"] {
        assert!(
            !contains_name_part(good, "johndoe@testddd.com", &names),
            "{good}"
        );
    }
}

#[test]
fn users_and_administrators_may_not_use_their_names_in_a_password() {
    let user = UserInput {
        username: "ann@acme.com".into(),
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        email: "ann@acme.com".into(),
        password: Some("Leeway!2024".into()),
        ..Default::default()
    };
    let v = validate_user(&user, true);
    assert_eq!(
        v.fields.0.get("Password"),
        Some(&vec![PASSWORD_NAME_MESSAGE.to_string()]),
        "a strong password with the last name: only this rule"
    );
    let mut both = user.clone();
    both.password = Some("annanna".into());
    let messages = &validate_user(&both, true).fields.0["Password"];
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(messages[1], PASSWORD_NAME_MESSAGE);

    let mut admin = seed_003_admin();
    admin.generate_password = false;
    admin.password = Some("Doe-Secr3t!".into());
    for creating in [true, false] {
        assert_eq!(
            validate_administrator(&admin, creating)
                .fields
                .first("Password"),
            Some(PASSWORD_NAME_MESSAGE),
            "creating: {creating}"
        );
    }
    admin.generate_password = true;
    assert!(
        validate_administrator(&admin, true).is_ok(),
        "a generated password is the server's"
    );
}
