//! The stand-in's request log is a ring: after more requests than it holds, it keeps the newest
//! lines only, while the request count still counts every request.

use futures_util::StreamExt;
use tenantdeck::sandbox::{REQUEST_LOG_CAPACITY, Seed};

use crate::support;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_log_stays_bounded_over_http() {
    let sandbox = support::start(Seed::Empty).await;
    let handle = &sandbox.handle;
    let http = reqwest::Client::new();
    let url = format!("{}/api/healthcheck", handle.base_url());
    let before = handle.request_count();
    let total = REQUEST_LOG_CAPACITY + 500;
    futures_util::stream::iter(0..total)
        .for_each_concurrent(8, |n| {
            let request = http.get(format!("{url}?n={n}")).send();
            async move {
                assert!(request.await.expect("request").status().is_success());
            }
        })
        .await;
    let last = http
        .get(format!("{url}?last"))
        .send()
        .await
        .expect("request");
    assert!(last.status().is_success());

    assert_eq!(handle.request_count(), before + total as u64 + 1);
    let log = handle.request_log();
    assert_eq!(log.len(), REQUEST_LOG_CAPACITY);
    assert_eq!(log.last().unwrap(), "GET /api/healthcheck?last");
    assert!(
        !log.iter().any(|line| line.ends_with("?n=0")),
        "the oldest lines are gone"
    );
}
