//! Publish, deprecate and preview.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{AppState, FlowPath, success};
use crate::errors::ApiError;
use crate::state::Preview;

/// `POST …/flows/{id}/publish`: `{"success": true}`, or Meta's 139002.
pub(super) async fn publish(
    State(state): State<AppState>,
    Path(path): Path<FlowPath>,
) -> Result<Json<Value>, ApiError> {
    let (scope, id) = path.split(&state)?;
    state.store().publish(&scope, &id)?;
    Ok(success())
}

/// `POST …/flows/{id}/deprecate`: `{"success": true}`, or Meta's 139003.
pub(super) async fn deprecate(
    State(state): State<AppState>,
    Path(path): Path<FlowPath>,
) -> Result<Json<Value>, ApiError> {
    let (scope, id) = path.split(&state)?;
    state.store().deprecate(&scope, &id)?;
    Ok(success())
}

/// Query of the preview route.
#[derive(Deserialize)]
pub(super) struct PreviewQuery {
    #[serde(default)]
    invalidate: bool,
}

/// `GET …/flows/{id}/preview?invalidate=true|false`: `{"id", "preview": {"preview_url",
/// "expires_at"}}`. The link stays the same until `invalidate=true`.
pub(super) async fn preview(
    State(state): State<AppState>,
    Path(path): Path<FlowPath>,
    query: Result<Query<PreviewQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let (scope, id) = path.split(&state)?;
    let Query(query) =
        query.map_err(|_| ApiError::bad_request("invalidate must be true or false"))?;
    let preview = state.store().preview(&scope, &id, query.invalidate)?;
    Ok(Json(json!({
        "id": id,
        "preview": preview_json(&state, &id, &preview),
    })))
}

/// The `preview` object of a flow.
pub(super) fn preview_json(
    state: &AppState,
    flow_id: impl std::fmt::Display,
    p: &Preview,
) -> Value {
    json!({
        "preview_url": format!("{}/sandbox/preview/{flow_id}?token={}", state.base_url, p.token),
        "expires_at": p.expires_at,
    })
}

/// Query of a preview link.
#[derive(Deserialize)]
pub(super) struct TokenQuery {
    token: Option<String>,
}

/// `GET /sandbox/preview/{id}?token=…`: a placeholder page while the link is current.
pub(super) async fn preview_page(
    State(state): State<AppState>,
    Path(flow_id): Path<String>,
    Query(query): Query<TokenQuery>,
) -> Result<Html<String>, ApiError> {
    let store = state.store();
    let flow = store
        .get_any(&flow_id)
        .filter(|f| {
            f.preview
                .as_ref()
                .is_some_and(|p| query.token == Some(p.token.to_string()))
        })
        .ok_or_else(|| ApiError::not_found("unknown or invalidated preview link"))?;
    Ok(Html(format!(
        "<!doctype html><title>waflow sandbox preview</title><p>Preview of flow {} ({}), status {}.</p>",
        flow.id,
        html_escape(&flow.name),
        flow.status.as_str()
    )))
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
