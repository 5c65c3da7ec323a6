//! The Equinix Metal client and the `X-RateLimit-*` headers: against the stand-in, a used-up
//! window closes the gate so the next request waits instead of meeting a 429, and a 429 with
//! `Retry-After` is waited out; against a small server that sends what the stand-in never
//! does, a 429 without `Retry-After` takes its wait from `X-RateLimit-Reset` (unix seconds or
//! seconds from now), and a wait beyond a minute is not sat out but reported at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use tenantdeck::api::{ApiError, RetryPolicy};
use tenantdeck::providers::metal::{MetalClient, MetalConfig};
use tenantdeck::sandbox::Seed;
use tenantdeck::secret::Secret;

use crate::client_metal::{client_as, no_retries};
use crate::metal_support::{MAIN, start_with};

#[tokio::test]
async fn a_429_closes_the_gate_and_a_used_up_budget_waits_for_the_next_window() {
    let metal = start_with(Seed::Empty, |c| c.pace.rate_limit = Some(3)).await;
    // Sent one after another, no request meets the limit: the answer that used the window up
    // closed the gate until its reset.
    let careful = no_retries(&metal);
    let mut gate = careful.throttle();
    for _ in 0..7 {
        careful.current_user().await.unwrap();
    }
    assert!(gate.has_changed().unwrap(), "the budget closed the gate");
    gate.borrow_and_update();

    // Sent all at once, some meet the 429; its Retry-After closes the gate and the reads are
    // sent again when it opens.
    let client = Arc::new(client_as(&metal, MAIN));
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.current_user().await })
        })
        .collect();
    for call in calls {
        assert!(call.await.unwrap().is_ok());
    }

    // A 429 that is not sent again says how long to wait.
    metal.handle.fail_next("/metal/v1/user", 429, 1);
    let refused = no_retries(&metal).current_user().await;
    assert!(
        matches!(
            refused,
            Err(ApiError::Throttled {
                status: 429,
                retry_in: Some(_)
            })
        ),
        "{refused:?}"
    );
}

/// A Metal that answers every request with 429, `X-RateLimit-Remaining: 0` and the reset
/// `reset` gives (from the unix time now), and no `Retry-After`; its base URL.
async fn throttling(reset: fn(u64) -> u64) -> String {
    let router = axum::Router::new().fallback(move || async move {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("10"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        headers.insert("x-ratelimit-reset", HeaderValue::from(reset(now)));
        let body = axum::Json(serde_json::json!({"errors": ["Rate limit exceeded"]}));
        (StatusCode::TOO_MANY_REQUESTS, headers, body)
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/metal/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}

fn client_of(base: &str, retries: u32) -> MetalClient {
    let mut config = MetalConfig::new(base, Secret::new("k"), "test");
    config.retry = RetryPolicy {
        retries,
        base: Duration::from_millis(10),
    };
    MetalClient::new(config).unwrap()
}

#[tokio::test]
async fn a_429_without_retry_after_waits_until_the_rate_limit_reset() {
    // The reset as unix seconds, two from now.
    let unix = throttling(|now| now + 2).await;
    let client = client_of(&unix, 0);
    let gate = client.throttle();
    let refused = client.current_user().await;
    let Err(ApiError::Throttled {
        status: 429,
        retry_in: Some(wait),
    }) = refused
    else {
        panic!("{refused:?}");
    };
    assert!((1..=3).contains(&wait), "about two seconds: {wait}");
    let until = gate.borrow().expect("the gate is closed until the reset");
    let closed_for = until.saturating_duration_since(tokio::time::Instant::now());
    assert!(
        closed_for > Duration::from_millis(500) && closed_for <= Duration::from_secs(3),
        "{closed_for:?}"
    );

    // The reset as seconds from now, beyond the minute the client waits: a read that may be
    // sent again is reported at once with the wait, not held for two minutes.
    let relative = throttling(|_| 120).await;
    let client = client_of(&relative, 3);
    let started = Instant::now();
    let refused = client.current_user().await;
    assert!(
        matches!(
            refused,
            Err(ApiError::Throttled {
                status: 429,
                retry_in: Some(120)
            })
        ),
        "{refused:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5), "not sat out");
    let again = client.current_user().await;
    assert!(
        matches!(again, Err(ApiError::Throttled { retry_in: Some(s), .. }) if s > 60),
        "the closed gate refuses the next one too: {again:?}"
    );
}
