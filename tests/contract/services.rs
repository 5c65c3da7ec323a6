//! Contract: organization services (custom properties, PUT/PATCH, products), subscriptions
//! (limits, cancel keeps them listed) and subscription users (the role-before-assignment rule).

use crate::http::{Api, expect, expect_business, expect_field};
use crate::support::start;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::api::Mutation;
use tenantdeck::domain::CustomPropertySet;
use tenantdeck::sandbox::Seed;

/// An organization with one user holding a role and one without, plus the E-store.
struct Fixture {
    api: Api,
    org: String,
    estore: Vec<Value>,
    with_role: String,
    without_role: String,
}

async fn fixture(api: Api) -> Fixture {
    let org = api
        .create(
            "/Organizations",
            &json!({"name": "Service Test AB", "isActive": true}),
        )
        .await;
    let user = |name: &str, role: Value| {
        json!({"username": format!("{name}@servicetest.se"), "firstName": name, "lastName": "Test",
               "email": format!("{name}@servicetest.se"), "generatePassword": true, "roleId": role})
    };
    let with_role = api
        .create(
            &format!("/organizations/{org}/Users"),
            &user("anna", json!(2)),
        )
        .await;
    let without_role = api
        .create(
            &format!("/organizations/{org}/Users"),
            &user("bo", Value::Null),
        )
        .await;
    let estore = api.get_json(&format!("/organizations/{org}/Estore")).await;
    Fixture {
        api,
        org,
        estore: estore.as_array().unwrap().clone(),
        with_role,
        without_role,
    }
}

impl Fixture {
    /// The id of the first custom property the E-store lists for `service`.
    async fn first_property(&self, service: &str) -> String {
        let detail = self
            .api
            .get_json(&format!("/organizations/{}/Estore/{service}", self.org))
            .await;
        detail["customProperties"][0]["propertyId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn service_named(&self, name: &str) -> String {
        self.estore
            .iter()
            .find(|s| s["name"] == name)
            .and_then(|s| s["id"].as_str())
            .unwrap_or_else(|| panic!("{name} in the E-store"))
            .to_string()
    }
}

#[tokio::test]
async fn services_properties_and_products() {
    let sandbox = start(Seed::Empty).await;
    let f = fixture(Api::login(&sandbox.handle, sandbox.handle.credentials()).await).await;
    let api = &f.api;
    let services = format!("/organizations/{}/services", f.org);
    let m365 = f.service_named("Microsoft 365 Business Basic");
    let tenant = f.first_property(&m365).await;

    // A mandatory property without a value is a field error named after the property.
    let missing = api.post(&services, &json!({"serviceId": m365})).await;
    let errors = expect_field(missing, "CustomProperties[Tenant domain]").await;
    assert_eq!(
        errors["CustomProperties[Tenant domain]"][0],
        "The Tenant domain field is required."
    );
    let unknown_property = json!({"serviceId": m365, "customProperties": [
        {"propertyId": tenant, "value": "x.onmicrosoft.com"}, {"propertyId": "nope", "value": "1"}]});
    expect_business(
        api.post(&services, &unknown_property).await,
        "Unknown custom property",
    )
    .await;
    let unknown_service = json!({"serviceId": "00000000-0000-4000-8000-000000000000"});
    expect_business(
        api.post(&services, &unknown_service).await,
        "not in the E-store",
    )
    .await;
    expect_field(api.post(&services, &json!({})).await, "ServiceId").await;

    let body = json!({"serviceId": m365, "customProperties": [{"propertyId": tenant, "value": "svc.onmicrosoft.com"}]});
    let id = api.create(&services, &body).await;
    assert_eq!(
        id, m365,
        "the organization service is named by the service id"
    );
    expect_business(api.post(&services, &body).await, "already added").await;

    let one = format!("{services}/{m365}");
    let shown = api.get_json(&one).await;
    assert_eq!(shown["name"], "Microsoft 365 Business Basic");
    assert_eq!(shown["status"], "Active");
    assert_eq!(shown["customProperties"][0]["name"], "Tenant domain");
    assert_eq!(shown["customProperties"][0]["value"], "svc.onmicrosoft.com");
    assert_eq!(api.get_json(&services).await.as_array().unwrap().len(), 1);

    let put = json!({"note": "Migrated from on-prem", "customProperties": [{"propertyId": tenant, "value": "new.onmicrosoft.com"}]});
    expect(api.put(&one, &put).await, StatusCode::NO_CONTENT).await;
    let patch = json!([{"propertyId": tenant, "value": "patched.onmicrosoft.com"}]);
    expect(api.patch(&one, &patch).await, StatusCode::NO_CONTENT).await;
    let shown = api.get_json(&one).await;
    assert_eq!(
        shown["note"], "Migrated from on-prem",
        "PATCH keeps the note"
    );
    assert_eq!(
        shown["customProperties"][0]["value"],
        "patched.onmicrosoft.com"
    );
    let cleared = json!([{"propertyId": tenant, "value": ""}]);
    expect_field(
        api.patch(&one, &cleared).await,
        "CustomProperties[Tenant domain]",
    )
    .await;

    // Drop-down properties only take their allowed values; defaults fill unset ones.
    let acronis = f.service_named("Acronis Cyber Protect Cloud");
    let acronis_detail = api
        .get_json(&format!("/organizations/{}/Estore/{acronis}", f.org))
        .await;
    let dc = acronis_detail["customProperties"][0]["propertyId"]
        .as_str()
        .unwrap();
    let bad =
        json!({"serviceId": acronis, "customProperties": [{"propertyId": dc, "value": "Mars"}]});
    expect_business(api.post(&services, &bad).await, "allowed values").await;
    api.create(&services, &json!({"serviceId": acronis})).await;
    let shown = api.get_json(&format!("{services}/{acronis}")).await;
    assert_eq!(shown["customProperties"][0]["value"], "EU (Frankfurt)");

    let products = api.get_json(&format!("{one}/products")).await;
    let products = products.as_array().unwrap();
    assert!((1..=4).contains(&products.len()));
    for key in [
        "id",
        "name",
        "sku",
        "billingFrequency",
        "price",
        "currency",
        "minQuantity",
        "maxQuantity",
    ] {
        assert!(!products[0][key].is_null(), "{key}");
    }

    expect(api.delete(&one).await, StatusCode::NO_CONTENT).await;
    assert_eq!(api.get(&one).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        api.get(&format!("{one}/products")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(api.delete(&one).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.put(&one, &put).await.status(), StatusCode::NOT_FOUND);
}

/// Issue 15.1: research (S2) names `OrganizationServiceUpdateViewModel` as the PATCH body; the
/// bare list the stand-in took first is still served, and the client sends the object.
#[tokio::test]
async fn patch_takes_the_documented_object_and_the_bare_list_alike() {
    let sandbox = start(Seed::Empty).await;
    let f = fixture(Api::login(&sandbox.handle, sandbox.handle.credentials()).await).await;
    let api = &f.api;
    let m365 = f.service_named("Microsoft 365 Business Basic");
    let tenant = f.first_property(&m365).await;
    let values = |value: &str| json!([{"propertyId": tenant, "value": value}]);
    let services = format!("/organizations/{}/services", f.org);
    let body = json!({"serviceId": m365, "customProperties": values("first.onmicrosoft.com")});
    api.create(&services, &body).await;
    let one = format!("{services}/{m365}");
    let put = json!({"note": "Keep me", "customProperties": []});
    expect(api.put(&one, &put).await, StatusCode::NO_CONTENT).await;
    let value_of = |shown: &Value| shown["customProperties"][0]["value"].clone();

    let object = json!({"note": "Not a PATCH's business", "customProperties": values("object.onmicrosoft.com")});
    expect(api.patch(&one, &object).await, StatusCode::NO_CONTENT).await;
    let by_object = api.get_json(&one).await;
    assert_eq!(value_of(&by_object), "object.onmicrosoft.com");
    assert_eq!(
        by_object["note"], "Keep me",
        "a PATCH changes property data only"
    );
    assert_eq!(sandbox.handle.bare_property_patches(), 0);

    let bare = values("bare.onmicrosoft.com");
    expect(api.patch(&one, &bare).await, StatusCode::NO_CONTENT).await;
    assert_eq!(value_of(&api.get_json(&one).await), "bare.onmicrosoft.com");
    let bare_again = values("object.onmicrosoft.com");
    expect(api.patch(&one, &bare_again).await, StatusCode::NO_CONTENT).await;
    assert_eq!(
        api.get_json(&one).await,
        by_object,
        "the bare list stores what the object did"
    );
    assert_eq!(sandbox.handle.bare_property_patches(), 2);
    let cleared = json!({"customProperties": values("")});
    expect_field(
        api.patch(&one, &cleared).await,
        "CustomProperties[Tenant domain]",
    )
    .await;
    for malformed in [
        json!({"customProperties": 5}),
        json!([{"value": []}]),
        json!("x"),
    ] {
        let errors = expect_field(api.patch(&one, &malformed).await, "").await;
        assert!(
            errors[""][0]
                .as_str()
                .unwrap()
                .starts_with("Invalid JSON body"),
            "{errors}"
        );
    }

    let client = crate::support::client(&sandbox.handle);
    let patch = Mutation::PatchServiceProperties {
        org: f.org.clone(),
        service: m365.clone(),
        properties: vec![CustomPropertySet {
            property_id: tenant.clone(),
            value: "client.onmicrosoft.com".into(),
        }],
    };
    client.mutate(&patch).await.expect("the client's PATCH");
    assert_eq!(
        value_of(&api.get_json(&one).await),
        "client.onmicrosoft.com"
    );
    assert_eq!(
        sandbox.handle.bare_property_patches(),
        2,
        "the client sent the object, not the bare list"
    );
}

/// Issue 15.2: only services marked user-assigned take users (research §3.5, S5); the others
/// refuse with a business error, as the other assignment rules do.
#[tokio::test]
async fn a_service_not_marked_user_assigned_takes_no_users() {
    let sandbox = start(Seed::Empty).await;
    let f = fixture(Api::login(&sandbox.handle, sandbox.handle.credentials()).await).await;
    let api = &f.api;
    let acronis = f.service_named("Acronis Cyber Protect Cloud");
    let estore = format!("/organizations/{}/Estore/{acronis}", f.org);
    assert_eq!(api.get_json(&estore).await["userAssigned"], false);
    let service = format!("/organizations/{}/services/{acronis}", f.org);
    api.create(
        &format!("/organizations/{}/services", f.org),
        &json!({"serviceId": acronis}),
    )
    .await;
    assert_eq!(api.get_json(&service).await["userAssigned"], false);
    let products = api.get_json(&format!("{service}/products")).await;
    let product = &products[0];
    let order = json!({"productId": product["id"], "quantity": product["minQuantity"]});
    let sub = api
        .create(&format!("{service}/subscriptions"), &order)
        .await;
    let users = format!("{service}/subscriptions/{sub}/users");

    expect_business(
        api.post(&users, &json!({"userId": f.with_role})).await,
        "Acronis Cyber Protect Cloud is not a user-assigned service; users cannot be assigned to its subscriptions.",
    )
    .await;
    assert_eq!(api.get_json(&users).await, json!([]), "nobody was assigned");
}

#[tokio::test]
async fn subscriptions_and_their_users() {
    let sandbox = start(Seed::Empty).await;
    let f = fixture(Api::login(&sandbox.handle, sandbox.handle.credentials()).await).await;
    let api = &f.api;
    let dropbox = f.service_named("Dropbox Business Standard");
    let service = format!("/organizations/{}/services/{dropbox}", f.org);
    api.create(
        &format!("/organizations/{}/services", f.org),
        &json!({"serviceId": dropbox}),
    )
    .await;
    let products = api.get_json(&format!("{service}/products")).await;
    let product = &products[0];
    let (min, max) = (
        product["minQuantity"].as_i64().unwrap(),
        product["maxQuantity"].as_i64().unwrap(),
    );
    let product_id = product["id"].as_str().unwrap();
    let subs = format!("{service}/subscriptions");

    expect_field(
        api.post(&subs, &json!({"productId": product_id, "quantity": 0}))
            .await,
        "Quantity",
    )
    .await;
    expect_business(
        api.post(
            &subs,
            &json!({"productId": product_id, "quantity": max + 1}),
        )
        .await,
        "outside",
    )
    .await;
    expect_business(
        api.post(
            &subs,
            &json!({"productId": "no-such-product", "quantity": min}),
        )
        .await,
        "not a product",
    )
    .await;
    expect_field(
        api.post(&subs, &json!({"quantity": min})).await,
        "ProductId",
    )
    .await;

    let sub = api
        .create(&subs, &json!({"productId": product_id, "quantity": min}))
        .await;
    let one = format!("{subs}/{sub}");
    let shown = api.get_json(&one).await;
    assert_eq!(shown["status"], "Active");
    assert_eq!(shown["quantity"], min);
    assert_eq!(shown["productName"], product["name"]);
    assert!(shown["cancelledDate"].is_null());
    expect(
        api.put(&one, &json!({"quantity": min + 1})).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(api.get_json(&one).await["quantity"], min + 1);
    expect_business(
        api.put(&one, &json!({"quantity": max + 1})).await,
        "outside",
    )
    .await;

    // Users: must exist, must have a role, not twice.
    let users = format!("{one}/users");
    expect_business(
        api.post(&users, &json!({"userId": f.without_role})).await,
        "User has no role; assign a role before adding the user to a subscription",
    )
    .await;
    expect_business(
        api.post(
            &users,
            &json!({"userId": "00000000-0000-4000-8000-000000000000"}),
        )
        .await,
        "does not exist",
    )
    .await;
    let assigned = api
        .create(
            &users,
            &json!({"userId": f.with_role, "externalUserId": "ext-1"}),
        )
        .await;
    assert_eq!(assigned, f.with_role);
    expect_business(
        api.post(&users, &json!({"userId": f.with_role})).await,
        "already assigned",
    )
    .await;
    let listed = api.get_json(&users).await;
    assert_eq!(listed[0]["userId"], f.with_role.as_str());
    assert_eq!(listed[0]["username"], "anna@servicetest.se");
    assert_eq!(listed[0]["externalUserId"], "ext-1");

    expect(
        api.put(
            &users,
            &json!({"userId": f.with_role, "externalUserId": "ext-2"}),
        )
        .await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(
        api.get_json(&format!("{users}/{}", f.with_role)).await["externalUserId"],
        "ext-2"
    );
    let not_assigned = api
        .put(
            &users,
            &json!({"userId": f.without_role, "externalUserId": "x"}),
        )
        .await;
    assert_eq!(not_assigned.status(), StatusCode::NOT_FOUND);

    // Giving the user a role makes the assignment possible.
    let user_path = format!("/organizations/{}/Users/{}", f.org, f.without_role);
    let mut user = api.get_json(&user_path).await;
    user["roleId"] = json!(1);
    expect(api.put(&user_path, &user).await, StatusCode::NO_CONTENT).await;
    api.create(&users, &json!({"userId": f.without_role})).await;
    expect(
        api.delete(&format!("{users}/{}", f.without_role)).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(
        api.delete(&format!("{users}/{}", f.without_role))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(api.get_json(&users).await.as_array().unwrap().len(), 1);

    // Cancel: 204, still listed, status Cancelled with a date; then frozen.
    expect(api.delete(&one).await, StatusCode::NO_CONTENT).await;
    let list = api.get_json(&subs).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["status"], "Cancelled");
    assert!(list[0]["cancelledDate"].as_str().unwrap().ends_with('Z'));
    expect_business(api.put(&one, &json!({"quantity": min})).await, "cancelled").await;
    expect_business(
        api.post(&users, &json!({"userId": f.with_role})).await,
        "cancelled",
    )
    .await;
    expect_business(api.delete(&one).await, "cancelled").await;

    // Deleting a user removes its assignments; removing the service removes subscriptions.
    let second = api
        .create(&subs, &json!({"productId": product_id, "quantity": min}))
        .await;
    let second_users = format!("{subs}/{second}/users");
    api.create(&second_users, &json!({"userId": f.with_role}))
        .await;
    expect(
        api.delete(&format!("/organizations/{}/Users/{}", f.org, f.with_role))
            .await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(api.get_json(&second_users).await, json!([]));
    expect(api.delete(&service).await, StatusCode::NO_CONTENT).await;
    assert_eq!(api.get(&subs).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        api.get(&format!("{subs}/{second}")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn demo_subscriptions_include_cancelled_ones_and_assigned_users() {
    let sandbox = start(Seed::Demo).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let orgs = api.get_json("/Organizations").await;
    let (mut cancelled, mut assigned, mut services) = (0, 0, 0);
    for org in orgs.as_array().unwrap().iter().take(40) {
        let org = org["id"].as_str().unwrap();
        for service in api
            .get_json(&format!("/organizations/{org}/services"))
            .await
            .as_array()
            .unwrap()
        {
            services += 1;
            let base = format!(
                "/organizations/{org}/services/{}/subscriptions",
                service["id"].as_str().unwrap()
            );
            for sub in api.get_json(&base).await.as_array().unwrap() {
                if sub["status"] == "Cancelled" {
                    cancelled += 1;
                    assert!(sub["cancelledDate"].is_string());
                }
                let users = api
                    .get_json(&format!("{base}/{}/users", sub["id"].as_str().unwrap()))
                    .await;
                assigned += users.as_array().unwrap().len();
            }
        }
    }
    assert!(
        services > 20 && cancelled > 0 && assigned > 0,
        "{services} {cancelled} {assigned}"
    );
}
