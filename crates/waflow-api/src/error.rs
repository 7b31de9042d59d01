//! Typed errors: Meta's Graph error object, 360dialog's hub envelope, transport failures.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Meta's Graph API error object (`{"error": {...}}`), as relayed by the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaError {
    /// Meta's message (often a title such as "Flow can't be updated").
    #[serde(default)]
    pub message: String,
    /// Meta's error type, e.g. `OAuthException`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    /// Meta's error code: 100, 139000–139006 for flow management.
    pub code: i64,
    /// Meta's subcode, when there is one (e.g. 33 for an unknown object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_subcode: Option<i64>,
    /// Title meant for the end user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_user_title: Option<String>,
    /// Message meant for the end user (usually the most precise text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_user_msg: Option<String>,
    /// Whether Meta says retrying may help.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_transient: Option<bool>,
    /// Meta's trace id, for support requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fbtrace_id: Option<String>,
}

impl MetaError {
    /// The most precise text Meta gave: the user message when present, else the message.
    pub fn text(&self) -> &str {
        match self.error_user_msg.as_deref() {
            Some(m) if !m.trim().is_empty() => m,
            _ => &self.message,
        }
    }

    /// `139001` or `100/33`.
    pub fn code_label(&self) -> String {
        match self.error_subcode {
            Some(sub) => format!("{}/{sub}", self.code),
            None => self.code.to_string(),
        }
    }
}

/// What went wrong, in the categories the CLI and retry logic care about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401 or 403: the key is wrong or lacks permission.
    Auth,
    /// 404, or Meta's "object does not exist" (code 100, subcode 33).
    NotFound,
    /// 429, or one of Meta's rate-limit codes ([`RATE_LIMIT_CODES`]), which the Graph API
    /// answers with HTTP 400.
    RateLimited,
    /// 5xx.
    Server,
    /// The flow's state forbids the operation (Meta 139001–139004).
    Lifecycle,
    /// Meta's integrity block (139000).
    Integrity,
    /// Any other refusal (400 "Wrong payload", Meta code 100, …).
    Rejected,
    /// No answer: connection refused, reset or dropped.
    Network,
    /// No answer in time.
    Timeout,
    /// An answer we could not read.
    Decode,
}

/// Meta's rate-limit error codes: 4 (the app's calls), 80007 (the WhatsApp Business Account's)
/// and 130429 (Cloud API throughput). The Graph API sends them with HTTP 400.
pub const RATE_LIMIT_CODES: [i64; 3] = [4, 80007, 130429];

/// A transport failure that trying again cannot mend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permanent {
    /// The host name does not exist (or is not a valid DNS name).
    HostName,
    /// An `https://` URL reached a server that answered in plain text, not TLS.
    NotTls,
    /// The server's certificate was refused (self-signed, expired, for another name…).
    Certificate,
    /// Another refused TLS handshake (no common protocol version or cipher…).
    Tls,
    /// The server kept redirecting: more redirects than followed, or a loop.
    TooManyRedirects,
}

impl Permanent {
    /// Recognises a permanent failure from the texts of a transport error and its causes
    /// (hyper and rustls give no other handle on them); `None` for anything that may pass.
    pub(crate) fn of(texts: &[String]) -> Option<Permanent> {
        let any = |needles: &[&str]| texts.iter().any(|t| needles.iter().any(|n| t.contains(n)));
        if any(&["corrupt message", "InvalidContentType"]) {
            Some(Permanent::NotTls)
        } else if any(&[
            "invalid peer certificate",
            "UnknownIssuer",
            "CaUsedAsEndEntity",
        ]) {
            Some(Permanent::Certificate)
        } else if any(&[
            "peer is incompatible",
            "received fatal alert",
            "HandshakeFailure",
        ]) {
            Some(Permanent::Tls)
        } else if any(&["invalid dns name"])
            // A resolver that could not be reached, or answered "try again", may do better later.
            || (any(&["dns error"]) && !any(&["Temporary failure", "try again", "timed out"]))
        {
            Some(Permanent::HostName)
        } else {
            None
        }
    }
}

/// A failed Partner API call. `operation` names the call ("upload flow.json to flow 123").
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// Meta refused, with its Graph error object.
    #[error("{operation}: Meta error {}: {} (HTTP {status})", .error.code_label(), .error.text())]
    Meta {
        /// The call.
        operation: String,
        /// HTTP status.
        status: u16,
        /// Meta's error.
        error: MetaError,
        /// `Retry-After`, when sent.
        retry_after: Option<Duration>,
    },
    /// The hub (or anything in front of it) refused, without a Meta error object.
    #[error("{operation}: HTTP {status}: {message}")]
    Http {
        /// The call.
        operation: String,
        /// HTTP status.
        status: u16,
        /// The hub's message (`meta.developer_message`, `detail`, …) or the start of the body.
        message: String,
        /// `Retry-After`, when sent.
        retry_after: Option<Duration>,
    },
    /// The request got no answer.
    #[error("{operation}: {reason}")]
    Network {
        /// The call.
        operation: String,
        /// What the transport said.
        reason: String,
        /// Whether the connection could not even be opened (so the request was surely not
        /// processed).
        connect: bool,
        /// Set when trying again cannot help (an unknown host, TLS refused, a redirect loop).
        permanent: Option<Permanent>,
    },
    /// No answer within the request timeout.
    #[error("{operation}: no answer within {}s", .after.as_secs_f32())]
    Timeout {
        /// The call.
        operation: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// A flow id that cannot be one segment of a URL path (empty, `.` or `..`, which URL
    /// normalisation would drop, sending the call to another endpoint); nothing was sent.
    #[error("{operation}: {id:?} is not a flow id")]
    InvalidId {
        /// The call.
        operation: String,
        /// The id given.
        id: String,
    },
    /// A 2xx answer we could not read.
    #[error("{operation}: unexpected answer: {reason}")]
    Decode {
        /// The call.
        operation: String,
        /// Why it could not be read.
        reason: String,
    },
}

impl ApiError {
    /// The category of the failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::Meta { status, error, .. } => match (error.code, error.error_subcode) {
                (code, _) if RATE_LIMIT_CODES.contains(&code) => ErrorKind::RateLimited,
                (139000, _) => ErrorKind::Integrity,
                (139001..=139004, _) => ErrorKind::Lifecycle,
                (100, Some(33)) => ErrorKind::NotFound,
                _ => status_kind(*status),
            },
            ApiError::Http { status, .. } => status_kind(*status),
            ApiError::Network { .. } => ErrorKind::Network,
            ApiError::Timeout { .. } => ErrorKind::Timeout,
            ApiError::Decode { .. } => ErrorKind::Decode,
            ApiError::InvalidId { .. } => ErrorKind::Rejected,
        }
    }

    /// Meta's error, when the failure carries one.
    pub fn meta(&self) -> Option<&MetaError> {
        match self {
            ApiError::Meta { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Meta { status, .. } | ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The call, as named in messages ("publish flow 1000000000001").
    pub fn operation(&self) -> &str {
        match self {
            ApiError::Meta { operation, .. }
            | ApiError::Http { operation, .. }
            | ApiError::Network { operation, .. }
            | ApiError::Timeout { operation, .. }
            | ApiError::InvalidId { operation, .. }
            | ApiError::Decode { operation, .. } => operation,
        }
    }

    /// The permanent transport failure, when it is one.
    pub fn permanent(&self) -> Option<Permanent> {
        match self {
            ApiError::Network { permanent, .. } => *permanent,
            _ => None,
        }
    }

    /// Whether the request may have reached the server and been acted on although no answer
    /// came back (a timeout, or a connection lost after it was opened): the outcome is unknown.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Timeout { .. } => true,
            ApiError::Network {
                connect, permanent, ..
            } => !*connect && permanent.is_none(),
            _ => false,
        }
    }

    /// The server's `Retry-After`, when it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::Meta { retry_after, .. } | ApiError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether trying again later may succeed: 429, 5xx, no answer (unless it is
    /// [`permanent`](ApiError::permanent)), or Meta's `is_transient`.
    pub fn is_transient(&self) -> bool {
        if self.permanent().is_some() {
            return false;
        }
        match self.kind() {
            ErrorKind::RateLimited
            | ErrorKind::Server
            | ErrorKind::Network
            | ErrorKind::Timeout => true,
            _ => self.meta().and_then(|m| m.is_transient).unwrap_or(false),
        }
    }

    /// Whether the server surely did not act on the request (so even a non-idempotent call can
    /// be repeated): a rate limit (429 or Meta's codes), or a connection that could not be
    /// opened.
    pub fn surely_not_processed(&self) -> bool {
        match self {
            ApiError::Network { connect, .. } => *connect,
            _ => self.kind() == ErrorKind::RateLimited,
        }
    }
}

fn status_kind(status: u16) -> ErrorKind {
    match status {
        401 | 403 => ErrorKind::Auth,
        404 => ErrorKind::NotFound,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Rejected,
    }
}

/// A 2xx answer that is not the JSON expected: says so in plain words when it is an HTML page
/// (a proxy, a login page, a base URL that is not the Partner API), else gives the parser's
/// reason.
pub(crate) fn decode_error(operation: &str, body: &[u8], error: &serde_json::Error) -> ApiError {
    let start = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    let reason = if start.starts_with("<!doctype html") || start.starts_with("<html") {
        "an HTML page instead of JSON: is the base URL the Partner API (https://hub.360dialog.io), and is no proxy or login page in the way?".to_owned()
    } else {
        error.to_string()
    };
    ApiError::Decode {
        operation: operation.to_owned(),
        reason,
    }
}

/// Longest part of an unreadable body kept in a message.
const BODY_EXCERPT: usize = 200;

/// Reads an error body (`value` its JSON when it is JSON, decoded once by the caller, `body`
/// its text), trying in order: Meta's `{"error": {...}}`, the hub's
/// `{"meta": {"developer_message" | "developerMessage"}}`, `detail` (string or list), `message`,
/// `error` as a string, and finally the start of the text.
pub(crate) fn error_of_body(
    operation: String,
    status: u16,
    value: Option<&Value>,
    body: &str,
    retry_after: Option<Duration>,
) -> ApiError {
    if let Some(obj) = value
        .as_ref()
        .and_then(|v| v.get("error"))
        .filter(|e| e.get("code").is_some())
        && let Ok(error) = serde_json::from_value::<MetaError>(obj.clone())
    {
        return ApiError::Meta {
            operation,
            status,
            error,
            retry_after,
        };
    }
    let message = value
        .and_then(hub_message)
        .unwrap_or_else(|| excerpt(body))
        .trim()
        .to_owned();
    let message = if message.is_empty() {
        reason_phrase(status).to_owned()
    } else {
        message
    };
    ApiError::Http {
        operation,
        status,
        message,
        retry_after,
    }
}

fn hub_message(v: &Value) -> Option<String> {
    let text = |v: &Value| v.as_str().map(str::to_owned);
    if let Some(meta) = v.get("meta") {
        for key in ["developer_message", "developerMessage", "message"] {
            if let Some(m) = meta.get(key).and_then(text) {
                return Some(m);
            }
        }
    }
    if let Some(detail) = v.get("detail") {
        if let Some(s) = text(detail) {
            return Some(s);
        }
        if let Some(items) = detail.as_array() {
            let parts: Vec<String> = items
                .iter()
                .map(|i| i.get("msg").and_then(text).unwrap_or_else(|| i.to_string()))
                .collect();
            return Some(parts.join("; "));
        }
    }
    if let Some(err) = v.get("error") {
        if let Some(s) = text(err) {
            return Some(s);
        }
        if let Some(m) = err.get("message").and_then(text) {
            return Some(m);
        }
    }
    v.get("message").and_then(text)
}

fn excerpt(body: &str) -> String {
    let one_line: String = body
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > BODY_EXCERPT {
        let cut: String = one_line.chars().take(BODY_EXCERPT).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Wrong payload",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        429 => "Too many requests",
        500..=599 => "Server error",
        _ => "Request failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`error_of_body`] for a body given as text.
    fn parse_error_body(
        operation: String,
        status: u16,
        body: &str,
        retry_after: Option<Duration>,
    ) -> ApiError {
        let value: Option<Value> = serde_json::from_str(body).ok();
        error_of_body(operation, status, value.as_ref(), body, retry_after)
    }

    #[test]
    fn meta_envelope_keeps_code_subcode_and_message() {
        let body = r#"{"error": {"message": "Blocked by Integrity", "type": "OAuthException",
            "code": 139000, "error_subcode": 4233020, "error_user_title": "Flow publishing failed",
            "error_user_msg": "Integrity requirements not met.", "fbtrace_id": "x"}}"#;
        let e = parse_error_body("publish flow 1".into(), 400, body, None);
        assert_eq!(e.kind(), ErrorKind::Integrity);
        let m = e.meta().cloned().unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!((m.code, m.error_subcode), (139000, Some(4233020)));
        assert_eq!(
            e.to_string(),
            "publish flow 1: Meta error 139000/4233020: Integrity requirements not met. (HTTP 400)"
        );
    }

    #[test]
    fn hub_envelopes_in_both_casings() {
        let e = parse_error_body(
            "list flows".into(),
            401,
            r#"{"meta": {"success": false, "http_code": 401, "developer_message": "Invalid API key"}}"#,
            None,
        );
        assert_eq!(e.kind(), ErrorKind::Auth);
        assert_eq!(e.to_string(), "list flows: HTTP 401: Invalid API key");
        let e = parse_error_body(
            "x".into(),
            403,
            r#"{"meta": {"httpCode": 403, "developerMessage": "Permission denied for partner x"}}"#,
            None,
        );
        assert!(e.to_string().ends_with("Permission denied for partner x"));
    }

    #[test]
    fn other_shapes_fall_back_to_text() {
        let e = parse_error_body(
            "x".into(),
            422,
            r#"{"detail": [{"msg": "field required"}]}"#,
            None,
        );
        assert!(e.to_string().ends_with("field required"));
        let e = parse_error_body("x".into(), 502, "<html>\nBad gateway</html>", None);
        assert_eq!(e.to_string(), "x: HTTP 502: <html> Bad gateway</html>");
        assert!(e.is_transient());
        let e = parse_error_body("x".into(), 503, "", Some(Duration::from_secs(2)));
        assert_eq!(e.to_string(), "x: HTTP 503: Server error");
        assert_eq!(e.retry_after(), Some(Duration::from_secs(2)));
    }

    #[test]
    fn permanent_transport_failures_are_recognised() {
        let of = |texts: &[&str]| {
            Permanent::of(&texts.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(
            of(&[
                "client error (Connect)",
                "received corrupt message of type InvalidContentType"
            ]),
            Some(Permanent::NotTls)
        );
        assert_eq!(
            of(&["invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))"]),
            Some(Permanent::Certificate)
        );
        assert_eq!(
            of(&[
                "client error (Connect)",
                "dns error",
                "failed to lookup address information: Name or service not known"
            ]),
            Some(Permanent::HostName)
        );
        assert_eq!(of(&["invalid dns name"]), Some(Permanent::HostName));
        // A resolver having a bad moment, a refused or reset connection: worth another try.
        assert_eq!(
            of(&[
                "dns error",
                "failed to lookup address information: Temporary failure in name resolution"
            ]),
            None
        );
        assert_eq!(
            of(&["tcp connect error", "Connection refused (os error 111)"]),
            None
        );
        let e = ApiError::Network {
            operation: "x".into(),
            reason: "r".into(),
            connect: true,
            permanent: Some(Permanent::HostName),
        };
        assert!(!e.is_transient() && !e.outcome_unknown());
    }

    #[test]
    fn an_html_page_is_named_as_such() {
        let html = b"\n<!DOCTYPE html><html><body>Sign in</body></html>";
        let Err(parse) = serde_json::from_slice::<Value>(html) else {
            panic!("HTML parsed as JSON")
        };
        let e = decode_error("list flows", html, &parse);
        assert!(
            e.to_string()
                .starts_with("list flows: unexpected answer: an HTML page instead of JSON"),
            "{e}"
        );
        let text = b"{\"flows\": [";
        let Err(parse) = serde_json::from_slice::<Value>(text) else {
            panic!("cut-off JSON parsed")
        };
        assert_eq!(
            decode_error("x", text, &parse).to_string(),
            format!("x: unexpected answer: {parse}")
        );
    }

    #[test]
    fn graph_rate_limits_come_with_http_400() {
        for code in RATE_LIMIT_CODES {
            let body = format!(r#"{{"error": {{"message": "m", "code": {code}}}}}"#);
            let e = parse_error_body("publish flow 1".into(), 400, &body, None);
            assert_eq!(e.kind(), ErrorKind::RateLimited, "{code}");
            assert!(e.is_transient() && e.surely_not_processed(), "{code}");
        }
        let other = parse_error_body("x".into(), 400, r#"{"error": {"code": 100}}"#, None);
        assert_eq!(other.kind(), ErrorKind::Rejected);
    }

    #[test]
    fn lifecycle_codes_are_classified() {
        for code in [139001, 139002, 139003, 139004] {
            let body = format!(r#"{{"error": {{"message": "m", "code": {code}}}}}"#);
            let e = parse_error_body("x".into(), 400, &body, None);
            assert_eq!(e.kind(), ErrorKind::Lifecycle);
            assert!(!e.is_transient());
        }
        let e = parse_error_body(
            "x".into(),
            400,
            r#"{"error": {"message": "Unsupported get request.", "code": 100, "error_subcode": 33}}"#,
            None,
        );
        assert_eq!(e.kind(), ErrorKind::NotFound);
    }
}
