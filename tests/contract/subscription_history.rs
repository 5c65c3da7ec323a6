//! Contract: a subscription's history (issue 15.8) and a subscription read on its own (15.10).
//! The stand-in records who (the API account) changed the quantity, when, and from what to
//! what, on create, on each change and on cancel, and serves it at the inventory's
//! `.../services/{serviceId}/Subscriptions/history/{subscriptionId}`; the client reads both.

use crate::http::{Api, expect};
use crate::support::{client, start};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::api::{Resource, ResourceData};
use tenantdeck::domain::*;
use tenantdeck::sandbox::Seed;

/// An organization with Dropbox added: its id, the service id and the product's (id, min).
async fn dropbox(api: &Api) -> (String, String, String, i64) {
    let org = api
        .create("/Organizations", &json!({"name": "History AB"}))
        .await;
    let estore = api.get_json(&format!("/organizations/{org}/Estore")).await;
    let service = estore
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Dropbox Business Standard")
        .and_then(|s| s["id"].as_str())
        .unwrap()
        .to_string();
    api.create(
        &format!("/organizations/{org}/services"),
        &json!({"serviceId": service}),
    )
    .await;
    let products = api
        .get_json(&format!("/organizations/{org}/services/{service}/products"))
        .await;
    let product = products[0]["id"].as_str().unwrap().to_string();
    let min = products[0]["minQuantity"].as_i64().unwrap();
    (org, service, product, min)
}

#[tokio::test]
async fn every_quantity_change_and_the_cancel_are_recorded_with_who_and_when() {
    let sandbox = start(Seed::Empty).await;
    let account = sandbox.handle.credentials().username.clone();
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let (org, service, product, min) = dropbox(&api).await;
    let subs = format!("/organizations/{org}/services/{service}/subscriptions");
    let sub = api
        .create(&subs, &json!({"productId": product, "quantity": min}))
        .await;
    let one = format!("{subs}/{sub}");
    for quantity in [min + 2, min + 2, min + 4] {
        expect(
            api.put(&one, &json!({"quantity": quantity})).await,
            StatusCode::NO_CONTENT,
        )
        .await;
    }
    expect(api.delete(&one).await, StatusCode::NO_CONTENT).await;

    let path = format!("/organizations/{org}/services/{service}/Subscriptions/history/{sub}");
    let history = api.get_json(&path).await;
    let entries: Vec<(Value, Value, Value)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["changedBy"], account.as_str(), "{e}");
            assert!(e["changedDate"].as_str().unwrap().ends_with('Z'), "{e}");
            (
                e["action"].clone(),
                e["oldQuantity"].clone(),
                e["newQuantity"].clone(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (json!("Created"), Value::Null, json!(min)),
            (json!("QuantityChanged"), json!(min), json!(min + 2)),
            // The second PUT of the same quantity changed nothing and is not recorded.
            (json!("QuantityChanged"), json!(min + 2), json!(min + 4)),
            (json!("Cancelled"), json!(min + 4), json!(min + 4)),
        ],
        "{history}"
    );
    // A refused change is not recorded either.
    let refused = api.put(&one, &json!({"quantity": min + 5})).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api.get_json(&path).await, history);

    let missing = format!("/organizations/{org}/services/{service}/Subscriptions/history/nope");
    expect(api.get(&missing).await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn the_client_reads_the_history_and_one_subscription() {
    let sandbox = start(Seed::Empty).await;
    let api = Api::login(&sandbox.handle, sandbox.handle.credentials()).await;
    let (org, service, product, min) = dropbox(&api).await;
    let subs = format!("/organizations/{org}/services/{service}/subscriptions");
    let sub = api
        .create(&subs, &json!({"productId": product, "quantity": min}))
        .await;
    expect(
        api.put(&format!("{subs}/{sub}"), &json!({"quantity": min + 1}))
            .await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let client = client(&sandbox.handle);
    let (o, s, x) = (org.clone(), service.clone(), sub.clone());
    let history = Resource::SubscriptionHistory {
        org: o.clone(),
        service: s.clone(),
        subscription: x.clone(),
    };
    let ResourceData::SubscriptionHistory(entries) = client.fetch(&history).await.unwrap() else {
        panic!("history");
    };
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].action, HISTORY_QUANTITY_CHANGED);
    assert_eq!(
        (entries[1].old_quantity, entries[1].new_quantity),
        (Some(min), Some(min + 1))
    );
    let single = Resource::Subscription {
        org: o.clone(),
        service: s.clone(),
        subscription: x,
    };
    let ResourceData::Subscription(read) = client.fetch(&single).await.unwrap() else {
        panic!("one subscription");
    };
    let ResourceData::Subscriptions(list) = client
        .fetch(&Resource::Subscriptions { org: o, service: s })
        .await
        .unwrap()
    else {
        panic!("the list");
    };
    assert_eq!(read.quantity, min + 1);
    assert_eq!(list, [read], "the record is the list's row");
}

/// The demo's subscriptions come with a history that ends where they are: the console's
/// history pane has something to show, and it agrees with the list.
#[tokio::test]
async fn demo_subscriptions_have_a_history_that_ends_at_their_quantity() {
    let stand = crate::support::stand_in().await;
    let client = client(&stand.handle);
    let ResourceData::Organizations(orgs) = client.fetch(&Resource::Organizations).await.unwrap()
    else {
        panic!("organizations");
    };
    let mut checked = 0;
    for org in orgs.iter().take(12) {
        let services = Resource::OrgServices {
            org: org.id.to_string(),
        };
        let Ok(ResourceData::OrgServices(services)) = client.fetch(&services).await else {
            continue;
        };
        for service in services {
            let list = Resource::Subscriptions {
                org: org.id.to_string(),
                service: service.id.clone(),
            };
            let ResourceData::Subscriptions(subs) = client.fetch(&list).await.unwrap() else {
                panic!("subscriptions");
            };
            for sub in subs {
                let history = Resource::SubscriptionHistory {
                    org: org.id.to_string(),
                    service: service.id.clone(),
                    subscription: sub.id.clone(),
                };
                let ResourceData::SubscriptionHistory(entries) =
                    client.fetch(&history).await.unwrap()
                else {
                    panic!("history");
                };
                assert_eq!(entries[0].action, HISTORY_CREATED, "{entries:?}");
                let last = entries.last().unwrap();
                assert_eq!(last.new_quantity, Some(sub.quantity), "{sub:?} {entries:?}");
                assert_eq!(last.action == HISTORY_CANCELLED, sub.is_cancelled());
                let dates: Vec<_> = entries.iter().map(|e| e.changed_date.clone()).collect();
                assert!(dates.is_sorted(), "{dates:?}");
                assert!(entries.iter().all(|e| !e.changed_by.is_empty()));
                checked += 1;
            }
        }
    }
    assert!(checked > 5, "the demo has subscriptions: {checked}");
}
