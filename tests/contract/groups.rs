//! Contract: organization groups and their members (every route, both 400 shapes, 404s,
//! cascades, reseller isolation, the demo seed at scale), and the client's group reads and
//! writes with what verify-on-resume says about each.

use crate::http::{Api, expect, expect_business, expect_field};
use crate::support::{client, config, start};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::api::{GroupChange, Mutation, Resource, ResourceData};
use tenantdeck::bulk::verify::{Check, check};
use tenantdeck::domain::reseller::groups::{OrganizationGroupInput, OrganizationGroupMember};
use tenantdeck::sandbox::{self, Seed};

const GROUPS: &str = "/OrganizationGroups";

fn group(name: &str) -> Value {
    json!({ "name": name, "description": "Customers of the north" })
}

fn org_body(name: &str, number: &str) -> Value {
    json!({
        "name": name, "customerNumber": number, "registrationNumber": "12345678",
        "vat": "EE123456789", "primaryDomain": "acme-test.ee",
        "notificationEmail": "billing@acme-test.ee", "isActive": true,
        "contact": {"name": "Ann Lee", "jobTitle": "CTO", "email": "ann@acme-test.ee",
                    "phonePrefix": "372", "phone": "5551234"},
        "address": {"address": "Narva mnt 5", "postalCode": "10111", "city": "Tallinn",
                    "countryCode": "EE"}
    })
}

/// POST a member: 201, no body, `Location` naming the organization under the group's members.
async fn add_member(api: &Api, group: &str, org: &str) {
    let path = format!("{GROUPS}/{group}/Members");
    let response = api.post(&path, &json!({ "organizationId": org })).await;
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    expect(response, StatusCode::CREATED).await;
    let location = location.expect("Location");
    assert!(
        // The front door hands the routes a lower-cased path, and Location is built from it.
        location
            .to_lowercase()
            .ends_with(&format!("/{group}/members/{org}").to_lowercase()),
        "{location}"
    );
}

#[tokio::test]
async fn group_crud_and_every_rule() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    assert_eq!(api.get_json(GROUPS).await, json!([]));

    let id = api.create(GROUPS, &group("Nordics")).await;
    assert_eq!(
        api.get_json(&format!("{GROUPS}/{id}")).await,
        json!({ "id": id, "name": "Nordics", "description": "Customers of the north",
                "membersCount": 0 })
    );
    let errors = expect_field(api.post(GROUPS, &group("  ")).await, "Name").await;
    assert_eq!(errors["Name"][0], "The Name field is required.");
    let errors = expect_field(api.post(GROUPS, &group(&"x".repeat(101))).await, "Name").await;
    assert_eq!(
        errors["Name"][0],
        "The field Name must be a string with a maximum length of 100."
    );
    expect_field(api.post(GROUPS, &json!("not an object")).await, "").await;
    expect_business(
        api.post(GROUPS, &group(" nordics ")).await,
        "Organization group nordics already exists.",
    )
    .await;

    // A rename keeps its own name free; another group's is taken.
    let other = api.create(GROUPS, &group("Baltics")).await;
    let path = format!("{GROUPS}/{id}");
    expect(
        api.put(&path, &group("Nordics")).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    expect(
        api.put(&path, &group("Norden")).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(api.get_json(&path).await["name"], "Norden");
    expect_business(api.put(&path, &group("BALTICS")).await, "already exists").await;
    expect_field(api.put(&path, &group("")).await, "Name").await;
    let names: Vec<Value> = api
        .get_json(GROUPS)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].clone())
        .collect();
    assert_eq!(names, [json!("Baltics"), json!("Norden")], "by name");

    let missing = format!("{GROUPS}/00000000-0000-0000-0000-000000000000");
    expect(api.get(&missing).await, StatusCode::NOT_FOUND).await;
    expect(
        api.put(&missing, &group("Ghost")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect(api.delete(&missing).await, StatusCode::NOT_FOUND).await;
    expect(api.delete(&path).await, StatusCode::NO_CONTENT).await;
    expect(api.delete(&path).await, StatusCode::NOT_FOUND).await;
    expect(api.get(&format!("{GROUPS}/{other}")).await, StatusCode::OK).await;
}

#[tokio::test]
async fn members_are_added_listed_and_removed() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let id = api.create(GROUPS, &group("Key accounts")).await;
    let oak = api
        .create("/Organizations", &org_body("Oak Dental", "C-1"))
        .await;
    let ash = api
        .create("/Organizations", &org_body("Ash Motors", "C-2"))
        .await;
    let members = format!("{GROUPS}/{id}/Members");
    assert_eq!(api.get_json(&members).await, json!([]));

    add_member(&api, &id, &oak).await;
    add_member(&api, &id, &ash).await;
    assert_eq!(
        api.get_json(&members).await,
        json!([{ "id": ash, "name": "Ash Motors", "customerNumber": "C-2" },
               { "id": oak, "name": "Oak Dental", "customerNumber": "C-1" }])
    );
    assert_eq!(
        api.get_json(&format!("{GROUPS}/{id}")).await["membersCount"],
        2
    );

    expect_business(
        api.post(&members, &json!({ "organizationId": oak })).await,
        "Organization Oak Dental is already a member of Key accounts.",
    )
    .await;
    let errors = expect_field(api.post(&members, &json!({})).await, "OrganizationId").await;
    assert_eq!(
        errors["OrganizationId"][0],
        "The OrganizationId field is required."
    );
    expect_business(
        api.post(&members, &json!({ "organizationId": "nope" }))
            .await,
        "Organization nope was not found.",
    )
    .await;
    let ghost = format!("{GROUPS}/00000000-0000-0000-0000-000000000000/Members");
    expect(api.get(&ghost).await, StatusCode::NOT_FOUND).await;
    expect(
        api.post(&ghost, &json!({ "organizationId": oak })).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    let one = format!("{members}/{oak}");
    expect(api.delete(&one).await, StatusCode::NO_CONTENT).await;
    expect(api.delete(&one).await, StatusCode::NOT_FOUND).await;
    assert_eq!(api.get_json(&members).await.as_array().unwrap().len(), 1);

    // A deleted organization leaves its groups; a deleted group keeps its organizations.
    expect(
        api.delete(&format!("/Organizations/{ash}")).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(api.get_json(&members).await, json!([]));
    add_member(&api, &id, &oak).await;
    expect(
        api.delete(&format!("{GROUPS}/{id}")).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    expect(
        api.get(&format!("/Organizations/{oak}")).await,
        StatusCode::OK,
    )
    .await;
    expect(api.get(&members).await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn a_hostile_name_is_kept_as_sent() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let name = "Zeta \u{1b}[31mRed\u{1b}[0m \u{202e}gro";
    let id = api.create(GROUPS, &group(name)).await;
    assert_eq!(api.get_json(&format!("{GROUPS}/{id}")).await["name"], name);
}

#[tokio::test]
async fn groups_belong_to_their_reseller() {
    let sandbox = start(Seed::Demo).await;
    let handle = &sandbox.handle;
    let main = Api::login(handle, &handle.resellers()[0]).await;
    let second = Api::login(handle, &handle.resellers()[1]).await;
    let theirs = second.get_json(GROUPS).await;
    let theirs = theirs[0]["id"]
        .as_str()
        .expect("the second reseller has groups");
    let mine = main.get_json(GROUPS).await;
    assert!(mine.as_array().unwrap().iter().all(|g| g["id"] != theirs));
    for path in [
        format!("{GROUPS}/{theirs}"),
        format!("{GROUPS}/{theirs}/Members"),
    ] {
        expect(main.get(&path).await, StatusCode::NOT_FOUND).await;
    }
    // Nor can one reseller put another's organization in its group.
    let their_org = second.get_json("/Organizations").await[0]["id"].clone();
    let my_group = mine[0]["id"].as_str().unwrap();
    expect_business(
        main.post(
            &format!("{GROUPS}/{my_group}/Members"),
            &json!({ "organizationId": their_org }),
        )
        .await,
        "was not found",
    )
    .await;
}

/// The demo's groups, with 3,000 synthetic organizations besides the demo's own: each holds
/// what its description says, its count agrees with its members, and a big seed's Nordics
/// hold synthetic organizations too.
#[tokio::test]
async fn the_demo_seed_has_groups_at_scale() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = config(&dir, Seed::Demo);
    settings.extra_orgs = 3_000;
    let handle = sandbox::start(settings).await.unwrap();
    let api = Api::login(&handle, handle.credentials()).await;
    let groups = api.get_json(GROUPS).await;
    let names: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Education", "Key accounts", "Nordics", "Onboarding"]
    );
    let orgs = api.get_json("/Organizations").await;
    let country = |id: &str| {
        orgs.as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .map(|o| o["countryCode"].as_str().unwrap_or("").to_string())
    };
    for g in groups.as_array().unwrap() {
        let members: Vec<OrganizationGroupMember> = serde_json::from_value(
            api.get_json(&format!("{GROUPS}/{}/Members", g["id"].as_str().unwrap()))
                .await,
        )
        .unwrap();
        assert_eq!(g["membersCount"], members.len(), "{}", g["name"]);
        match g["name"].as_str().unwrap() {
            "Key accounts" => {
                assert_eq!(members.len(), 12);
                assert!(members.iter().all(|m| !m.customer_number.starts_with("S-")));
            }
            "Nordics" => {
                assert!(members.iter().any(|m| m.name.starts_with("Synthetic Org")));
                for m in &members {
                    let code = country(&m.id).expect("a listed organization");
                    assert!(
                        ["DK", "FI", "IS", "NO", "SE"].contains(&code.as_str()),
                        "{code}"
                    );
                }
            }
            "Education" => {
                assert!(!members.is_empty());
                assert!(
                    members
                        .iter()
                        .all(|m| m.name.contains("Education") || m.name.contains("Kindergarten"))
                );
            }
            _ => assert!(members.is_empty()),
        }
    }
}

/// The client reads groups and members, makes each write, and verify-on-resume tells a write
/// that happened from one that did not.
#[tokio::test]
async fn the_client_writes_groups_and_verify_knows_what_happened() {
    let sandbox = start(Seed::Demo).await;
    let client = client(&sandbox.handle);
    let ResourceData::Groups(groups) = client.fetch(&Resource::OrganizationGroups).await.unwrap()
    else {
        panic!("groups")
    };
    let onboarding = groups
        .iter()
        .find(|g| g.name == "Onboarding")
        .unwrap()
        .id
        .clone();
    let ResourceData::Organizations(orgs) = client.fetch(&Resource::Organizations).await.unwrap()
    else {
        panic!("organizations")
    };
    let org = &orgs[0];
    let add = Mutation::Group(GroupChange::AddMember {
        group: onboarding.clone(),
        group_name: "Onboarding".into(),
        org: org.id.to_string(),
        org_name: org.name.to_string(),
    });
    let remove = Mutation::Group(GroupChange::RemoveMember {
        group: onboarding.clone(),
        group_name: "Onboarding".into(),
        org: org.id.to_string(),
        org_name: org.name.to_string(),
    });
    assert_eq!(check(&*client, &add).await.unwrap(), Check::NotApplied);
    assert_eq!(
        check(&*client, &remove).await.unwrap(),
        Check::Applied { created: None }
    );
    client.mutate(&add).await.unwrap();
    assert_eq!(
        check(&*client, &add).await.unwrap(),
        Check::Applied { created: None }
    );
    assert_eq!(check(&*client, &remove).await.unwrap(), Check::NotApplied);
    let members = Resource::GroupMembers {
        group: onboarding.clone(),
    };
    let ResourceData::GroupMembers(list) = client.fetch(&members).await.unwrap() else {
        panic!("members")
    };
    assert_eq!(list.iter().map(|m| &m.id).collect::<Vec<_>>(), [&org.id]);
    client.mutate(&remove).await.unwrap();

    let input = OrganizationGroupInput {
        name: "Partners".into(),
        description: String::new(),
    };
    let create = Mutation::Group(GroupChange::Create {
        input: input.clone(),
    });
    assert_eq!(check(&*client, &create).await.unwrap(), Check::NotApplied);
    let made = client.mutate(&create).await.unwrap().expect("the new id");
    assert_eq!(
        check(&*client, &create).await.unwrap(),
        Check::Applied {
            created: Some(made.clone())
        }
    );
    let rename = Mutation::Group(GroupChange::Update {
        group: made.clone(),
        input: OrganizationGroupInput {
            name: "Resellers' partners".into(),
            ..input
        },
        before: None,
    });
    client.mutate(&rename).await.unwrap();
    assert_eq!(check(&*client, &rename).await.unwrap(), Check::SafeToResend);
    let delete = Mutation::Group(GroupChange::Delete {
        group: made.clone(),
        name: "x".into(),
    });
    assert_eq!(check(&*client, &delete).await.unwrap(), Check::NotApplied);
    client.mutate(&delete).await.unwrap();
    assert_eq!(
        check(&*client, &delete).await.unwrap(),
        Check::Applied { created: None }
    );
    let err = client.mutate(&delete).await.unwrap_err();
    assert_eq!(err, tenantdeck::api::ApiError::NotFound);
}
