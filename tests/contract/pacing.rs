//! The stand-in's pace over real HTTP: with `--latency-ms N` every request takes at least N ms
//! (± the jitter), and with `--rate-limit R` the request after R within one second answers 429
//! with a `Retry-After` in seconds — and is served again once that second is over.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tenantdeck::sandbox::{self, PaceConfig, SandboxHandle, Seed};

use crate::http;
use crate::support;

async fn paced(pace: PaceConfig) -> (SandboxHandle, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config(&dir, Seed::Empty);
    config.pace = pace;
    (sandbox::start(config).await.expect("sandbox starts"), dir)
}

async fn health(http: &reqwest::Client, handle: &SandboxHandle) -> reqwest::Response {
    http.get(format!("{}/api/healthcheck", handle.base_url()))
        .send()
        .await
        .expect("an answer")
}

#[tokio::test]
async fn every_request_waits_the_latency_give_or_take_the_jitter() {
    let (handle, _dir) = paced(PaceConfig {
        latency: Duration::from_millis(60),
        jitter: Duration::from_millis(20),
        rate_limit: None,
    })
    .await;
    let http = reqwest::Client::new();
    for _ in 0..5 {
        let sent = Instant::now();
        let response = health(&http, &handle).await;
        let took = sent.elapsed();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(took >= Duration::from_millis(40), "took {took:?}");
    }
    let api = http::Api::login(&handle, handle.credentials()).await;
    let sent = Instant::now();
    api.get_json("/organizations").await;
    assert!(
        sent.elapsed() >= Duration::from_millis(40),
        "API routes wait too"
    );
}

#[tokio::test]
async fn without_jitter_a_request_takes_at_least_the_latency() {
    let (handle, _dir) = paced(PaceConfig {
        latency: Duration::from_millis(50),
        ..PaceConfig::default()
    })
    .await;
    let http = reqwest::Client::new();
    for _ in 0..3 {
        let sent = Instant::now();
        assert_eq!(health(&http, &handle).await.status(), StatusCode::OK);
        let took = sent.elapsed();
        assert!(took >= Duration::from_millis(50), "took {took:?}");
    }
}

#[tokio::test]
async fn the_request_past_the_rate_limit_gets_429_with_retry_after() {
    const LIMIT: u32 = 5;
    let (handle, _dir) = paced(PaceConfig {
        rate_limit: Some(LIMIT),
        ..PaceConfig::default()
    })
    .await;
    let http = reqwest::Client::new();
    // A burst only proves the limit if it fits in one second; a machine too busy for that
    // tries again after the window has passed.
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let began = Instant::now();
        let mut statuses = Vec::new();
        for _ in 0..LIMIT {
            statuses.push(health(&http, &handle).await.status());
        }
        let over = health(&http, &handle).await;
        if began.elapsed() >= Duration::from_millis(900) {
            continue;
        }
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK),
            "{statuses:?}"
        );
        assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry: u64 = over
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("Retry-After in seconds");
        assert_eq!(retry, 1, "the window ends within a second");
        tokio::time::sleep(Duration::from_secs(retry)).await;
        assert_eq!(
            health(&http, &handle).await.status(),
            StatusCode::OK,
            "served again after waiting as told"
        );
        return;
    }
    panic!("the machine never sent {LIMIT} requests within a second");
}
