//! Errors: the crate's own [`SandboxError`], and the error answers the server sends.

use std::net::SocketAddr;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// Why the sandbox could not start or keep serving.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The configuration cannot be served (for example an empty API key).
    #[error("invalid sandbox configuration: {0}")]
    Config(String),
    /// The listening socket could not be opened.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
}

/// An error answer. Hub-level problems (auth, unknown ids, malformed payloads) use the 360dialog
/// `{"meta": {...}}` envelope; rule violations that Meta reports use Graph's `{"error": {...}}`
/// envelope with HTTP 400.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ApiError {
    /// A 360dialog hub error.
    Hub { status: StatusCode, message: String },
    /// A Meta Graph error relayed by the hub.
    Meta(MetaError),
}

/// A Graph API error object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MetaError {
    pub code: u32,
    pub subcode: Option<u32>,
    pub title: &'static str,
    pub message: String,
}

impl MetaError {
    /// Graph's `{"error": {...}}` envelope; `transient`: Meta's `is_transient`.
    pub fn body(self, transient: bool) -> Value {
        let mut error = Map::new();
        error.insert("message".into(), self.title.into());
        error.insert("type".into(), "OAuthException".into());
        error.insert("code".into(), self.code.into());
        if let Some(sub) = self.subcode {
            error.insert("error_subcode".into(), sub.into());
        }
        error.insert("is_transient".into(), transient.into());
        error.insert("error_user_title".into(), self.title.into());
        error.insert("error_user_msg".into(), self.message.into());
        error.insert("fbtrace_id".into(), "waflow-sandbox".into());
        json!({ "error": error })
    }
}

/// Meta's rate-limit codes, which the Graph API answers with HTTP 400: 4 (the app's calls),
/// 80007 (the WhatsApp Business Account's), 130429 (Cloud API throughput).
pub(crate) const GRAPH_RATE_LIMIT_CODES: [u32; 3] = [4, 80007, 130429];

/// The body of Meta's rate-limit answer with `code`, in our own words (sent with HTTP 400).
pub(crate) fn rate_limit_body(code: u32) -> Value {
    let (title, message) = match code {
        80007 => (
            "WhatsApp Business Account rate limit",
            "this WhatsApp Business Account made too many calls; wait before calling again",
        ),
        130429 => (
            "Cloud API throughput reached",
            "too many calls for this phone number's throughput; wait before calling again",
        ),
        _ => (
            "Application request limit reached",
            "this app made too many calls; wait before calling again",
        ),
    };
    MetaError {
        code,
        subcode: None,
        title,
        message: message.to_owned(),
    }
    .body(true)
}

impl ApiError {
    /// 400 Wrong payload.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::hub(StatusCode::BAD_REQUEST, message)
    }

    /// 404 Not found.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::hub(StatusCode::NOT_FOUND, message)
    }

    /// Any hub-level error.
    pub fn hub(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError::Hub {
            status,
            message: message.into(),
        }
    }

    /// A Meta error with `code`, a short title and our own message.
    pub fn meta(code: u32, title: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Meta(MetaError {
            code,
            subcode: None,
            title,
            message: message.into(),
        })
    }

    /// Adds Meta's `error_subcode`.
    pub fn with_subcode(self, subcode: u32) -> ApiError {
        match self {
            ApiError::Meta(m) => ApiError::Meta(MetaError {
                subcode: Some(subcode),
                ..m
            }),
            other => other,
        }
    }
}

/// The 360dialog hub envelope for `status`.
pub(crate) fn hub_body(status: StatusCode, message: &str) -> Value {
    json!({"meta": {
        "success": false,
        "http_code": status.as_u16(),
        "developer_message": message,
    }})
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Hub { status, message } => {
                (status, Json(hub_body(status, &message))).into_response()
            }
            ApiError::Meta(m) => (StatusCode::BAD_REQUEST, Json(m.body(false))).into_response(),
        }
    }
}
