//! What happens to every request before routing, in every dialect: it is counted (also while
//! it is being served, for the peak in flight) and logged as sent, paced (latency, rate limit)
//! and checked against the fault plan. Refusals and injected faults are shaped the way the
//! dialect answers that status. In the Cloudmore dialect the path is also lowercased so routes
//! match case-insensitively (ids are lowercase GUIDs; the query keeps its case).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::Response;

use super::Dialect;
use super::faults::AfterServed;
use super::state::Shared;

/// A dialect's router behind the front door. The front door must run before routing (it may
/// rewrite the path), so the real router sits behind an outer router's fallback, which the
/// layer wraps.
pub(crate) fn behind_front_door(shared: Arc<Shared>, inner: Router) -> Router {
    Router::new()
        .fallback_service(inner)
        .layer(from_fn_with_state(shared, front_door))
}

async fn front_door(
    State(shared): State<Arc<Shared>>,
    mut request: Request,
    next: Next,
) -> Response {
    let _serving = shared.in_flight.enter();
    let sent = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_string(), |pq| pq.to_string());
    shared.record(format!("{} {sent}", request.method()));
    let dialect = shared.dialect();
    if dialect == Dialect::Pulse && !names_api_version(&request) {
        shared.unversioned.fetch_add(1, Ordering::SeqCst);
    }
    if let Some(refused) = paced(&shared).await {
        return refused;
    }
    if let Some(delay) = shared.faults.delay_for(&sent) {
        tokio::time::sleep(delay).await;
    }
    if let Some(status) = shared.faults.take(&sent) {
        return injected(dialect, status);
    }
    if dialect == Dialect::Cloudmore
        && let Some(lowered) = lowercase_path(request.uri())
    {
        *request.uri_mut() = lowered;
    }
    let path = RequestPath(request.uri().path().to_string());
    request.extensions_mut().insert(path);
    let after = shared
        .faults
        .take_after(&format!("{} {sent}", request.method()));
    let response = next.run(request).await;
    match after {
        None => response,
        Some(what) => after_served(dialect, what, response).await,
    }
}

/// Whether a Pulse request names the API version in `Accept` (`/api/versions` needs none: it
/// is how a client learns it).
fn names_api_version(request: &Request) -> bool {
    request.uri().path() == "/api/versions"
        || request
            .headers()
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.contains("api-version="))
}

/// The answer of a request that was served, as an after-served fault changes it.
async fn after_served(dialect: Dialect, what: AfterServed, response: Response) -> Response {
    match what {
        AfterServed::Status(status) => injected(dialect, status),
        AfterServed::Delay(delay) => {
            tokio::time::sleep(delay).await;
            response
        }
        AfterServed::Reset => {
            // A body that fails at once makes the server drop the connection mid-answer.
            let failing = futures_util::stream::once(async {
                Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other("reset"))
            });
            let mut cut = Response::new(axum::body::Body::from_stream(failing));
            *cut.status_mut() = response.status();
            cut.headers_mut()
                .insert("content-length", axum::http::HeaderValue::from_static("64"));
            cut
        }
    }
}

/// The round trip every request waits, and 429 with `Retry-After` past the rate limit (see
/// `pacing`); `None` when the request goes on.
async fn paced(shared: &Shared) -> Option<Response> {
    let refused = shared.pace.admit();
    let delay = shared.pace.delay();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let seconds = refused?;
    let mut response = injected(shared.dialect(), StatusCode::TOO_MANY_REQUESTS.as_u16());
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    Some(response)
}

/// The full (lowercased) request path; nested routers only see the part after their prefix.
#[derive(Clone, Debug)]
pub(crate) struct RequestPath(pub String);

/// The answer of an injected fault, shaped like the dialect's real answer with that status.
/// Throttled answers (429, 503) tell the client when to come back: the shortest wait there is.
fn injected(dialect: Dialect, status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match dialect {
        Dialect::Cloudmore => super::cloudmore::fault_answer(status),
        Dialect::Pulse => super::pulse::fault_answer(status),
        Dialect::Metal => super::metal::fault_answer(status),
    };
    if matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
    ) {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// The URI with its path lowercased and a trailing slash dropped; `None` when nothing changes.
fn lowercase_path(uri: &Uri) -> Option<Uri> {
    let path = uri.path();
    let trimmed = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    let lowered = trimmed.to_lowercase();
    if lowered == path {
        return None;
    }
    let rebuilt = match uri.query() {
        Some(query) => format!("{lowered}?{query}"),
        None => lowered,
    };
    rebuilt.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_the_path_but_not_the_query() {
        let uri: Uri = "/api/resellers/ABC/Organizations/?showActive=True"
            .parse()
            .unwrap();
        assert_eq!(
            lowercase_path(&uri).unwrap(),
            "/api/resellers/abc/organizations?showActive=True"
        );
        assert_eq!(lowercase_path(&"/api/healthcheck".parse().unwrap()), None);
    }
}
