//! The client reads what real servers send: `null` for any field, numbers as text and text as
//! numbers, unknown fields, and lists with a row it cannot read. Payloads come from the seed
//! documents verbatim (tests/fixtures) and from a fake server (tests/support/fake.rs).

use crate::fake::Fake;
use crate::http;
use crate::support;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use tenantdeck::api::{ApiError, Mutation, Resource, ResourceData};
use tenantdeck::domain::*;
use tenantdeck::providers::cloudmore::routes::resource_path;

#[tokio::test]
async fn one_null_customer_number_does_not_fail_the_organizations() {
    let fake = Fake::start().await;
    fake.serve(
        &Resource::Organizations,
        &json!([
            {"id": "o-1", "name": "Acme AB", "customerNumber": "C-1", "isActive": true},
            {"id": "o-2", "name": "Null Oy", "customerNumber": null, "isActive": true},
        ]),
    );
    let data = fake.client().fetch(&Resource::Organizations).await.unwrap();
    let ResourceData::Organizations(orgs) = data else {
        panic!("organizations, got {data:?}");
    };
    assert_eq!(orgs.len(), 2);
    assert_eq!(orgs[1].name, "Null Oy");
    assert_eq!(orgs[1].customer_number, "");
}

/// Issue 15.7: no example of the organization models is public, so the names research offers
/// beside ours (`domain`, `active`, the country in `address`) must load as well.
#[tokio::test]
async fn organizations_spelled_as_research_allows_load() {
    let fake = Fake::start().await;
    let other = json!({"id": "o-1", "name": "Acme AB", "domain": "acme.se", "active": true,
                       "address": {"countryCode": "SE"}});
    let ours = json!({"id": "o-2", "name": "Beta Oy", "primaryDomain": "beta.fi",
                      "isActive": false, "countryCode": "FI", "address": {"countryCode": "SE"}});
    // serde takes one spelling per field: a row with both is a duplicate (ASSUMPTIONS says so).
    let both =
        json!({"id": "o-3", "name": "Both AS", "primaryDomain": "both.no", "domain": "x.no"});
    fake.serve(&Resource::Organizations, &json!([other, ours, both]));
    let one = Resource::Organization { org: "o-1".into() };
    fake.serve(&one, &other);
    let client = fake.client();
    let read = client.read(&Resource::Organizations).await.unwrap();
    assert_eq!(read.skipped, 1, "the row with both spellings");
    let ResourceData::Organizations(orgs) = read.data else {
        panic!("organizations");
    };
    assert_eq!(orgs.len(), 2);
    let shown = |o: &OrganizationSummary| {
        (
            o.primary_domain.clone(),
            o.is_active,
            o.country().to_string(),
        )
    };
    assert_eq!(shown(&orgs[0]), ("acme.se".into(), true, "SE".into()));
    assert_eq!(
        shown(&orgs[1]),
        ("beta.fi".into(), false, "FI".into()),
        "the row's own country comes first"
    );
    let ResourceData::Organization(detail) = client.fetch(&one).await.unwrap() else {
        panic!("organization");
    };
    assert_eq!(
        (detail.primary_domain.as_str(), detail.is_active),
        ("acme.se", true)
    );
}

#[tokio::test]
async fn an_administrator_with_mfa_option_as_text_decodes() {
    let fake = Fake::start().await;
    let seed: Value =
        serde_json::from_str(include_str!("../fixtures/seed_003_administrator.json")).unwrap();
    let mut admin = seed.clone();
    admin["id"] = json!("a-1");
    fake.serve(&Resource::Administrators, &json!([admin]));
    fake.serve(&Resource::Administrator { id: "a-1".into() }, &admin);
    let client = fake.client();
    let data = client.fetch(&Resource::Administrators).await.unwrap();
    let ResourceData::Administrators(admins) = data else {
        panic!("administrators, got {data:?}");
    };
    assert_eq!(admins.len(), 1);
    assert_eq!((admins[0].role_id, admins[0].mfa_option), (24, MFA_SMS));
    let data = client
        .fetch(&Resource::Administrator { id: "a-1".into() })
        .await
        .unwrap();
    let ResourceData::Administrator(one) = data else {
        panic!("administrator, got {data:?}");
    };
    assert_eq!(one, admins[0]);
    assert_eq!(one.address.country_code, "EE");
}

#[tokio::test]
async fn seed_003_examples_decode_verbatim() {
    let fake = Fake::start().await;
    let roles = include_str!("../fixtures/seed_003_reseller_roles.json");
    fake.answer(Method::GET, &["ResellerRoles"], StatusCode::OK, roles);
    let admin = include_str!("../fixtures/seed_003_administrator.json");
    fake.answer(
        Method::GET,
        &["ResellerAdministrators", "a-1"],
        StatusCode::OK,
        admin,
    );
    let client = fake.client();

    let ResourceData::Roles(roles) = client.fetch(&Resource::ResellerRoles).await.unwrap() else {
        panic!("roles");
    };
    assert_eq!(roles.len(), 9);
    assert_eq!((roles[0].id, roles[0].name.as_str()), (24, "Global Admin"));
    assert_eq!((roles[8].id, roles[8].name.as_str()), (1, "Super Admin"));

    let admin = Resource::Administrator { id: "a-1".into() };
    let ResourceData::Administrator(admin) = client.fetch(&admin).await.unwrap() else {
        panic!("administrator");
    };
    assert_eq!(admin.name, "johndoe@testddd.com");
    assert_eq!((admin.role_id, admin.mfa_option), (24, MFA_SMS));
    assert_eq!(admin.cell_phone_prefix, "372");

    // Both documented 400 bodies of a create, as the client reads them.
    let create = Mutation::CreateAdministrator(Box::default());
    let path = ["ResellerAdministrators"];
    let fields = include_str!("../fixtures/seed_003_error_fields.json");
    fake.answer(Method::POST, &path, StatusCode::BAD_REQUEST, fields);
    let Err(ApiError::Fields(fields)) = client.mutate(&create).await else {
        panic!("field errors");
    };
    assert_eq!(fields.first("Name"), Some("The Name field is required."));
    assert_eq!(fields.first("Email"), Some("The Email field is required."));
    let business = include_str!("../fixtures/seed_003_error_business.json");
    fake.answer(Method::POST, &path, StatusCode::BAD_REQUEST, business);
    assert_eq!(
        client.mutate(&create).await,
        Err(ApiError::Business(vec![BusinessError::invalid_value(
            "Invalid country code"
        )]))
    );
}

/// Every model the client reads, with default values, keyed by where it is read from; with
/// `nested`, each list inside a record holds one (default) element too.
fn every_model(nested: bool) -> Vec<(Resource, ResourceData)> {
    use Resource as R;
    use ResourceData as D;
    let (org, service) = (|| "o".to_string(), || "s".to_string());
    let count = usize::from(nested);
    let org_service = OrganizationService {
        custom_properties: vec![CustomPropertyValue::default(); count],
        ..Default::default()
    };
    let detail = EstoreServiceDetail {
        custom_properties: vec![
            CustomPropertyDefinition {
                allowed_values: vec![String::new()],
                ..Default::default()
            };
            count
        ],
        ..Default::default()
    };
    vec![
        (R::Organizations, D::Organizations(vec![Default::default()])),
        (
            R::Organization { org: org() },
            D::Organization(Default::default()),
        ),
        (
            R::Estore { org: org() },
            D::Estore(vec![Default::default()]),
        ),
        (
            R::EstoreDetail {
                org: org(),
                service: service(),
            },
            D::EstoreDetail(detail),
        ),
        (
            R::OrgServices { org: org() },
            D::OrgServices(vec![org_service.clone()]),
        ),
        (
            R::OrgService {
                org: org(),
                service: service(),
            },
            D::OrgService(org_service),
        ),
        (
            R::Products {
                org: org(),
                service: service(),
            },
            D::Products(vec![Default::default()]),
        ),
        (
            R::Subscriptions {
                org: org(),
                service: service(),
            },
            D::Subscriptions(vec![Default::default()]),
        ),
        (
            R::Subscription {
                org: org(),
                service: service(),
                subscription: "x".into(),
            },
            D::Subscription(Default::default()),
        ),
        (
            R::SubscriptionHistory {
                org: org(),
                service: service(),
                subscription: "x".into(),
            },
            D::SubscriptionHistory(vec![Default::default()]),
        ),
        (
            R::SubscriptionUsers {
                org: org(),
                service: service(),
                subscription: "x".into(),
            },
            D::SubscriptionUsers(vec![Default::default()]),
        ),
        (R::Users { org: org() }, D::Users(vec![Default::default()])),
        (
            R::User {
                org: org(),
                user: "u".into(),
            },
            D::User(Default::default()),
        ),
        (
            R::OrganizationRoles { org: org() },
            D::Roles(vec![Default::default()]),
        ),
        (
            R::Administrators,
            D::Administrators(vec![Default::default()]),
        ),
        (
            R::Administrator { id: "a".into() },
            D::Administrator(Default::default()),
        ),
        (R::ResellerRoles, D::Roles(vec![Default::default()])),
        (
            R::OrgPropertyDefinitions,
            D::PropertyDefinitions(vec![Default::default()]),
        ),
        (R::OrganizationGroups, D::Groups(vec![Default::default()])),
        (
            R::GroupMembers { group: "g".into() },
            D::GroupMembers(vec![Default::default()]),
        ),
    ]
}

/// The JSON a server sends for `data` (the models serialize as they travel).
fn wire(data: &ResourceData) -> Value {
    use ResourceData as D;
    let value = match data {
        D::Hierarchy(_) | D::Node(_) | D::Members(_) | D::Invitations(_) => {
            panic!("not a Cloudmore answer")
        }
        D::Organizations(v) => serde_json::to_value(v),
        D::Organization(v) => serde_json::to_value(v),
        D::Estore(v) => serde_json::to_value(v),
        D::EstoreDetail(v) => serde_json::to_value(v),
        D::OrgServices(v) => serde_json::to_value(v),
        D::OrgService(v) => serde_json::to_value(v),
        D::Products(v) => serde_json::to_value(v),
        D::Subscriptions(v) => serde_json::to_value(v),
        D::Subscription(v) => serde_json::to_value(v),
        D::SubscriptionHistory(v) => serde_json::to_value(v),
        D::SubscriptionUsers(v) => serde_json::to_value(v),
        D::Users(v) => serde_json::to_value(v),
        D::User(v) => serde_json::to_value(v),
        D::UserAssignments(v) => serde_json::to_value(v),
        D::Roles(v) => serde_json::to_value(v),
        D::Administrators(v) => serde_json::to_value(v),
        D::Administrator(v) => serde_json::to_value(v),
        D::PropertyDefinitions(v) => serde_json::to_value(v),
        D::Groups(v) => serde_json::to_value(v),
        D::GroupMembers(v) => serde_json::to_value(v),
    };
    value.unwrap()
}

/// `value` with `f` applied to every text, number, boolean and null in it, at any depth.
fn map_leaves(value: Value, f: &impl Fn(Value) -> Value) -> Value {
    match value {
        Value::Object(fields) => fields
            .into_iter()
            .map(|(key, value)| (key, map_leaves(value, f)))
            .collect(),
        Value::Array(items) => items.into_iter().map(|item| map_leaves(item, f)).collect(),
        leaf => f(leaf),
    }
}

/// `value` with every text, number and boolean, at any depth, replaced by `null`.
fn null_leaves(value: Value) -> Value {
    map_leaves(value, &|_| Value::Null)
}

/// `value` (or each row of it) with every field, nested records and lists too, set to `null`.
fn null_fields(value: Value) -> Value {
    match value {
        Value::Object(fields) => fields
            .into_iter()
            .map(|(key, _)| (key, Value::Null))
            .collect(),
        Value::Array(rows) => rows.into_iter().map(null_fields).collect(),
        other => other,
    }
}

#[tokio::test]
async fn null_in_every_field_of_every_model_reads_as_missing() {
    let fake = Fake::start().await;
    let client = fake.client();
    let plain = every_model(false);
    for ((resource, expected), (_, when_all_null)) in every_model(true).into_iter().zip(plain) {
        let sent = wire(&expected);
        let bodies = [
            (null_leaves(sent.clone()), expected),
            (null_fields(sent), when_all_null),
        ];
        for (body, expected) in bodies {
            fake.serve(&resource, &body);
            let read = client.read(&resource).await;
            let read = read.unwrap_or_else(|e| panic!("{resource:?} with {body}: {e}"));
            assert_eq!(read.data, expected, "{resource:?} with {body}");
            assert_eq!(read.skipped, 0, "{resource:?} with {body}");
        }
    }
}

/// `value` with a field the client has never heard of added to every object, at any depth.
fn with_unknown_fields(value: Value) -> Value {
    match value {
        Value::Object(fields) => {
            let mut fields: serde_json::Map<String, Value> = fields
                .into_iter()
                .map(|(key, value)| (key, with_unknown_fields(value)))
                .collect();
            fields.insert(
                "fieldFromTheFuture".into(),
                json!({"nested": [1, "x", null]}),
            );
            Value::Object(fields)
        }
        Value::Array(items) => items.into_iter().map(with_unknown_fields).collect(),
        other => other,
    }
}

/// `value` with every number sent as text and every integer-looking text sent as a number.
fn crossed(value: Value) -> Value {
    map_leaves(value, &|leaf| match leaf {
        Value::Number(number) => Value::String(number.to_string()),
        Value::String(text) => match text.parse::<i64>() {
            Ok(number) if number.to_string() == text => json!(number),
            _ => Value::String(text),
        },
        other => other,
    })
}

/// One of each readable resource of the demo reseller, below an organization that has a
/// service with a subscription that has users.
async fn demo_resources(
    client: &tenantdeck::providers::cloudmore::CloudmoreClient,
) -> Vec<Resource> {
    use Resource as R;
    let ResourceData::Organizations(orgs) = client.fetch(&R::Organizations).await.unwrap() else {
        panic!("organizations");
    };
    for org in orgs.iter().map(|o| o.id.to_string()) {
        let services = client.fetch(&R::OrgServices { org: org.clone() }).await;
        let Ok(ResourceData::OrgServices(services)) = services else {
            continue;
        };
        for service in services.iter().map(|s| s.id.clone()) {
            let subscriptions = R::Subscriptions {
                org: org.clone(),
                service: service.clone(),
            };
            let Ok(ResourceData::Subscriptions(subs)) = client.fetch(&subscriptions).await else {
                continue;
            };
            let Some(subscription) = subs.first().map(|s| s.id.clone()) else {
                continue;
            };
            let ResourceData::Users(users) =
                client.fetch(&R::Users { org: org.clone() }).await.unwrap()
            else {
                panic!("users");
            };
            let ResourceData::Administrators(admins) =
                client.fetch(&R::Administrators).await.unwrap()
            else {
                panic!("administrators");
            };
            return vec![
                R::Organizations,
                R::Organization { org: org.clone() },
                R::Estore { org: org.clone() },
                R::EstoreDetail {
                    org: org.clone(),
                    service: service.clone(),
                },
                R::OrgServices { org: org.clone() },
                R::OrgService {
                    org: org.clone(),
                    service: service.clone(),
                },
                R::Products {
                    org: org.clone(),
                    service: service.clone(),
                },
                subscriptions,
                R::Subscription {
                    org: org.clone(),
                    service: service.clone(),
                    subscription: subscription.clone(),
                },
                R::SubscriptionHistory {
                    org: org.clone(),
                    service: service.clone(),
                    subscription: subscription.clone(),
                },
                R::SubscriptionUsers {
                    org: org.clone(),
                    service,
                    subscription,
                },
                R::Users { org: org.clone() },
                R::User {
                    org: org.clone(),
                    user: users[0].id.clone(),
                },
                R::OrganizationRoles { org },
                R::Administrators,
                R::Administrator {
                    id: admins[0].id.clone(),
                },
                R::ResellerRoles,
                R::OrgPropertyDefinitions,
            ];
        }
    }
    panic!("the demo data has a subscription");
}

#[tokio::test]
async fn unknown_fields_and_crossed_types_read_as_the_stand_in_s_own_bodies() {
    let stand = support::stand_in().await;
    let direct = support::client(&stand.handle);
    let api = http::Api::login(&stand.handle, stand.handle.credentials()).await;
    let fake = Fake::start().await;
    let through_fake = fake.client();
    for resource in demo_resources(&direct).await {
        let expected = direct.fetch(&resource).await.unwrap();
        let path = format!("/{}", resource_path(&resource).unwrap().join("/"));
        let body = api.get_json(&path).await;
        for bent in [with_unknown_fields(body.clone()), crossed(body.clone())] {
            fake.serve(&resource, &bent);
            let read = through_fake.read(&resource).await;
            let read = read.unwrap_or_else(|e| panic!("{resource:?} with {bent}: {e}"));
            assert_eq!(read.data, expected, "{resource:?} with {bent}");
            assert_eq!(read.skipped, 0);
        }
    }
}

#[tokio::test]
async fn rows_that_cannot_be_read_are_left_out_and_counted() {
    let fake = Fake::start().await;
    let rows = json!([
        {"id": "o-1", "name": "Acme AB"},
        {"id": "o-2", "name": "Bad Flag Oy", "isActive": "perhaps"},
        "not a record",
        null,
        {"id": "o-3", "name": "Zeta AB", "customerNumber": 10003},
    ]);
    fake.serve(&Resource::Organizations, &rows);
    let read = fake.client().read(&Resource::Organizations).await.unwrap();
    let ResourceData::Organizations(orgs) = read.data else {
        panic!("organizations");
    };
    let names: Vec<&str> = orgs.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Acme AB", "Zeta AB"]);
    assert_eq!(orgs[1].customer_number, "10003");
    assert_eq!(read.skipped, 3);

    // A body that is no list at all still fails the read, as before.
    fake.serve(&Resource::Organizations, &json!({"tenants": []}));
    assert!(matches!(
        fake.client().read(&Resource::Organizations).await,
        Err(ApiError::Decode(_))
    ));
}

#[tokio::test]
async fn a_records_raw_body_is_the_servers_own_unknown_fields_and_all() {
    let stand = support::stand_in().await;
    let direct = support::client(&stand.handle);
    let api = http::Api::login(&stand.handle, stand.handle.credentials()).await;
    let fake = Fake::start().await;
    let through_fake = fake.client();
    let records: Vec<Resource> = demo_resources(&direct)
        .await
        .into_iter()
        .filter(Resource::is_record)
        .collect();
    assert!(records.len() >= 5, "{records:?}");
    for resource in records {
        let path = format!("/{}", resource_path(&resource).unwrap().join("/"));
        let bent = with_unknown_fields(api.get_json(&path).await);
        fake.serve(&resource, &bent);
        let raw = through_fake.fetch_raw(&resource).await;
        assert_eq!(raw.unwrap(), bent, "{resource:?}");
    }
    let list = through_fake.fetch_raw(&Resource::Organizations).await;
    assert!(
        matches!(list, Err(ApiError::Unsupported(_))),
        "a list is no record: {list:?}"
    );
}
