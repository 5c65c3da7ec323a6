//! What happens to every request before routing: it is counted (also while it is being
//! served, for the peak in flight) and logged as sent, paced (latency, rate limit), checked
//! against the fault plan, and its path is lowercased so routes match case-insensitively (ids
//! are lowercase GUIDs; the query keeps its case).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::faults::AfterServed;
use super::reply::{ApiFailure, empty, unauthorized};
use super::state::Shared;

pub(crate) async fn front_door(
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
    if let Some(refused) = paced(&shared).await {
        return refused;
    }
    if let Some(delay) = shared.faults.delay_for(&sent) {
        tokio::time::sleep(delay).await;
    }
    if let Some(status) = shared.faults.take(&sent) {
        return injected(status);
    }
    if let Some(lowered) = lowercase_path(request.uri()) {
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
        Some(what) => after_served(what, response).await,
    }
}

/// The answer of a request that was served, as an after-served fault changes it.
async fn after_served(what: AfterServed, response: Response) -> Response {
    match what {
        AfterServed::Status(status) => injected(status),
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
    let seconds = refused?.to_string();
    let status = StatusCode::TOO_MANY_REQUESTS;
    Some(([(header::RETRY_AFTER, seconds)], empty(status)).into_response())
}

/// The full (lowercased) request path; nested routers only see the part after their prefix.
#[derive(Clone, Debug)]
pub(crate) struct RequestPath(pub String);

/// The answer of an injected fault, shaped like the real answer with that status would be.
fn injected(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match status {
        StatusCode::UNAUTHORIZED => unauthorized(false),
        StatusCode::BAD_REQUEST => {
            ApiFailure::business("Injected fault: the sandbox was told to reject this request.")
                .into_response()
        }
        // Throttled: the client is told when to come back (the shortest wait there is).
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
            let mut response = empty(status);
            let retry_after = axum::http::HeaderValue::from_static("1");
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, retry_after);
            response
        }
        other => empty(other),
    }
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
