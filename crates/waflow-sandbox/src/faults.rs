//! Fault injection and the request log, applied to every request before anything else.

use std::future::Future as _;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::{Body as HttpBody, Frame};
use tokio::time::Sleep;

use crate::errors::{hub_body, rate_limit_body};
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
    /// Close the TCP connection without sending any response (the request is not handled).
    DropConnection,
    /// Answer with this status, these headers and this body, sent as they are, instead of
    /// handling the request (an HTML page, malformed JSON, a wrong content type…). A status
    /// outside 100..=999 is answered as 500; a header that is not valid HTTP is left out.
    Answer {
        /// The HTTP status.
        status: u16,
        /// Header names and values, in order.
        headers: Vec<(String, String)>,
        /// The body.
        body: String,
    },
    /// Handle the request, then hold the answer back this long: the server has acted even when
    /// the client gives up waiting.
    DelayAfter(Duration),
    /// Handle the request, then close the connection without answering: the server has acted
    /// but the client hears nothing.
    DropAfter,
    /// Handle the request, send the status, the headers (with the full `Content-Length`) and
    /// half the body, then close the connection.
    Partial,
    /// Handle the request and send the answer's body one byte at a time, this long apart.
    SlowBody(Duration),
    /// Answer with this redirect status and `Location` instead of handling the request; `{path}`
    /// in the location is replaced by the request's path (so `"{path}"` loops on itself).
    Redirect {
        /// The HTTP status, e.g. 302.
        status: u16,
        /// The `Location` header.
        location: String,
    },
}

impl Fault {
    /// Meta's rate-limit answer as the Graph API sends it: HTTP 400 with Graph's error object
    /// carrying `code` (4: the app's calls, 80007: the WhatsApp Business Account's, 130429: Cloud
    /// API throughput; another code gets the wording of 4) and `is_transient: true`, no
    /// `Retry-After`.
    pub fn graph_rate_limit(code: u32) -> Fault {
        Fault::Reply {
            status: 400,
            body: rate_limit_body(code).to_string(),
        }
    }
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

/// A fault with the requests it applies to: after `skip` matching requests have passed
/// untouched, the next `times` matching requests get `fault`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// Which requests count.
    pub matcher: FaultMatch,
    /// What happens to them.
    pub fault: Fault,
    /// Matching requests let through before the fault applies (`1`: from the second on).
    pub skip: usize,
    /// How many matching requests get the fault.
    pub times: usize,
}

#[derive(Debug)]
struct Rule {
    matcher: FaultMatch,
    fault: Fault,
    skip: usize,
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
        self.push_rule(FaultRule {
            matcher,
            fault,
            skip: 0,
            times,
        });
    }

    /// Adds `rule` after the rules already there.
    pub fn push_rule(&self, rule: FaultRule) {
        self.lock().push(Rule {
            matcher: rule.matcher,
            fault: rule.fault,
            skip: rule.skip,
            remaining: rule.times,
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

    /// The fault for this request, if any: a matching rule still skipping counts the request
    /// and lets the next rules have a go.
    fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut rules = self.lock();
        let mut fault = None;
        for rule in rules.iter_mut() {
            if rule.remaining == 0 || !rule.matcher.matches(method, path) {
                continue;
            }
            if rule.skip > 0 {
                rule.skip -= 1;
                continue;
            }
            rule.remaining -= 1;
            fault = Some(rule.fault.clone());
            break;
        }
        rules.retain(|r| r.remaining > 0);
        fault
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

/// Told about each request once it has been answered or its connection dropped.
pub type RequestObserver = Arc<dyn Fn(&LoggedRequest) + Send + Sync>;

/// The shared request log.
#[derive(Clone, Default)]
pub(crate) struct RequestLog {
    entries: Arc<Mutex<Vec<LoggedRequest>>>,
    observer: Arc<Mutex<Option<RequestObserver>>>,
}

impl std::fmt::Debug for RequestLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestLog")
            .field("entries", &self.lock().len())
            .finish_non_exhaustive()
    }
}

impl RequestLog {
    /// A copy of every entry so far, oldest first.
    pub fn snapshot(&self) -> Vec<LoggedRequest> {
        self.lock().clone()
    }

    /// Replaces the observer.
    pub fn observe(&self, observer: RequestObserver) {
        *self.observer.lock().unwrap_or_else(PoisonError::into_inner) = Some(observer);
    }

    fn push(&self, entry: LoggedRequest) -> usize {
        let mut entries = self.lock();
        entries.push(entry);
        entries.len() - 1
    }

    /// Records the answer (`None`: the connection was dropped) and tells the observer.
    fn finish(&self, index: usize, status: Option<u16>) {
        let entry = {
            let mut entries = self.lock();
            let Some(e) = entries.get_mut(index) else {
                return;
            };
            e.status = status;
            e.clone()
        };
        let observer = self
            .observer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(observer) = observer {
            observer(&entry);
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

/// Largest answer a fault that rewrites the body ([`Fault::Partial`], [`Fault::SlowBody`])
/// reads from the handler.
const MAX_REWRITTEN_BODY: usize = 64 * 1024 * 1024;

/// How long a [`Fault::Partial`] waits after the half body before closing the connection.
const PARTIAL_PAUSE: Duration = Duration::from_millis(100);

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
    let connection = request.extensions().get::<ConnectionHandle>().cloned();
    let response = match layer.faults.take(&method, &path) {
        None => next.run(request).await,
        Some(Fault::Delay(d)) => detached(d, next, request).await,
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
        Some(Fault::Answer {
            status,
            headers,
            body,
        }) => answer(status, &headers, body),
        Some(Fault::Redirect { status, location }) => {
            let location = location.replace("{path}", &path);
            answer(status, &[("Location".to_owned(), location)], String::new())
        }
        Some(Fault::DropConnection) => return drop_connection(&layer.log, index, connection).await,
        Some(Fault::DelayAfter(d)) => {
            let response = detached(Duration::ZERO, next, request).await;
            // Logged now: the client may hang up during the wait, which ends this future.
            layer.log.finish(index, Some(response.status().as_u16()));
            tokio::time::sleep(d).await;
            return response;
        }
        Some(Fault::DropAfter) => {
            detached(Duration::ZERO, next, request).await;
            return drop_connection(&layer.log, index, connection).await;
        }
        Some(Fault::Partial) => {
            trickle(detached(Duration::ZERO, next, request).await, |len| {
                Trickle {
                    step: len,
                    cut: Some(len / 2),
                    // A pause before the cut, so that hyper flushes what was sent.
                    interval: PARTIAL_PAUSE,
                    ..Trickle::default()
                }
            })
            .await
        }
        Some(Fault::SlowBody(interval)) => {
            trickle(detached(Duration::ZERO, next, request).await, |_| Trickle {
                step: 1,
                interval,
                ..Trickle::default()
            })
            .await
        }
    };
    layer.log.finish(index, Some(response.status().as_u16()));
    response
}

/// Waits `delay`, then handles the request, in a task of its own: it runs to the end even if the
/// client hangs up meanwhile, as on a real server.
async fn detached(delay: Duration, next: Next, request: Request) -> Response {
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        next.run(request).await
    })
    .await
    .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Closes the request's connection without an answer.
async fn drop_connection(
    log: &RequestLog,
    index: usize,
    connection: Option<ConnectionHandle>,
) -> Response {
    let Some(connection) = connection else {
        // Not served through the sandbox's own accept loop: the closest we can do.
        log.finish(index, Some(500));
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    log.finish(index, None);
    connection.drop_now();
    // The connection task drops this future together with the connection.
    std::future::pending().await
}

/// Sends `response`'s status and headers (with the full `Content-Length`) and its body as the
/// [`Trickle`] made from the body's length says.
async fn trickle(response: Response, make: impl FnOnce(usize) -> Trickle) -> Response {
    let (mut parts, body) = response.into_parts();
    let data = axum::body::to_bytes(body, MAX_REWRITTEN_BODY)
        .await
        .unwrap_or_default();
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(data.len()));
    let body = make(data.len()).with_data(data);
    Response::from_parts(parts, Body::new(body))
}

/// A body sent in pieces: `step` bytes at a time, `interval` apart, and when `cut` is set, cut
/// off with an error after that many bytes (hyper then closes the connection). Its length is not
/// announced to hyper, so the handler's `Content-Length` header is what the client reads.
#[derive(Default)]
struct Trickle {
    data: Bytes,
    sent: usize,
    step: usize,
    cut: Option<usize>,
    interval: Duration,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl Trickle {
    fn with_data(self, data: Bytes) -> Trickle {
        Trickle { data, ..self }
    }
}

impl HttpBody for Trickle {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let this = &mut *self;
        if let Some(sleep) = this.sleep.as_mut() {
            ready!(sleep.as_mut().poll(cx));
            this.sleep = None;
        }
        let end = this.cut.unwrap_or(this.data.len()).min(this.data.len());
        if this.sent >= end {
            return Poll::Ready(this.cut.map(|_| {
                Err(std::io::Error::other(
                    "answer cut short by a fault of the waflow sandbox",
                ))
            }));
        }
        let next = this.sent.saturating_add(this.step.max(1)).min(end);
        let chunk = this.data.slice(this.sent..next);
        this.sent = next;
        if !this.interval.is_zero() {
            this.sleep = Some(Box::pin(tokio::time::sleep(this.interval)));
        }
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn json_response(status: StatusCode, body: String) -> Response {
    answer(
        status.as_u16(),
        &[("Content-Type".to_owned(), "application/json".to_owned())],
        body,
    )
}

/// A response with exactly these headers (invalid ones left out) and body.
fn answer(status: u16, headers: &[(String, String)], body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status_code(status);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}
