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
            ApiError::Meta(m) => {
                let mut error = Map::new();
                error.insert("message".into(), m.title.into());
                error.insert("type".into(), "OAuthException".into());
                error.insert("code".into(), m.code.into());
                if let Some(sub) = m.subcode {
                    error.insert("error_subcode".into(), sub.into());
                }
                error.insert("is_transient".into(), false.into());
                error.insert("error_user_title".into(), m.title.into());
                error.insert("error_user_msg".into(), m.message.into());
                error.insert("fbtrace_id".into(), "waflow-sandbox".into());
                (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response()
            }
        }
    }
}
