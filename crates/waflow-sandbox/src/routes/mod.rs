//! The HTTP surface: routes, authentication and the helpers handlers share.

mod assets;
mod flows;
mod graph;
mod lifecycle;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use waflow_core::document::MAX_FLOW_JSON_BYTES;

use crate::errors::ApiError;
use crate::faults;
use crate::state::{Scope, Store};

/// Largest request body read at all: the 10 MB file plus room for the multipart framing, so a
/// file just over the limit still gets a clear 400 rather than a transport-level 413.
pub(crate) const MAX_BODY_BYTES: usize = MAX_FLOW_JSON_BYTES + 1024 * 1024;

/// Where the flows routes live.
const FLOWS: &str = crate::FLOWS_PATH;

/// Shared by every handler.
#[derive(Clone)]
pub(crate) struct AppState {
    pub store: Arc<Mutex<Store>>,
    pub api_key: Arc<str>,
    /// Only this partner is served, unless empty.
    pub partner_id: Arc<str>,
    /// `http://127.0.0.1:PORT`, for links the sandbox serves itself.
    pub base_url: Arc<str>,
}

impl AppState {
    /// The store, locked.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The (partner, WABA) a request is for, or 403 for a partner this sandbox does not serve.
    pub fn scope(&self, partner: String, waba: String) -> Result<Scope, ApiError> {
        if !self.partner_id.is_empty() && *self.partner_id != *partner {
            return Err(ApiError::hub(
                StatusCode::FORBIDDEN,
                format!("Permission denied for partner {partner}"),
            ));
        }
        Ok(Scope { partner, waba })
    }
}

/// The whole application: flows routes behind the API key, the sandbox's own links, the fault
/// and log layer around everything.
pub(crate) fn app(state: AppState, layer: faults::Layer) -> Router {
    let flow = |rest: &str| format!("{FLOWS}/{{flow_id}}{rest}");
    let api = Router::new()
        .route(FLOWS, get(flows::list).post(flows::create))
        .route(&format!("{FLOWS}/migrate"), post(flows::migrate))
        .route(
            &flow(""),
            get(flows::get_one)
                .delete(flows::delete)
                .patch(flows::update)
                .post(flows::update),
        )
        .route(&flow("/assets"), get(assets::list).post(assets::upload))
        .route(&flow("/publish"), post(lifecycle::publish))
        .route(&flow("/deprecate"), post(lifecycle::deprecate))
        .route(&flow("/preview"), get(lifecycle::preview))
        .route_layer(middleware::from_fn_with_state(state.clone(), authenticate));
    let graph = graph::routes(state.clone());
    let links = Router::new()
        .route("/sandbox/assets/{flow_id}/flow.json", get(assets::download))
        .route("/sandbox/preview/{flow_id}", get(lifecycle::preview_page));
    api.merge(graph)
        .merge(links)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(layer, faults::middleware))
}

/// The key a request presents: its `X-API-Key` header, else the token of its
/// `Authorization: Bearer` header.
pub(crate) fn presented_key(headers: &HeaderMap) -> Option<&[u8]> {
    if let Some(key) = headers.get("x-api-key") {
        return Some(key.as_bytes());
    }
    let value = headers.get(header::AUTHORIZATION)?.as_bytes();
    let scheme = value.get(..7)?;
    scheme
        .eq_ignore_ascii_case(b"bearer ")
        .then(|| value[7..].trim_ascii())
}

/// Checks the key, sent as `X-API-Key` or as `Authorization: Bearer`.
async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match presented_key(request.headers()) {
        None => ApiError::hub(
            StatusCode::UNAUTHORIZED,
            "missing X-API-Key header (or Authorization: Bearer)",
        )
        .into_response(),
        Some(k) if !same(k, state.api_key.as_bytes()) => {
            ApiError::hub(StatusCode::UNAUTHORIZED, "invalid API key").into_response()
        }
        Some(_) => next.run(request).await,
    }
}

/// Compares without stopping at the first difference.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::hub(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this route",
    )
}

/// Parses a JSON request body.
pub(crate) fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}

/// Path of the collection routes.
#[derive(Deserialize)]
pub(crate) struct WabaPath {
    partner_id: String,
    waba_account_id: String,
}

/// Path of the per-flow routes.
#[derive(Deserialize)]
pub(crate) struct FlowPath {
    partner_id: String,
    waba_account_id: String,
    pub flow_id: String,
}

impl WabaPath {
    /// The (partner, WABA) scope of the request.
    pub fn scope(self, state: &AppState) -> Result<Scope, ApiError> {
        state.scope(self.partner_id, self.waba_account_id)
    }
}

impl FlowPath {
    /// The scope and the flow id.
    pub fn split(self, state: &AppState) -> Result<(Scope, String), ApiError> {
        Ok((
            state.scope(self.partner_id, self.waba_account_id)?,
            self.flow_id,
        ))
    }
}

/// Meta's result of an operation.
pub(crate) fn success() -> Json<Value> {
    Json(json!({"success": true}))
}
