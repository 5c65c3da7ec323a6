//! The client reads what real servers send: `null` for any field, numbers as text and text as
//! numbers, unknown fields, and lists with a row it cannot read. Payloads come from the seed
//! documents verbatim (tests/fixtures) and from a fake server (tests/fake_cloudmore).

mod fake_cloudmore;

use fake_cloudmore::Fake;
use serde_json::{Value, json};
use tenantdeck::api::{Resource, ResourceData};
use tenantdeck::domain::MFA_SMS;

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

#[tokio::test]
async fn an_administrator_with_mfa_option_as_text_decodes() {
    let fake = Fake::start().await;
    let seed: Value =
        serde_json::from_str(include_str!("fixtures/seed_003_administrator.json")).unwrap();
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
