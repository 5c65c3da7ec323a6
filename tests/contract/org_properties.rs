//! Contract: organization custom properties (issue 15.4). The stand-in lists the broker's
//! definitions at `/settings/CustomProperties`, keeps the values an organization is created
//! or updated with (checked as the definitions say) and returns them on the detail; the
//! client reads both, and a read-modify-write keeps them.

use crate::fake::Fake;
use crate::http::{Api, expect, expect_business};
use crate::support::{client, start};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::api::{Mutation, Resource, ResourceData};
use tenantdeck::sandbox::Seed;

/// The definition named `name` among `defs`.
fn def<'a>(defs: &'a Value, name: &str) -> &'a Value {
    defs.as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {defs}"))
}

/// `propertyId → value` of an organization detail.
fn values(org: &Value) -> Vec<(String, String)> {
    org["customProperties"]
        .as_array()
        .expect("customProperties on the detail")
        .iter()
        .map(|p| {
            let text = |k: &str| p[k].as_str().unwrap().to_string();
            (text("name"), text("value"))
        })
        .collect()
}

#[tokio::test]
async fn definitions_are_listed_and_values_kept_checked_and_returned() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    // The inventory's route, matched without regard to case like every other.
    let defs = api.get_json("/settings/CustomProperties").await;
    assert_eq!(defs, api.get_json("/settings/customproperties").await);
    let tier = def(&defs, "Support tier");
    assert_eq!(tier["type"], "DropDown");
    assert_eq!(tier["mandatory"], true);
    assert_eq!(
        tier["allowedValues"],
        json!(["Standard", "Premium", "Enterprise"])
    );
    let (tier_id, seats_id, manager_id) = (
        tier["propertyId"].clone(),
        def(&defs, "Contracted seats")["propertyId"].clone(),
        def(&defs, "Account manager")["propertyId"].clone(),
    );

    let body = |props: Value| {
        json!({"name": "Prop Test AB", "address": {"countryCode": "SE"},
               "customProperties": props})
    };
    let id = api
        .create(
            "/Organizations",
            &body(json!([{"propertyId": manager_id, "value": "Jonas Ek"}])),
        )
        .await;
    let path = format!("/Organizations/{id}");
    let org = api.get_json(&path).await;
    let has = |org: &Value, name: &str, value: &str| {
        values(org).contains(&(name.to_string(), value.to_string()))
    };
    assert!(has(&org, "Account manager", "Jonas Ek"), "{org}");
    assert!(has(&org, "Support tier", "Standard"), "the default: {org}");
    assert!(
        has(&org, "Contracted seats", ""),
        "every definition is listed: {org}"
    );

    // An update changes what it sends and keeps what it leaves out.
    let changed = body(json!([{"propertyId": seats_id, "value": "25"},
                              {"propertyId": tier_id, "value": "Premium"}]));
    expect(api.put(&path, &changed).await, StatusCode::NO_CONTENT).await;
    let org = api.get_json(&path).await;
    assert!(has(&org, "Contracted seats", "25") && has(&org, "Support tier", "Premium"));
    assert!(has(&org, "Account manager", "Jonas Ek"), "{org}");
    let plain = json!({"name": "Prop Test AB", "address": {"countryCode": "SE"}});
    expect(api.put(&path, &plain).await, StatusCode::NO_CONTENT).await;
    assert_eq!(
        values(&api.get_json(&path).await),
        values(&org),
        "none sent, none lost"
    );

    // Checked as the definitions say: options, type, known ids.
    let refused = [
        (
            json!([{"propertyId": tier_id, "value": "Gold"}]),
            "Invalid value 'Gold'",
        ),
        (
            json!([{"propertyId": seats_id, "value": "many"}]),
            "a number is expected",
        ),
        (
            json!([{"propertyId": "nope", "value": "x"}]),
            "Unknown custom property",
        ),
    ];
    for (props, message) in refused {
        expect_business(api.put(&path, &body(props.clone())).await, message).await;
        expect_business(api.post("/Organizations", &body(props)).await, message).await;
    }
    assert_eq!(
        values(&api.get_json(&path).await),
        values(&org),
        "nothing refused was kept"
    );
    assert_eq!(
        api.get_json("/Organizations")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn the_client_reads_them_and_setting_active_keeps_them() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let client = client(&sandbox.handle);
    let ResourceData::PropertyDefinitions(defs) = client
        .fetch(&Resource::OrgPropertyDefinitions)
        .await
        .unwrap()
    else {
        panic!("definitions");
    };
    let tier = defs.iter().find(|d| d.name == "Support tier").unwrap();
    let body = json!({"name": "Keep AB", "address": {"countryCode": "SE"},
        "customProperties": [{"propertyId": tier.property_id, "value": "Enterprise"}]});
    let org = api.create("/Organizations", &body).await;
    let set_inactive = Mutation::SetOrganizationActive {
        org: org.clone(),
        name: "Keep AB".into(),
        active: false,
    };
    client.mutate(&set_inactive).await.unwrap();
    let ResourceData::Organization(read) =
        client.fetch(&Resource::Organization { org }).await.unwrap()
    else {
        panic!("organization");
    };
    assert!(!read.is_active);
    let value = read
        .custom_properties
        .iter()
        .find(|p| p.property_id == tier.property_id)
        .map(|p| p.value.as_str());
    assert_eq!(value, Some("Enterprise"));
}

/// A real server may send a value of another JSON kind, `null`, or a property the
/// definitions no longer have: the record still loads with all of them.
#[tokio::test]
async fn unknown_and_null_values_load() {
    let fake = Fake::start().await;
    let one = Resource::Organization { org: "o-1".into() };
    fake.serve(
        &one,
        &json!({"id": "o-1", "name": "Acme AB", "customProperties": [
            {"propertyId": "p-seats", "name": "Contracted seats", "value": 25},
            {"propertyId": "p-mail", "value": true},
            {"propertyId": "p-gone", "name": null, "value": null},
        ]}),
    );
    let ResourceData::Organization(org) = fake.client().fetch(&one).await.unwrap() else {
        panic!("organization");
    };
    let read: Vec<_> = org
        .custom_properties
        .iter()
        .map(|p| (p.property_id.as_str(), p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            ("p-seats", "Contracted seats", "25"),
            ("p-mail", "", "true"),
            ("p-gone", "", "")
        ]
    );
}
