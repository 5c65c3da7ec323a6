//! The API calls the catalog and assignment screens make, in the order they make them, against
//! the stand-in through the client: the refusal for a user without a role names the role (the
//! screen recognises it by that), and the fix the screen offers — the user's full record sent
//! back with a `roleId` — makes the assignment succeed.

use tenantdeck::api::{ApiError, Mutation, Resource, ResourceData};
use tenantdeck::domain::{
    CustomPropertySet, OrganizationServiceAdd, SubscriptionCreate, SubscriptionUserSet, UserInput,
};

use crate::support::{client, stand_in};

#[tokio::test]
async fn a_user_without_a_role_is_refused_until_the_role_is_set() {
    let stand = stand_in().await;
    let api = client(&stand.handle);
    let ResourceData::Organizations(orgs) = api.fetch(&Resource::Organizations).await.unwrap()
    else {
        panic!("organizations");
    };
    let org = orgs[0].id.to_string();

    // A fresh user without a role, and a fresh service with a subscription.
    let user = api
        .mutate(&Mutation::CreateUser {
            org: org.clone(),
            input: Box::new(UserInput {
                username: "norole@example.com".into(),
                first_name: "No".into(),
                last_name: "Role".into(),
                display_name: "No Role".into(),
                email: "norole@example.com".into(),
                generate_password: true,
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .expect("the new user's id");
    let ResourceData::Estore(estore) = api
        .fetch(&Resource::Estore { org: org.clone() })
        .await
        .unwrap()
    else {
        panic!("estore");
    };
    let service = estore[0].id.clone();
    let ResourceData::EstoreDetail(detail) = api
        .fetch(&Resource::EstoreDetail {
            org: org.clone(),
            service: service.clone(),
        })
        .await
        .unwrap()
    else {
        panic!("detail");
    };
    let properties = detail
        .custom_properties
        .iter()
        .map(|p| CustomPropertySet {
            property_id: p.property_id.clone(),
            value: p
                .allowed_values
                .first()
                .cloned()
                .unwrap_or("x.example".into()),
        })
        .collect();
    api.mutate(&Mutation::AddService {
        org: org.clone(),
        input: OrganizationServiceAdd {
            service_id: service.clone(),
            custom_properties: properties,
        },
    })
    .await
    .unwrap();
    let ResourceData::Products(products) = api
        .fetch(&Resource::Products {
            org: org.clone(),
            service: service.clone(),
        })
        .await
        .unwrap()
    else {
        panic!("products");
    };
    let subscription = api
        .mutate(&Mutation::CreateSubscription {
            org: org.clone(),
            service: service.clone(),
            input: SubscriptionCreate {
                product_id: products[0].id.clone(),
                quantity: products[0].min_quantity.max(1),
            },
        })
        .await
        .unwrap()
        .expect("the new subscription's id");

    let assign = Mutation::AssignUser {
        org: org.clone(),
        service: service.clone(),
        subscription: subscription.clone(),
        input: SubscriptionUserSet {
            user_id: user.clone(),
            external_user_id: String::new(),
        },
    };
    let refused = api.mutate(&assign).await.unwrap_err();
    assert!(
        matches!(&refused, ApiError::Business(e) if e[0].error_message.to_lowercase().contains("role")),
        "{refused:?}"
    );

    // The screen's fix: the full record, with a role from the organization's roles.
    let ResourceData::User(record) = api
        .fetch(&Resource::User {
            org: org.clone(),
            user: user.clone(),
        })
        .await
        .unwrap()
    else {
        panic!("user");
    };
    let ResourceData::Roles(roles) = api
        .fetch(&Resource::OrganizationRoles { org: org.clone() })
        .await
        .unwrap()
    else {
        panic!("roles");
    };
    api.mutate(&Mutation::UpdateUser {
        org: org.clone(),
        user: user.clone(),
        input: Box::new(UserInput {
            username: record.username,
            first_name: record.first_name,
            last_name: record.last_name,
            display_name: record.display_name,
            email: record.email,
            phone_prefix: record.phone_prefix,
            phone: record.phone,
            role_id: Some(roles[0].id),
            password: None,
            generate_password: false,
        }),
    })
    .await
    .unwrap();
    api.mutate(&assign).await.unwrap();
    let ResourceData::SubscriptionUsers(assigned) = api
        .fetch(&Resource::SubscriptionUsers {
            org,
            service,
            subscription,
        })
        .await
        .unwrap()
    else {
        panic!("subscription users");
    };
    assert_eq!(assigned.len(), 1);
    assert_eq!(assigned[0].user_id, user);
}
