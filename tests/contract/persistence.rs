//! Contract: data survives a restart on the same database, the seed runs once and is
//! deterministic, `extra_orgs` adds exactly N (the 100k figures: `benches/stand_in_scale.rs`), and
//! fifty concurrent writers on one database lose nothing and resurrect nothing.

use crate::http::{self, Api, expect};
use crate::support::{config, start};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::sandbox::{self, Seed};

#[tokio::test]
async fn data_survives_restart_and_the_seed_is_not_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let first = sandbox::start(config(&dir, Seed::Demo)).await.unwrap();
    let creds = first.credentials().clone();
    let api = Api::login(&first, &creds).await;
    let seeded = api
        .get_json("/Organizations")
        .await
        .as_array()
        .unwrap()
        .len();
    let id = api
        .create(
            "/Organizations",
            &json!({"name": "Survivor Ltd", "isActive": true}),
        )
        .await;
    first.shutdown().await;

    let second = sandbox::start(config(&dir, Seed::Demo)).await.unwrap();
    assert_eq!(second.credentials(), &creds, "same accounts after restart");
    assert_eq!(second.resellers().len(), 2);
    let old_token = second_client_with(&api, &second.base_url());
    let refused = old_token.get("/Organizations").await;
    assert_eq!(
        refused.status(),
        StatusCode::UNAUTHORIZED,
        "tokens do not survive a restart"
    );
    let api = Api::login(&second, &creds).await;
    assert_eq!(
        api.get_json(&format!("/Organizations/{id}")).await["name"],
        "Survivor Ltd"
    );
    assert_eq!(
        api.get_json("/Organizations")
            .await
            .as_array()
            .unwrap()
            .len(),
        seeded + 1
    );
    second.shutdown().await;
}

/// The same token against another base URL.
fn second_client_with(api: &Api, base: &str) -> Api {
    Api {
        http: reqwest::Client::new(),
        base: base.to_string(),
        reseller: api.reseller.clone(),
        token: api.token.clone(),
    }
}

#[tokio::test]
async fn demo_seed_is_deterministic_and_extra_orgs_adds_exactly_n() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let plain = sandbox::start(config(&a, Seed::Demo)).await.unwrap();
    let mut with_extra = config(&b, Seed::Demo);
    with_extra.extra_orgs = 250;
    let extra = sandbox::start(with_extra).await.unwrap();
    assert_eq!(
        plain.resellers(),
        extra.resellers(),
        "same ids and credentials"
    );

    let list = |handle: &sandbox::SandboxHandle| {
        let creds = handle.credentials().clone();
        let base = handle.base_url();
        async move {
            let http = reqwest::Client::new();
            let token: Value = http
                .post(format!("{base}/connect/token"))
                .form(&http::token_form(&creds))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let response = http
                .get(format!(
                    "{base}/api/resellers/{}/Organizations",
                    creds.reseller_id
                ))
                .bearer_auth(token["access_token"].as_str().unwrap())
                .send()
                .await
                .unwrap();
            expect(response, StatusCode::OK)
                .await
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let orgs_plain = list(&plain).await;
    let orgs_extra = list(&extra).await;
    assert_eq!(orgs_extra.len(), orgs_plain.len() + 250);
    let synthetic: Vec<&Value> = orgs_extra
        .iter()
        .filter(|o| o["name"].as_str().unwrap().starts_with("Synthetic Org "))
        .collect();
    assert_eq!(synthetic.len(), 250);
    let demo_part: Vec<&Value> = orgs_extra
        .iter()
        .filter(|o| !o["name"].as_str().unwrap().starts_with("Synthetic Org "))
        .collect();
    assert_eq!(
        demo_part,
        orgs_plain.iter().collect::<Vec<_>>(),
        "identical demo data, ids included"
    );

    // The second reseller is untouched by extra_orgs.
    let other = Api::login(&extra, &extra.resellers()[1]).await;
    let other_plain = Api::login(&plain, &plain.resellers()[1]).await;
    assert_eq!(
        other.get_json("/Organizations").await,
        other_plain.get_json("/Organizations").await
    );
    plain.shutdown().await;
    extra.shutdown().await;
}

#[tokio::test]
async fn empty_seed_still_has_an_account_and_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let handle = sandbox::start(config(&dir, Seed::Empty)).await.unwrap();
    assert_eq!(handle.resellers().len(), 1);
    let api = Api::login(&handle, handle.credentials()).await;
    assert_eq!(api.get_json("/Organizations").await, json!([]));
    assert_eq!(api.get_json("/ResellerAdministrators").await, json!([]));
    assert_eq!(
        api.get_json("/ResellerRoles")
            .await
            .as_array()
            .unwrap()
            .len(),
        9
    );
    handle.shutdown().await;
}

#[tokio::test]
async fn a_busy_port_is_a_clear_bind_error() {
    let dir = tempfile::tempdir().unwrap();
    let first = sandbox::start(config(&dir, Seed::Empty)).await.unwrap();
    let addr = first
        .base_url()
        .trim_start_matches("http://")
        .parse()
        .unwrap();
    let mut clash = config(&dir, Seed::Empty);
    clash.listen = addr;
    let error = sandbox::start(clash).await.err().expect("port in use");
    assert!(error.to_string().starts_with("cannot listen on"), "{error}");
}

#[tokio::test]
async fn fifty_concurrent_writers_lose_nothing_and_resurrect_nothing() {
    let sandbox = start(Seed::Empty).await;
    let api = std::sync::Arc::new(Api::login(&sandbox.handle, sandbox.handle.credentials()).await);
    let writers: Vec<_> = (0..50)
        .map(|writer| {
            let api = api.clone();
            tokio::spawn(async move {
                // 40 writes each: 20 creates, then 10 deletes and 10 renames.
                let mut ids = Vec::new();
                for n in 0..20 {
                    let body = json!({"name": format!("W{writer}-{n}"), "isActive": true});
                    ids.push(api.create("/Organizations", &body).await);
                }
                for (n, id) in ids.iter().enumerate() {
                    let path = format!("/Organizations/{id}");
                    let response = if n % 2 == 0 {
                        api.delete(&path).await
                    } else {
                        let body = json!({"name": format!("W{writer}-{n} kept"), "isActive": true});
                        api.put(&path, &body).await
                    };
                    assert!(
                        response.status().is_success(),
                        "{path}: {}",
                        response.status()
                    );
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("a writer finished");
    }
    let orgs = api.get_json("/Organizations").await;
    let names: std::collections::BTreeSet<String> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect();
    let expected: std::collections::BTreeSet<String> = (0..50)
        .flat_map(|w| (1..20).step_by(2).map(move |n| format!("W{w}-{n} kept")))
        .collect();
    assert_eq!(
        names, expected,
        "every rename kept, every delete stayed deleted"
    );
}
