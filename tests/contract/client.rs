//! The Cloudmore client against the stand-in over real HTTP: token reuse, one re-sign-in on
//! 401, plain-words sign-in failures, and 400 bodies as structured errors.

use tenantdeck::api::{ApiError, Mutation, Resource, ResourceData};
use tenantdeck::domain::{AdministratorInput, BusinessError};
use tenantdeck::providers::cloudmore::{ClientAuth, CloudmoreClient};
use tenantdeck::secret::Secret;

use crate::support::{client, client_config, count_requests, stand_in};

#[tokio::test]
async fn the_token_is_reused_and_renewed_once_after_a_401() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    client.fetch(&Resource::ResellerRoles).await.unwrap();
    client.fetch(&Resource::Administrators).await.unwrap();
    assert_eq!(count_requests(&stand.handle, "/connect/token"), 1);

    stand.handle.expire_tokens();
    let roles = client.fetch(&Resource::ResellerRoles).await.unwrap();
    let ResourceData::Roles(roles) = roles else {
        panic!()
    };
    assert_eq!(roles.len(), 9);
    assert_eq!(count_requests(&stand.handle, "/connect/token"), 2);
}

/// What a new client made from `config` gets for one read of `resource`.
async fn first_read(
    config: tenantdeck::providers::cloudmore::ClientConfig,
    resource: Resource,
) -> Result<(), ApiError> {
    let client = CloudmoreClient::new(config).unwrap();
    client.fetch(&resource).await.map(drop)
}

#[tokio::test]
async fn the_stand_in_takes_the_client_in_the_form_or_as_basic() {
    let stand = stand_in().await;
    for client_auth in [ClientAuth::Form, ClientAuth::Basic] {
        let mut config = client_config(&stand.handle);
        config.client_auth = client_auth;
        first_read(config.clone(), Resource::ResellerRoles)
            .await
            .unwrap();
        // A wrong secret is refused either way: the stand-in reads the credentials it was sent.
        config.client_secret = Secret::new("not-the-secret");
        let err = first_read(config, Resource::ResellerRoles)
            .await
            .unwrap_err();
        assert!(matches!(err, ApiError::Auth(_)), "{client_auth:?}: {err:?}");
    }
}

#[tokio::test]
async fn wrong_credentials_fail_in_plain_words() {
    let stand = stand_in().await;
    let mut config = client_config(&stand.handle);
    config.password = Secret::new("wrong");
    let error = first_read(config, Resource::Organizations)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ApiError::Auth(why) if why.contains("wrong username or password")),
        "{error:?}"
    );

    let mut config = client_config(&stand.handle);
    config.client_secret = Secret::new("wrong");
    let error = first_read(config, Resource::Organizations)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ApiError::Auth(why) if why.contains("invalid_client")),
        "{error:?}"
    );
}

#[tokio::test]
async fn another_resellers_data_is_forbidden() {
    let stand = stand_in().await;
    let mut config = client_config(&stand.handle);
    config.reseller_id = stand.handle.resellers()[1].reseller_id.clone();
    let error = CloudmoreClient::new(config)
        .unwrap()
        .fetch(&Resource::Organizations)
        .await
        .unwrap_err();
    assert_eq!(error, ApiError::Forbidden);
}

#[tokio::test]
async fn bad_request_bodies_become_field_and_business_errors() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let missing_email = AdministratorInput {
        name: "new.admin@example.com".into(),
        first_name: "New".into(),
        last_name: "Admin".into(),
        display_name: "New Admin".into(),
        role_id: 24,
        title: "Ms".into(),
        generate_password: true,
        address: tenantdeck::domain::AdministratorAddress {
            country_code: "EE".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let error = client
        .mutate(&Mutation::CreateAdministrator(Box::new(
            missing_email.clone(),
        )))
        .await
        .unwrap_err();
    let ApiError::Fields(fields) = error else {
        panic!("expected field errors, got {error:?}")
    };
    assert_eq!(fields.first("Email"), Some("The Email field is required."));

    let mut bad_country = missing_email;
    bad_country.email = "new.admin@example.com".into();
    bad_country.address.country_code = "XX".into();
    let error = client
        .mutate(&Mutation::CreateAdministrator(Box::new(
            bad_country.clone(),
        )))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ApiError::Business(vec![BusinessError::invalid_value("Invalid country code")])
    );

    bad_country.address.country_code = "EE".into();
    let id = client
        .mutate(&Mutation::CreateAdministrator(Box::new(bad_country)))
        .await
        .unwrap();
    let id = id.expect("create returns the new id");
    let ResourceData::Administrator(admin) =
        client.fetch(&Resource::Administrator { id }).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(admin.role_name, "Global Admin");
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_error() {
    let stand = stand_in().await;
    let mut config = client_config(&stand.handle);
    config.base_url = "http://127.0.0.1:9".into();
    let error = CloudmoreClient::new(config)
        .unwrap()
        .fetch(&Resource::Organizations)
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Network(_)), "{error:?}");
}

/// Brute force over the organization: every subscription whose users include `user`.
async fn assignments_by_hand(client: &CloudmoreClient, org: &str, user: &str) -> Vec<String> {
    let ResourceData::OrgServices(services) = client
        .fetch(&Resource::OrgServices { org: org.into() })
        .await
        .unwrap()
    else {
        panic!()
    };
    let mut found = Vec::new();
    for service in services {
        let subs = Resource::Subscriptions {
            org: org.into(),
            service: service.id.clone(),
        };
        let ResourceData::Subscriptions(subs) = client.fetch(&subs).await.unwrap() else {
            panic!()
        };
        for sub in subs {
            let users = Resource::SubscriptionUsers {
                org: org.into(),
                service: service.id.clone(),
                subscription: sub.id.clone(),
            };
            let ResourceData::SubscriptionUsers(users) = client.fetch(&users).await.unwrap() else {
                panic!()
            };
            if users.iter().any(|u| u.user_id == user) {
                found.push(sub.id);
            }
        }
    }
    found.sort();
    found
}

#[tokio::test]
async fn a_users_assignments_are_gathered_from_every_subscription() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let ResourceData::Organizations(orgs) = client.fetch(&Resource::Organizations).await.unwrap()
    else {
        panic!()
    };
    let mut checked = 0;
    for org in orgs.iter().take(12) {
        let ResourceData::Users(users) = client
            .fetch(&Resource::Users {
                org: org.id.to_string(),
            })
            .await
            .unwrap()
        else {
            panic!()
        };
        for user in users.iter().take(3) {
            let gathered = client
                .fetch(&Resource::UserAssignments {
                    org: org.id.to_string(),
                    user: user.id.clone(),
                })
                .await
                .unwrap();
            let ResourceData::UserAssignments(gathered) = gathered else {
                panic!()
            };
            let mut ids: Vec<String> = gathered.iter().map(|a| a.subscription_id.clone()).collect();
            ids.sort();
            assert_eq!(ids, assignments_by_hand(&client, &org.id, &user.id).await);
            checked += usize::from(!ids.is_empty());
        }
    }
    assert!(
        checked > 0,
        "the demo data has users with assignments among the first organizations"
    );
}

#[tokio::test]
async fn setting_active_sends_the_current_record_with_only_the_flag_changed() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let ResourceData::Organizations(orgs) = client.fetch(&Resource::Organizations).await.unwrap()
    else {
        panic!()
    };
    let org = orgs.iter().find(|o| o.is_active).expect("an active one");
    let record = Resource::Organization {
        org: org.id.to_string(),
    };
    let ResourceData::Organization(before) = client.fetch(&record).await.unwrap() else {
        panic!()
    };
    client
        .mutate(&Mutation::SetOrganizationActive {
            org: org.id.to_string(),
            name: org.name.to_string(),
            active: false,
        })
        .await
        .unwrap();
    let ResourceData::Organization(after) = client.fetch(&record).await.unwrap() else {
        panic!()
    };
    assert!(!after.is_active);
    assert_eq!(
        (after.vat, after.contact, after.address),
        (before.vat, before.contact, before.address),
        "the rest of the record is kept"
    );
}

#[tokio::test]
async fn a_list_whose_answer_is_cut_is_read_again_whole() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let whole = client.fetch(&Resource::Organizations).await.unwrap();
    let before = count_requests(&stand.handle, "/organizations");
    stand.handle.faults().after_served(
        "get /api/resellers",
        tenantdeck::sandbox::AfterServed::Reset,
        1,
    );
    let again = client.fetch(&Resource::Organizations).await.unwrap();
    assert_eq!(again, whole, "the retry's rows, none twice and none lost");
    assert_eq!(
        count_requests(&stand.handle, "/organizations") - before,
        2,
        "the cut answer and one more"
    );
}
