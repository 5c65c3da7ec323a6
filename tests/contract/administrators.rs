//! Contract: reseller administrators (every seed 003 rule, passwords never returned) and the
//! reseller roles.

use crate::http::{Api, expect, expect_business, expect_field};
use crate::support::start;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::sandbox::Seed;

/// The create body of seed 003, verbatim.
fn seed_003_body() -> Value {
    json!({ "name": "johndoe@testddd.com", "firstName": "John", "lastName": "Doe",
        "displayName": "John Doe", "roleId": 24, "title": "Mr", "homePhone": "5678912",
        "homePhonePrefix": "372", "email": "saadick.dhansay12@cloudmore.com",
        "address": { "countryCode": "EE" }, "mfaOption": "1", "generatePassword": true,
        "cellPhone": "53564558", "cellPhonePrefix": "372" })
}

#[tokio::test]
async fn reseller_roles_are_seed_003s_list_in_order() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let roles = api.get_json("/ResellerRoles").await;
    assert_eq!(
        roles,
        json!([{ "id": 24, "name": "Global Admin" }, { "id": 3, "name": "Global Billing Admin" },
            { "id": 25, "name": "Global Support Admin" }, { "id": 2, "name": "Global View Only Admin" },
            { "id": 14, "name": "Key Account Manager" }, { "id": 26, "name": "Key Account View Only Manager" },
            { "id": 17, "name": "Limited Key Account Manager" }, { "id": 18, "name": "Sales Agent" },
            { "id": 1, "name": "Super Admin" }])
    );
}

#[tokio::test]
async fn administrator_crud_and_every_rule() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let path = "/ResellerAdministrators";

    // Seed 003's own error examples.
    let mut no_name = seed_003_body();
    no_name["name"] = json!("");
    no_name["email"] = json!("");
    let errors = expect_field(api.post(path, &no_name).await, "Name").await;
    assert_eq!(errors["Name"][0], "The Name field is required.");
    assert_eq!(errors["Email"][0], "The Email field is required.");
    let mut unknown_country = seed_003_body();
    unknown_country["address"]["countryCode"] = json!("XX");
    let body = expect(
        api.post(path, &unknown_country).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(
        body,
        json!([{"errorCode": 5, "errorName": "InvalidValue", "errorMessage": "Invalid country code"}])
    );

    type Break = fn(&mut Value);
    let field_cases: Vec<(&str, Break)> = vec![
        ("Name", |b| b["name"] = json!("johndoe")),
        ("Password", |b| {
            b["generatePassword"] = json!(false);
            b["password"] = json!("weakpass");
        }),
        ("Password", |b| b["generatePassword"] = json!(false)),
        ("HomePhonePrefix", |b| b["homePhonePrefix"] = json!("+372")),
        ("CellPhonePrefix", |b| b["cellPhonePrefix"] = json!("+372")),
        ("CellPhone", |b| b["cellPhone"] = json!("")),
        ("CellPhonePrefix", |b| b["cellPhonePrefix"] = json!("")),
        ("Address.CountryCode", |b| b["address"] = json!({})),
        ("Title", |b| b["title"] = json!("")),
        ("DisplayName", |b| b["displayName"] = json!("")),
        ("RoleId", |b| b["roleId"] = json!(0)),
        ("MfaOption", |b| b["mfaOption"] = json!(7)),
    ];
    for (field, break_it) in field_cases {
        let mut body = seed_003_body();
        break_it(&mut body);
        expect_field(api.post(path, &body).await, field).await;
    }
    let mut unknown_role = seed_003_body();
    unknown_role["roleId"] = json!(99);
    expect_business(api.post(path, &unknown_role).await, "Invalid role").await;
    assert_eq!(
        api.get_json(path).await,
        json!([]),
        "nothing invalid was stored"
    );

    // A valid create with an explicit password; it never comes back.
    let mut body = seed_003_body();
    body["generatePassword"] = json!(false);
    body["password"] = json!("Sup3r-Secret!pw");
    body["department"] = json!("Support");
    body["office"] = json!("Tallinn");
    body["company"] = json!("Northwind");
    body["azureAdId"] = json!("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    body["address"] = json!({"street": "Narva mnt 5", "postalCode": "10111", "city": "Tallinn", "countryCode": "EE"});
    let id = api.create(path, &body).await;
    expect_business(api.post(path, &body).await, "already exists").await;
    let one = format!("{path}/{id}");
    let admin = api.get_json(&one).await;
    for (key, value) in [
        ("name", json!("johndoe@testddd.com")),
        ("roleId", json!(24)),
        ("roleName", json!("Global Admin")),
        ("mfaOption", json!(1)),
        ("department", json!("Support")),
        ("office", json!("Tallinn")),
        ("company", json!("Northwind")),
        ("homePhonePrefix", json!("372")),
        ("azureAdId", json!("3f2504e0-4f89-11d3-9a0c-0305e82c3301")),
    ] {
        assert_eq!(admin[key], value, "{key}");
    }
    assert_eq!(admin["address"]["street"], "Narva mnt 5");
    assert!(admin["lastAccessedDate"].is_null());

    // Update without a password keeps working; a weak one is refused.
    let mut update = seed_003_body();
    update["generatePassword"] = json!(false);
    update["roleId"] = json!(18);
    expect(api.put(&one, &update).await, StatusCode::NO_CONTENT).await;
    assert_eq!(api.get_json(&one).await["roleName"], "Sales Agent");
    update["password"] = json!("weak");
    expect_field(api.put(&one, &update).await, "Password").await;

    for response in [api.get(path).await, api.get(&one).await] {
        let text = response.text().await.unwrap();
        assert!(
            !text.contains("Sup3r-Secret!pw") && !text.contains("\"password\""),
            "{text}"
        );
    }

    expect(api.delete(&one).await, StatusCode::NO_CONTENT).await;
    assert_eq!(api.get(&one).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.delete(&one).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.put(&one, &update).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demo_administrators_vary_and_stay_with_their_reseller() {
    let sandbox = start(Seed::Demo).await;
    let handle = &sandbox.handle;
    let main = Api::login(handle, &handle.resellers()[0]).await;
    let second = Api::login(handle, &handle.resellers()[1]).await;
    let admins = main.get_json("/ResellerAdministrators").await;
    let admins = admins.as_array().unwrap();
    assert!(admins.len() >= 8);
    let roles: std::collections::HashSet<i64> = admins
        .iter()
        .map(|a| a["roleId"].as_i64().unwrap())
        .collect();
    assert!(roles.len() >= 3, "varied roles: {roles:?}");
    assert!(admins.iter().all(|a| a.get("password").is_none()));
    let theirs = second.get_json("/ResellerAdministrators").await;
    let foreign = theirs[0]["id"].as_str().unwrap();
    assert_eq!(
        main.get(&format!("/ResellerAdministrators/{foreign}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        main.delete(&format!("/ResellerAdministrators/{foreign}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// Every bad value of seed 003's body, one at a time: the dictionary key and the exact message
/// the form shows for it too (both come from `domain::reseller::rules`).
#[tokio::test]
async fn each_bad_administrator_value_gets_its_key_and_message() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let path = "/ResellerAdministrators";
    let phone = "Phone number is not in valid format.";
    type Break = fn(&mut Value);
    let cases: Vec<(&str, Break, &str)> = vec![
        (
            "Name",
            |b| b["name"] = json!("johndoe"),
            "The Name field is not a valid e-mail address.",
        ),
        (
            "FirstName",
            |b| b["firstName"] = json!(""),
            "The FirstName field is required.",
        ),
        (
            "LastName",
            |b| b["lastName"] = json!(" "),
            "The LastName field is required.",
        ),
        (
            "DisplayName",
            |b| b["displayName"] = json!(""),
            "The DisplayName field is required.",
        ),
        (
            "Title",
            |b| b["title"] = json!(""),
            "The Title field is required.",
        ),
        (
            "Email",
            |b| b["email"] = json!("saadick"),
            "The Email field is not a valid e-mail address.",
        ),
        (
            "RoleId",
            |b| b["roleId"] = json!(0),
            "The RoleId field is required.",
        ),
        (
            "HomePhonePrefix",
            |b| b["homePhonePrefix"] = json!("+372"),
            phone,
        ),
        ("HomePhone", |b| b["homePhone"] = json!("567-8912"), phone),
        (
            "CellPhonePrefix",
            |b| b["cellPhonePrefix"] = json!("+372"),
            phone,
        ),
        ("CellPhone", |b| b["cellPhone"] = json!("5356 4558"), phone),
        (
            "CellPhone",
            |b| b["cellPhone"] = json!(""),
            "The CellPhone field is required when MfaOption is SMS.",
        ),
        (
            "CellPhonePrefix",
            |b| b["cellPhonePrefix"] = json!(""),
            "The CellPhonePrefix field is required when MfaOption is SMS.",
        ),
        (
            "Address.CountryCode",
            |b| b["address"]["countryCode"] = json!(""),
            "The Address.CountryCode field is required.",
        ),
        (
            "MfaOption",
            |b| b["mfaOption"] = json!(2),
            "The MfaOption field must be 0 (Email) or 1 (SMS).",
        ),
        (
            "Password",
            |b| b["generatePassword"] = json!(false),
            "The Password field is required.",
        ),
        (
            "Password",
            |b| {
                b["generatePassword"] = json!(false);
                b["password"] = json!("Sh0rt!");
            },
            "Password must be at least 8 characters.",
        ),
        (
            "Password",
            |b| {
                b["generatePassword"] = json!(false);
                b["password"] = json!("weakpass");
            },
            "Password must be at least 8 characters and contain an uppercase letter, a digit, a non-word character.",
        ),
        (
            "Password",
            |b| {
                b["generatePassword"] = json!(false);
                b["password"] = json!("Dear-DOE!2024");
            },
            "Password must not contain parts of the account name or the full name.",
        ),
        (
            "Password",
            |b| {
                b["generatePassword"] = json!(false);
                b["password"] = json!("x!JohnDoe7x");
            },
            "Password must not contain parts of the account name or the full name.",
        ),
    ];
    for (field, break_it, message) in cases {
        let mut body = seed_003_body();
        break_it(&mut body);
        let errors = expect_field(api.post(path, &body).await, field).await;
        assert_eq!(errors[field][0], message, "{field}: {errors}");
        assert_eq!(
            errors.as_object().unwrap().len(),
            1,
            "only {field}: {errors}"
        );
    }
    // Business rules: the errorCode list, never the dictionary.
    type BreakBusiness = (fn(&mut Value), &'static str);
    let business: Vec<BreakBusiness> = vec![
        (
            |b| b["address"]["countryCode"] = json!("XX"),
            "Invalid country code",
        ),
        (
            |b| b["address"]["countryCode"] = json!("ee"),
            "Invalid country code",
        ),
        (
            |b| b["address"]["countryCode"] = json!("EST"),
            "Invalid country code",
        ),
        (|b| b["roleId"] = json!(99), "Invalid role"),
    ];
    for (break_it, needle) in business {
        let mut body = seed_003_body();
        break_it(&mut body);
        expect_business(api.post(path, &body).await, needle).await;
    }
    // With an Email MFA the cell phone may be left out; the seed's own body is accepted.
    let mut email_mfa = seed_003_body();
    email_mfa["mfaOption"] = json!(0);
    email_mfa["cellPhone"] = json!("");
    email_mfa["cellPhonePrefix"] = json!("");
    api.create(path, &email_mfa).await;
    let mut seed = seed_003_body();
    seed["name"] = json!("janedoe@testddd.com");
    api.create(path, &seed).await;
}

#[tokio::test]
async fn the_api_account_is_listed_among_the_administrators() {
    {
        let sandbox = start(Seed::Demo).await;
        let handle = &sandbox.handle;
        let me = &handle.resellers()[0];
        let api = Api::login(handle, me).await;
        let admins = api.get_json("/ResellerAdministrators").await;
        let listed = admins
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"].as_str() == Some(me.username.as_str()))
            .unwrap_or_else(|| panic!("{} is not listed: {admins}", me.username));
        assert_eq!(listed["roleName"], "Global Admin", "{listed}");
        assert!(listed["lastAccessedDate"].is_string(), "{listed}");
        assert!(listed.get("password").is_none());
    }
}
