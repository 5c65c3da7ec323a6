//! Request discipline: how every request of one profile treats the API. The client owns one
//! [`Discipline`]; the actor and the bulk worker share that client, so they share its limits:
//!
//! - **Requests in flight** are limited (`max_in_flight`, default 8): a permit is held from
//!   sending a request until its answer is read.
//! - **One "not before" gate.** A 429 or 503 carrying `Retry-After` (seconds or an HTTP date)
//!   closes the gate until then, for every request of the profile: each one waits at the gate
//!   before it is sent. Every change is published ([`Discipline::throttle`]) so the actor can
//!   tell the status bar. A wait longer than [`LONGEST_WAIT`] is not sat out: requests fail at
//!   once with [`ApiError::Throttled`] and its time.
//! - **Retries with backoff** ([`Discipline::retry`]): a read that failed for a reason that
//!   may pass (no connection, a 5xx, a 429) is sent again at most `retries` times, after
//!   `base`, 2×`base`, 4×`base` … ±25 % (or when the gate opens, if the server said when). A
//!   write is sent again only when the server said it did not process it: 429 or 503 for the
//!   idempotent PUT, PATCH and DELETE, and 429 only for POST (a 503 may come from a proxy after
//!   the service acted). A timeout is never retried here: the user waited the whole timeout
//!   already, and `r` is one key away. `docs/ASSUMPTIONS.md` says why.
//!
//! Why the retries live here, below the actor, and not in the app's store or the actor: the
//! actor's flight for a resource stays open while its read is retried, so single flight and the
//! cache work unchanged; the bulk worker's reads and writes follow the same rules from the same
//! place; and the waits are sleeps inside the actor's and the worker's tasks, so the UI never
//! waits for them. The store's part is only to not ask again by itself: a read that failed
//! after its retries stays failed, with its error on screen, until `r` or a write outdates it.

use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode};
use tokio::sync::{Semaphore, SemaphorePermit, watch};
use tokio::time::Instant;

use super::error::ApiError;
use super::rate_budget::RateBudget;

/// The default number of requests a profile has in flight at once.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 8;

/// A `Retry-After` longer than this makes requests fail at once instead of waiting.
pub const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// A `Retry-After` beyond an hour is taken as an hour (the gate must open some day).
const WAIT_CAP: Duration = Duration::from_secs(3600);

/// How often and how soon a failed request is sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Sends after the first one, at most.
    pub retries: u32,
    /// The wait before the first retry; each next one waits twice as long (±25 %).
    pub base: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 3,
            base: Duration::from_millis(500),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `done + 1`: `base × 2^done`, moved by up to ±25 % so that
    /// clients failing together do not come back together.
    pub fn backoff(&self, done: u32) -> Duration {
        let nominal = self.base.saturating_mul(1 << done.min(16));
        let spread = RandomState::new().hash_one(done) % 1001; // 0..=1000
        nominal.mul_f64(0.75 + spread as f64 / 2000.0)
    }
}

/// The limits of one profile's requests (see the module docs).
pub struct Discipline {
    permits: Semaphore,
    /// Not before this instant (None or past: open).
    gate: watch::Sender<Option<Instant>>,
    policy: RetryPolicy,
}

impl Discipline {
    pub fn new(max_in_flight: usize, policy: RetryPolicy) -> Discipline {
        Discipline {
            permits: Semaphore::new(max_in_flight.max(1)),
            gate: watch::Sender::new(None),
            policy,
        }
    }

    /// Waits for a free slot and for the gate; hold the permit until the answer is read.
    pub async fn permit(&self) -> Result<SemaphorePermit<'_>, ApiError> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::Network("the client is shutting down".into()))?;
        // Checked while holding the slot, so nothing is sent before the gate opens even when a
        // 429 arrived while this request queued for its slot.
        loop {
            let Some(until) = *self.gate.borrow() else {
                break;
            };
            let now = Instant::now();
            if until <= now {
                break;
            }
            let wait = until - now;
            if wait > LONGEST_WAIT {
                return Err(ApiError::Throttled {
                    status: 429,
                    retry_in: Some(wait.as_secs_f64().ceil() as u64),
                });
            }
            tokio::time::sleep_until(until).await;
        }
        Ok(permit)
    }

    /// The server asked for `wait` before the next request: closes the gate until then (a
    /// later "not before" wins over an earlier one).
    pub fn hold_off(&self, wait: Duration) {
        let until = Instant::now() + wait.min(WAIT_CAP);
        self.gate.send_if_modified(|gate| {
            if gate.is_some_and(|g| g >= until) {
                return false;
            }
            *gate = Some(until);
            true
        });
        tracing::warn!(wait_secs = wait.as_secs(), "the API asked us to slow down");
    }

    /// Every change of the gate: the instant until which requests wait.
    pub fn throttle(&self) -> watch::Receiver<Option<Instant>> {
        self.gate.subscribe()
    }

    /// How long to wait before sending `method` again after `error`, when it is sent again at
    /// all; `done` retries were made already.
    pub fn retry(&self, method: &Method, error: &ApiError, done: u32) -> Option<Duration> {
        if done >= self.policy.retries || !may_resend(method, error) {
            return None;
        }
        let gated = self.gate.borrow().is_some_and(|g| g > Instant::now());
        // With a "not before" from the server, the gate does the waiting.
        Some(if gated {
            Duration::ZERO
        } else {
            self.policy.backoff(done)
        })
    }
}

/// Takes the body of a successful answer as it arrives instead of it being read whole (a
/// 30 MB list is then never held at once). `begin` starts every answer: a retry's body
/// replaces what an earlier attempt left.
pub trait BodySink: Sync {
    fn begin(&self);
    fn chunk(&self, bytes: &[u8]);
}

/// An answer read within the discipline: the status, the headers clients read, the body
/// (empty when a [`BodySink`] took it).
pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub retry_after: Option<Duration>,
    pub body: String,
}

impl Reply {
    /// A 429 or 503 as [`ApiError::Throttled`], with the wait the server asked for in whole
    /// seconds rounded up.
    pub fn throttled(&self) -> ApiError {
        ApiError::Throttled {
            status: self.status.as_u16(),
            retry_in: self.retry_after.map(|d| d.as_secs_f64().ceil() as u64),
        }
    }

    /// The start of the body, or the status's reason when the body is empty.
    pub fn excerpt(&self) -> String {
        body_excerpt(&self.body, self.status)
    }
}

/// The first 200 characters of `body`, or the reason phrase of `status` when it is empty.
pub fn body_excerpt(body: &str, status: StatusCode) -> String {
    let text: String = body.trim().chars().take(200).collect();
    if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("no details")
            .to_string()
    } else {
        text
    }
}

impl Discipline {
    /// Sends one HTTP request within the limits (a slot, the gate) and reads its whole answer.
    /// A 429 or 503 with `Retry-After` closes the gate for every request of the profile.
    /// `timeout` is the client's, for the message of a request that ran out of time.
    pub async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        timeout: Duration,
    ) -> Result<Reply, ApiError> {
        self.exchange_into(request, timeout, None).await
    }

    /// [`Discipline::exchange`], with a successful answer's body given to `sink` as it arrives.
    pub async fn exchange_into(
        &self,
        request: reqwest::RequestBuilder,
        timeout: Duration,
        sink: Option<&dyn BodySink>,
    ) -> Result<Reply, ApiError> {
        let _permit = self.permit().await?;
        let failed = |error: reqwest::Error| transport_error(error, timeout);
        let response = request.send().await.map_err(failed)?;
        let status = response.status();
        let header = |name: reqwest::header::HeaderName| {
            let value = response.headers().get(name)?.to_str().ok()?;
            Some(value.to_string())
        };
        let location = header(reqwest::header::LOCATION);
        let budget = RateBudget::read(response.headers(), SystemTime::now());
        // A 429 that names no wait is waited out until the rate-limit window resets.
        let retry_after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| parse_retry_after(&v, SystemTime::now()))
            .or_else(|| {
                (status.as_u16() == 429)
                    .then_some(budget.reset_in)
                    .flatten()
            });
        let body = match sink {
            Some(sink) if status.is_success() => {
                let mut response = response;
                sink.begin();
                while let Some(chunk) = response.chunk().await.map_err(failed)? {
                    sink.chunk(&chunk);
                }
                String::new()
            }
            // Read as bytes and taken over as the text when they are UTF-8 (nearly always): a
            // large body is then held once, not twice (`text()` copies it).
            _ => {
                let bytes = response.bytes().await.map_err(failed)?;
                String::from_utf8(Vec::from(bytes))
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
            }
        };
        match (retry_after, budget.exhausted_for()) {
            (Some(wait), _) if matches!(status.as_u16(), 429 | 503) => self.hold_off(wait),
            // No budget left in this window: the next request waits for the new one instead of
            // meeting a 429 (those already in flight may still meet one).
            (_, Some(wait)) => {
                tracing::info!(
                    wait_ms = wait.as_millis() as u64,
                    limit = budget.limit,
                    "rate-limit budget used up; waiting for the next window"
                );
                self.hold_off(wait);
            }
            _ => {}
        }
        Ok(Reply {
            status,
            location,
            retry_after,
            body,
        })
    }

    /// Runs `attempt` (one send of `method` to `path`) and, when it fails in a way that may
    /// pass, runs it again as [`Discipline::retry`] allows, after its backoff.
    pub async fn with_retries<T, F, Fut>(
        &self,
        method: &Method,
        path: &str,
        mut attempt: F,
    ) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut retries = 0;
        loop {
            let error = match attempt().await {
                Ok(done) => return Ok(done),
                Err(error) => error,
            };
            let Some(wait) = self.retry(method, &error, retries) else {
                return Err(error);
            };
            retries += 1;
            tracing::info!(%method, path, %error, retry = retries, wait_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
        }
    }
}

/// The base URL and the HTTP client every provider client connects with: `timeout` for a
/// whole request, at most 10 s to connect, and tenantdeck's user agent.
pub fn http_client(
    base_url: &str,
    timeout: Duration,
) -> Result<(reqwest::Url, reqwest::Client), ApiError> {
    let base = reqwest::Url::parse(base_url.trim_end_matches('/'))
        .map_err(|e| ApiError::Network(format!("invalid API URL '{base_url}': {e}")))?;
    let http = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("tenantdeck/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| ApiError::Network(e.to_string()))?;
    Ok((base, http))
}

/// A request that got no answer: out of time, or no connection.
fn transport_error(error: reqwest::Error, timeout: Duration) -> ApiError {
    if error.is_timeout() {
        ApiError::Timeout(timeout.as_secs())
    } else {
        ApiError::Network(error.without_url().to_string())
    }
}

/// Whether a request may be sent again after `error` (see the module docs).
fn may_resend(method: &Method, error: &ApiError) -> bool {
    // Said when to come back (or not how long), and not too far off to wait for.
    let throttled = |code: Option<u16>| match error {
        ApiError::Throttled { status, retry_in } => {
            code.is_none_or(|c| c == *status)
                && retry_in.is_none_or(|s| s <= LONGEST_WAIT.as_secs())
        }
        _ => false,
    };
    let not_processed = throttled(None) || matches!(error, ApiError::Server { status: 503, .. });
    match *method {
        Method::GET | Method::HEAD => {
            not_processed
                || matches!(
                    error,
                    ApiError::Network(_) | ApiError::Server { status: 500.., .. }
                )
        }
        Method::PUT | Method::PATCH | Method::DELETE => not_processed,
        _ => throttled(Some(429)),
    }
}

/// Reads a `Retry-After` value: whole seconds or an HTTP date (`now` is the current time).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let parse = |v| parse_retry_after(v, now);
        assert_eq!(parse("5"), Some(Duration::from_secs(5)));
        assert_eq!(parse(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(
            parse("Sun, 06 Nov 1994 08:49:42 GMT"),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            parse("Sunday, 06-Nov-94 08:50:37 GMT"),
            Some(Duration::from_secs(60)),
            "the obsolete RFC 850 form too"
        );
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse("soon"), None);
        assert_eq!(parse("-3"), None);
    }

    #[test]
    fn backoff_doubles_with_a_quarter_of_jitter() {
        let policy = RetryPolicy::default();
        for (done, nominal) in [(0, 500.0), (1, 1000.0), (2, 2000.0)] {
            let waits: Vec<f64> = (0..200)
                .map(|_| policy.backoff(done).as_secs_f64() * 1000.0)
                .collect();
            assert!(
                waits
                    .iter()
                    .all(|w| (nominal * 0.75..=nominal * 1.25).contains(w)),
                "{waits:?}"
            );
            let spread = waits.iter().cloned().fold(f64::NAN, f64::max)
                - waits.iter().cloned().fold(f64::NAN, f64::min);
            assert!(
                spread > nominal * 0.1,
                "jitter spreads the waits: {waits:?}"
            );
        }
    }

    #[test]
    fn reads_retry_what_may_pass_and_writes_only_what_was_not_processed() {
        let discipline = Discipline::new(8, RetryPolicy::default());
        let server = |status| ApiError::Server {
            status,
            message: String::new(),
        };
        let throttled = ApiError::Throttled {
            status: 429,
            retry_in: Some(5),
        };
        let unavailable = ApiError::Throttled {
            status: 503,
            retry_in: Some(5),
        };
        let network = ApiError::Network("reset".into());
        let retried =
            |method: Method, error: &ApiError| discipline.retry(&method, error, 0).is_some();
        assert!(retried(Method::GET, &server(500)));
        assert!(retried(Method::GET, &network));
        assert!(retried(Method::GET, &throttled));
        assert!(!retried(Method::GET, &server(404)));
        assert!(!retried(Method::GET, &ApiError::NotFound));
        assert!(!retried(Method::GET, &ApiError::Timeout(30)));
        assert!(!retried(Method::GET, &ApiError::Decode("x".into())));
        for idempotent in [Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(retried(idempotent.clone(), &throttled));
            assert!(retried(idempotent.clone(), &server(503)));
            assert!(retried(idempotent.clone(), &unavailable));
            assert!(!retried(idempotent.clone(), &server(500)));
            assert!(!retried(idempotent, &network));
        }
        assert!(retried(Method::POST, &throttled), "a 429 was not processed");
        assert!(!retried(Method::POST, &server(503)));
        assert!(!retried(Method::POST, &unavailable));
        assert!(!retried(Method::POST, &server(500)));
        assert!(!retried(Method::POST, &network));
        let too_long = ApiError::Throttled {
            status: 429,
            retry_in: Some(600),
        };
        assert!(!retried(Method::GET, &too_long));
        assert_eq!(
            discipline.retry(&Method::GET, &network, 3),
            None,
            "three at most"
        );
    }

    #[tokio::test]
    async fn the_gate_holds_every_request_until_it_opens() {
        let discipline = Discipline::new(2, RetryPolicy::default());
        let mut changes = discipline.throttle();
        let start = Instant::now();
        discipline.hold_off(Duration::from_millis(150));
        assert!(changes.has_changed().unwrap());
        let until = changes.borrow_and_update().unwrap();
        discipline.hold_off(Duration::from_millis(50));
        assert!(
            !changes.has_changed().unwrap(),
            "an earlier not-before does not shorten the wait"
        );
        let network = ApiError::Network("reset".into());
        assert_eq!(
            discipline.retry(&Method::GET, &network, 0),
            Some(Duration::ZERO),
            "while the gate is closed, it does the waiting"
        );
        drop(discipline.permit().await.unwrap());
        assert!(Instant::now() >= until && until >= start + Duration::from_millis(150));
        assert!(
            discipline.retry(&Method::GET, &network, 0) > Some(Duration::ZERO),
            "once the gate is open, retries back off again"
        );
        discipline.hold_off(Duration::from_secs(600));
        assert!(matches!(
            discipline.permit().await,
            Err(ApiError::Throttled {
                retry_in: Some(600),
                ..
            })
        ));
    }
}
