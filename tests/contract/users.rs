//! Contract: organization users (validation, unique usernames, role ids, roleName) and the
//! organization roles.

use crate::http::{Api, expect, expect_business, expect_field};
use crate::support::start;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::sandbox::Seed;

fn user_body(username: &str) -> Value {
    json!({"username": username, "firstName": "Ann", "lastName": "Lee", "displayName": "Ann Lee",
           "email": username, "phonePrefix": "372", "phone": "5551234", "roleId": 1,
           "password": "Str0ng!pass"})
}

#[tokio::test]
async fn organization_users_crud_and_rules() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let org = api
        .create("/Organizations", &json!({"name": "Users Test Oy"}))
        .await;
    let users = format!("/organizations/{org}/Users");

    let roles = api
        .get_json(&format!("/organizations/{org}/OrganizationRoles"))
        .await;
    assert_eq!(
        roles,
        json!([{"id": 1, "name": "Organization Admin"}, {"id": 2, "name": "Organization User"}])
    );

    let id = api.create(&users, &user_body("ann@userstest.fi")).await;
    let user = api.get_json(&format!("{users}/{id}")).await;
    assert_eq!(user["username"], "ann@userstest.fi");
    assert_eq!(user["roleId"], 1);
    assert_eq!(user["roleName"], "Organization Admin");
    assert!(
        user["lastAccessedDate"].is_null(),
        "a new user never signed in"
    );
    assert!(user.get("password").is_none());

    expect_business(
        api.post(&users, &user_body("ANN@userstest.fi")).await,
        "already taken",
    )
    .await;
    let mut bad_role = user_body("bo@userstest.fi");
    bad_role["roleId"] = json!(24);
    expect_business(api.post(&users, &bad_role).await, "Invalid role").await;
    let mut weak = user_body("bo@userstest.fi");
    weak["password"] = json!("weak");
    expect_field(api.post(&users, &weak).await, "Password").await;
    let mut no_email = user_body("bo@userstest.fi");
    no_email["email"] = json!("");
    no_email["username"] = json!("bo");
    let errors = expect_field(api.post(&users, &no_email).await, "Email").await;
    assert!(errors.get("Username").is_some());

    let mut changed = user_body("ann@userstest.fi");
    changed["roleId"] = Value::Null;
    changed["password"] = Value::Null;
    changed["lastName"] = json!("Lindqvist");
    expect(
        api.put(&format!("{users}/{id}"), &changed).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let user = api.get_json(&format!("{users}/{id}")).await;
    assert!(user["roleId"].is_null());
    assert_eq!(user["roleName"], "");
    assert_eq!(user["lastName"], "Lindqvist");
    assert_eq!(api.get_json(&users).await.as_array().unwrap().len(), 1);

    expect(
        api.delete(&format!("{users}/{id}")).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(
        api.get(&format!("{users}/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.delete(&format!("{users}/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.put(&format!("{users}/{id}"), &changed).await.status(),
        StatusCode::NOT_FOUND
    );
}

/// Each bad user value on create: the dictionary key and message; a generated password needs
/// none typed.
#[tokio::test]
async fn each_bad_user_value_gets_its_key_and_message() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let org = api
        .create("/Organizations", &json!({"name": "Rules Oy"}))
        .await;
    let users = format!("/organizations/{org}/Users");
    let phone = "Phone number is not in valid format.";
    type Break = fn(&mut Value);
    let cases: Vec<(&str, Break, &str)> = vec![
        (
            "Username",
            |b| b["username"] = json!("ann"),
            "The Username field is not a valid e-mail address.",
        ),
        (
            "Username",
            |b| b["username"] = json!(""),
            "The Username field is required.",
        ),
        (
            "FirstName",
            |b| b["firstName"] = json!(""),
            "The FirstName field is required.",
        ),
        (
            "LastName",
            |b| b["lastName"] = json!(""),
            "The LastName field is required.",
        ),
        (
            "Email",
            |b| b["email"] = json!(""),
            "The Email field is required.",
        ),
        (
            "Email",
            |b| b["email"] = json!("ann@"),
            "The Email field is not a valid e-mail address.",
        ),
        ("PhonePrefix", |b| b["phonePrefix"] = json!("+372"), phone),
        ("Phone", |b| b["phone"] = json!("555 1234"), phone),
        (
            "Password",
            |b| b["password"] = Value::Null,
            "The Password field is required.",
        ),
        (
            "Password",
            |b| b["password"] = json!("weakpass"),
            "Password must be at least 8 characters and contain an uppercase letter, a digit, a non-word character.",
        ),
        (
            "Password",
            |b| b["password"] = json!("Leeway!2024"),
            "Password must not contain parts of the account name or the full name.",
        ),
        (
            "Password",
            |b| b["password"] = json!("Hosanna!2024"),
            "Password must not contain parts of the account name or the full name.",
        ),
    ];
    for (field, break_it, message) in cases {
        let mut body = user_body("ann@rules.fi");
        break_it(&mut body);
        let errors = expect_field(api.post(&users, &body).await, field).await;
        assert_eq!(errors[field][0], message, "{field}: {errors}");
    }
    let mut generated = user_body("gen@rules.fi");
    generated["password"] = Value::Null;
    generated["generatePassword"] = json!(true);
    generated["roleId"] = json!(2);
    let id = api.create(&users, &generated).await;
    let user = api.get_json(&format!("{users}/{id}")).await;
    assert_eq!(user["roleName"], "Organization User");
}
