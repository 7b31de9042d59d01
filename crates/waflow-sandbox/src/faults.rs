//! Fault injection and the request log, applied to every request before anything else.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::errors::hub_body;
use crate::server::ConnectionHandle;

/// What an injected fault does to a matching request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status (and a `Retry-After: <seconds>` header when given) instead of
    /// handling the request. The body is the hub's `{"meta": {...}}` envelope. A status outside
    /// 100..=999 is answered as 500.
    Status {
        /// The HTTP status, e.g. 429 or 503.
        status: u16,
        /// Seconds for the `Retry-After` header.
        retry_after: Option<u64>,
    },
    /// Answer with this status and this JSON body (sent as `application/json`, unchecked)
    /// instead of handling the request: for answers the sandbox never gives by itself, such as
    /// Meta's 139000 integrity block or another error envelope. A status outside 100..=999 is
    /// answered as 500.
    Reply {
        /// The HTTP status.
        status: u16,
        /// The body, sent as it is.
        body: String,
    },
    /// Wait this long, then handle the request normally. The request is handled even when the
    /// client has given up in the meantime, as a slow real server would.
    Delay(Duration),
    /// Close the TCP connection without sending any response.
    DropConnection,
}

/// Which requests a fault applies to. Both parts must match; an absent part matches anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultMatch {
    /// HTTP method, compared case-insensitively (`"POST"`).
    pub method: Option<String>,
    /// A substring of the request path (no query), e.g. `"/assets"` or `"/publish"`.
    pub path_contains: Option<String>,
}

impl FaultMatch {
    /// Matches every request.
    pub fn any() -> FaultMatch {
        FaultMatch::default()
    }

    /// Matches requests with `method` whose path contains `path_contains`.
    pub fn new(method: &str, path_contains: &str) -> FaultMatch {
        FaultMatch {
            method: Some(method.to_owned()),
            path_contains: Some(path_contains.to_owned()),
        }
    }

    /// Matches requests of any method whose path contains `path_contains`.
    pub fn path(path_contains: &str) -> FaultMatch {
        FaultMatch {
            method: None,
            path_contains: Some(path_contains.to_owned()),
        }
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p))
    }
}

#[derive(Debug)]
struct Rule {
    matcher: FaultMatch,
    fault: Fault,
    remaining: usize,
}

/// A cheap, cloneable handle to the faults of a running sandbox.
///
/// Rules are tried in the order they were pushed; the first matching rule with uses left applies,
/// and only one fault applies to a request.
#[derive(Debug, Clone, Default)]
pub struct FaultInjector {
    rules: Arc<Mutex<Vec<Rule>>>,
}

impl FaultInjector {
    /// Applies `fault` to the next `times` requests that match `matcher`.
    pub fn push(&self, matcher: FaultMatch, fault: Fault, times: usize) {
        self.lock().push(Rule {
            matcher,
            fault,
            remaining: times,
        });
    }

    /// Removes every fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// How many fault uses are left in total (0 once every pushed fault has fired).
    pub fn remaining(&self) -> usize {
        self.lock().iter().map(|r| r.remaining).sum()
    }

    fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut rules = self.lock();
        let rule = rules
            .iter_mut()
            .find(|r| r.remaining > 0 && r.matcher.matches(method, path))?;
        rule.remaining -= 1;
        let fault = rule.fault.clone();
        rules.retain(|r| r.remaining > 0);
        Some(fault)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Rule>> {
        self.rules.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One request as the sandbox received it. Headers (and so the API key) are not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    /// HTTP method, e.g. `"POST"`.
    pub method: String,
    /// The path, e.g. `/api/v2/partners/PA/waba_accounts/WA/flows`.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// The status answered; `None` while the request is in progress or when the connection was
    /// dropped without an answer.
    pub status: Option<u16>,
}

/// The shared request log.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestLog {
    entries: Arc<Mutex<Vec<LoggedRequest>>>,
}

impl RequestLog {
    /// A copy of every entry so far, oldest first.
    pub fn snapshot(&self) -> Vec<LoggedRequest> {
        self.lock().clone()
    }

    fn push(&self, entry: LoggedRequest) -> usize {
        let mut entries = self.lock();
        entries.push(entry);
        entries.len() - 1
    }

    fn set_status(&self, index: usize, status: u16) {
        if let Some(e) = self.lock().get_mut(index) {
            e.status = Some(status);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<LoggedRequest>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// State of the outermost middleware.
#[derive(Clone)]
pub(crate) struct Layer {
    pub faults: FaultInjector,
    pub log: RequestLog,
}

/// Logs the request, applies the first matching fault, then hands over to the routes.
pub(crate) async fn middleware(
    State(layer): State<Layer>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let index = layer.log.push(LoggedRequest {
        method: method.clone(),
        path: path.clone(),
        query: request.uri().query().map(str::to_owned),
        status: None,
    });
    let response = match layer.faults.take(&method, &path) {
        None => next.run(request).await,
        Some(Fault::Delay(d)) => {
            // In its own task, so that the request still runs if the client hangs up.
            let handled = tokio::spawn(async move {
                tokio::time::sleep(d).await;
                next.run(request).await
            });
            handled
                .await
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        Some(Fault::Status {
            status,
            retry_after,
        }) => {
            let status = status_code(status);
            let mut response = json_response(
                status,
                hub_body(status, "fault injected by the waflow sandbox").to_string(),
            );
            if let Some(secs) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            response
        }
        Some(Fault::Reply { status, body }) => json_response(status_code(status), body),
        Some(Fault::DropConnection) => {
            if let Some(conn) = request.extensions().get::<ConnectionHandle>() {
                conn.drop_now();
                // The connection task drops this future together with the connection.
                std::future::pending::<()>().await;
            }
            // Not served through the sandbox's own accept loop: the closest we can do.
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    layer.log.set_status(index, response.status().as_u16());
    response
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
