//! Contract: organizations (list filter, CRUD, cascade), the E-store, both 400 shapes, malformed
//! bodies, reseller isolation, and the demo data the console's escaping tests rely on.

use crate::http::{Api, expect, expect_business, expect_field};
use crate::support::start;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::sandbox::Seed;

fn org_body(name: &str) -> Value {
    json!({
        "name": name,
        "customerNumber": "C-90001",
        "registrationNumber": "12345678",
        "vat": "EE123456789",
        "primaryDomain": "acme-test.ee",
        "notificationEmail": "billing@acme-test.ee",
        "isActive": true,
        "contact": {"name": "Ann Lee", "jobTitle": "CTO", "email": "ann@acme-test.ee",
                    "phonePrefix": "372", "phone": "5551234", "cellPhonePrefix": "372",
                    "cellPhone": "55512345"},
        "address": {"address": "Narva mnt 5", "postalCode": "10111", "city": "Tallinn",
                    "countryCode": "EE"}
    })
}

#[tokio::test]
async fn organization_crud_round_trip() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    assert_eq!(api.get_json("/Organizations").await, json!([]));

    let id = api
        .create("/Organizations", &org_body("Acme Test OÜ"))
        .await;
    let org = api.get_json(&format!("/Organizations/{id}")).await;
    assert_eq!(org["id"], id.as_str());
    assert_eq!(org["name"], "Acme Test OÜ");
    assert_eq!(org["address"]["address"], "Narva mnt 5");
    assert_eq!(org["contact"]["cellPhone"], "55512345");
    assert!(org["createdDate"].as_str().unwrap().ends_with('Z'));

    let list = api.get_json("/Organizations").await;
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["countryCode"], "EE");
    assert_eq!(list[0]["isActive"], true);

    let mut changed = org_body("Acme Renamed OÜ");
    changed["isActive"] = json!(false);
    expect(
        api.put(&format!("/Organizations/{id}"), &changed).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let org = api.get_json(&format!("/organizations/{id}")).await;
    assert_eq!(org["name"], "Acme Renamed OÜ");
    assert_eq!(
        api.get_json("/Organizations?showActive=true").await,
        json!([])
    );
    assert_eq!(
        api.get_json("/Organizations?showActive=false")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // An added service, a subscription and a user go with the organization.
    let service = api.get_json(&format!("/organizations/{id}/Estore")).await[9]["id"]
        .as_str()
        .unwrap()
        .to_string();
    api.create(
        &format!("/organizations/{id}/services"),
        &json!({"serviceId": service}),
    )
    .await;
    api.create(
        &format!("/organizations/{id}/Users"),
        &json!({"username": "u@acme-test.ee", "firstName": "U", "lastName": "Ser",
                "email": "u@acme-test.ee", "generatePassword": true, "roleId": 2}),
    )
    .await;
    expect(
        api.delete(&format!("/Organizations/{id}")).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    for path in [
        format!("/Organizations/{id}"),
        format!("/organizations/{id}/services"),
        format!("/organizations/{id}/Users"),
        format!("/organizations/{id}/Estore"),
    ] {
        assert_eq!(
            api.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        api.put(&format!("/Organizations/{id}"), &org_body("x"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.delete(&format!("/Organizations/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let defaulted = api
        .create("/Organizations", &json!({"name": "No Flag Ltd"}))
        .await;
    let shown = api.get_json(&format!("/Organizations/{defaulted}")).await;
    assert_eq!(
        shown["isActive"], true,
        "isActive defaults to true on create"
    );
    let unknown = api
        .get("/Organizations/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(unknown.text().await.unwrap().is_empty(), "404 has no body");
}

#[tokio::test]
async fn invalid_bodies_get_the_dictionary_or_the_business_list() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;

    let mut body = org_body("");
    body["contact"]["phone"] = json!("+372 555");
    let errors = expect_field(api.post("/Organizations", &body).await, "Name").await;
    assert_eq!(errors["Name"][0], "The Name field is required.");
    assert_eq!(
        errors["Contact.Phone"][0],
        "Phone number is not in valid format."
    );

    let mut body = org_body("Acme");
    body["address"]["countryCode"] = json!("XX");
    expect_business(
        api.post("/Organizations", &body).await,
        "Invalid country code",
    )
    .await;
    let mut body = org_body("Acme");
    body["primaryDomain"] = json!("https://www.acme.com");
    expect_business(api.post("/Organizations", &body).await, "Invalid domain").await;

    // Model errors win over business errors.
    let mut body = org_body("");
    body["address"]["countryCode"] = json!("XX");
    expect_field(api.post("/Organizations", &body).await, "Name").await;

    // Malformed and empty bodies: the dictionary under the model-level key "".
    let raw = |text: &'static str| {
        api.http
            .post(api.url("/Organizations"))
            .bearer_auth(&api.token)
            .header("Content-Type", "application/json")
            .body(text)
            .send()
    };
    expect_field(raw("{\"name\": ").await.unwrap(), "").await;
    expect_field(raw("").await.unwrap(), "").await;
    expect_field(raw("{\"isActive\": \"maybe\"}").await.unwrap(), "").await;
    let bad_query = api.get("/Organizations?showActive=perhaps").await;
    expect_field(bad_query, "showActive").await;
    assert_eq!(
        api.get_json("/Organizations").await,
        json!([]),
        "nothing was created"
    );
}

#[tokio::test]
async fn demo_data_is_realistic_isolated_and_has_hostile_strings() {
    let sandbox = start(Seed::Demo).await;
    let handle = &sandbox.handle;
    let main = Api::login(handle, &handle.resellers()[0]).await;
    let second = Api::login(handle, &handle.resellers()[1]).await;
    assert_eq!(
        handle.credentials().reseller_name,
        "Northwind Cloud Partners"
    );
    assert_eq!(handle.credentials().username, "admin@northwind.example");

    let all = main.get_json("/Organizations").await;
    let all = all.as_array().unwrap();
    assert!(all.len() >= 200, "{}", all.len());
    let active = main.get_json("/Organizations?showActive=true").await;
    let active = active.as_array().unwrap();
    assert!(active.iter().all(|o| o["isActive"] == true));
    assert!(active.len() < all.len() && active.len() > all.len() / 2);

    let names: Vec<&str> = all.iter().map(|o| o["name"].as_str().unwrap()).collect();
    for name in &names[..20] {
        assert!(
            name.chars()
                .all(|c| !c.is_control() && c.is_ascii() || c.is_alphabetic()),
            "first names are plain: {name:?}"
        );
    }
    assert!(
        names.iter().any(|n| n.contains("\u{1b}[31m")),
        "ANSI escape"
    );
    assert!(names.iter().any(|n| n.contains("\u{1b}]0;")), "OSC title");
    assert!(
        names.iter().any(|n| n.contains('\u{202e}')),
        "bidi override"
    );
    assert!(names.iter().any(|n| n.contains('東')), "wide CJK");

    let theirs = second.get_json("/Organizations").await;
    let theirs = theirs.as_array().unwrap();
    assert!(!theirs.is_empty() && theirs.len() < all.len());
    let foreign = theirs[0]["id"].as_str().unwrap();
    for path in [
        format!("/Organizations/{foreign}"),
        format!("/organizations/{foreign}/services"),
        format!("/organizations/{foreign}/Users"),
        format!("/organizations/{foreign}/Estore"),
        format!("/organizations/{foreign}/OrganizationRoles"),
    ] {
        assert_eq!(
            main.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        main.delete(&format!("/Organizations/{foreign}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        second
            .get(&format!("/Organizations/{foreign}"))
            .await
            .status(),
        StatusCode::OK
    );

    // Realistic details: a contact, an address in a real country, users with every kind of
    // lastAccessedDate.
    let detail = main
        .get_json(&format!(
            "/Organizations/{}",
            all[0]["id"].as_str().unwrap()
        ))
        .await;
    assert!(detail["contact"]["email"].as_str().unwrap().contains('@'));
    assert_eq!(detail["address"]["countryCode"].as_str().unwrap().len(), 2);
    let mut never = 0;
    let mut no_role = 0;
    for org in all.iter().take(25) {
        let users = main
            .get_json(&format!(
                "/organizations/{}/Users",
                org["id"].as_str().unwrap()
            ))
            .await;
        for user in users.as_array().unwrap() {
            never += usize::from(user["lastAccessedDate"].is_null());
            no_role += usize::from(user["roleId"].is_null());
        }
    }
    assert!(never > 0 && no_role > 0, "never={never} no_role={no_role}");
}

#[tokio::test]
async fn estore_lists_services_not_yet_added_with_details() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let org = api.create("/Organizations", &org_body("Estore Test")).await;
    let estore = api.get_json(&format!("/organizations/{org}/Estore")).await;
    let estore = estore.as_array().unwrap();
    assert!(estore.len() >= 30);
    let first = &estore[0];
    assert_eq!(first["name"], "Microsoft 365 Business Basic");
    assert_eq!(first["vendorName"], "Microsoft");
    assert_eq!(first["category"], "Productivity");
    let id = first["id"].as_str().unwrap();

    let detail = api
        .get_json(&format!("/organizations/{org}/Estore/{id}"))
        .await;
    assert_eq!(detail["category"]["name"], "Productivity");
    assert!(!detail["description"].as_str().unwrap().is_empty());
    let property = &detail["customProperties"][0];
    assert_eq!(property["name"], "Tenant domain");
    assert_eq!(property["mandatory"], true);
    assert_eq!(property["type"], "TextBox");

    let property_id = property["propertyId"].as_str().unwrap();
    api.create(
        &format!("/organizations/{org}/services"),
        &json!({"serviceId": id, "customProperties": [{"propertyId": property_id, "value": "estoretest.onmicrosoft.com"}]}),
    )
    .await;
    let after = api.get_json(&format!("/organizations/{org}/Estore")).await;
    assert_eq!(after.as_array().unwrap().len(), estore.len() - 1);
    assert!(after.as_array().unwrap().iter().all(|s| s["id"] != id));
    let missing = api
        .get(&format!(
            "/organizations/{org}/Estore/00000000-0000-4000-8000-000000000000"
        ))
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

/// Sends `body` as raw bytes to create an organization.
async fn post_raw(api: &Api, body: Vec<u8>) -> reqwest::Response {
    api.http
        .post(api.url("/Organizations"))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("an answer, not a closed connection")
}

#[tokio::test]
async fn deeply_nested_and_oversized_bodies_get_an_answer_in_the_dictionary_shape() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let depth = 500_000;
    let arrays = [vec![b'['; depth], vec![b']'; depth]].concat();
    let objects = ["{\"a\":".repeat(depth), "}".repeat(depth)]
        .concat()
        .into_bytes();
    for body in [arrays, objects] {
        let size = body.len();
        let response = post_raw(&api, body).await;
        let status = response.status();
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::PAYLOAD_TOO_LARGE,
            "{size} bytes: {status}"
        );
        let errors: Value = response.json().await.expect("a JSON answer");
        let message = errors[""][0].as_str().unwrap_or_default();
        assert!(
            message.contains("recursion limit") || message.contains("larger than 2 MiB"),
            "{errors}"
        );
    }
}
