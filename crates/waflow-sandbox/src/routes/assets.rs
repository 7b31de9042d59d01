//! List, upload and download the flow.json asset.

use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use waflow_core::document::MAX_FLOW_JSON_BYTES;

use super::{AppState, FlowPath};
use crate::errors::ApiError;
use crate::state::{Asset, Flow, Scope};

/// The only asset name and type Meta supports.
const ASSET_NAME: &str = "flow.json";
const ASSET_TYPE: &str = "FLOW_JSON";

/// `GET …/flows/{id}/assets`: `{"assets": [...], "count": n, "total": n}`.
pub(super) async fn list(
    State(state): State<AppState>,
    Path(path): Path<FlowPath>,
) -> Result<Json<Value>, ApiError> {
    let (scope, id) = path.split(&state)?;
    let store = state.store();
    let assets = asset_list(&state, store.get(&scope, &id)?);
    let n = assets.len();
    Ok(Json(json!({"assets": assets, "count": n, "total": n})))
}

/// The flow's assets: its `flow.json`, with a download link, once one was uploaded.
pub(super) fn asset_list(state: &AppState, flow: &Flow) -> Vec<Value> {
    flow.asset
        .iter()
        .map(|a| {
            json!({
                "name": ASSET_NAME,
                "asset_type": ASSET_TYPE,
                "download_url": format!("{}/sandbox/assets/{}/{ASSET_NAME}?token={}", state.base_url, flow.id, a.token),
            })
        })
        .collect()
}

/// `POST …/flows/{id}/assets`: multipart `file`, `name=flow.json`, `asset_type=FLOW_JSON`.
/// Answers 200 `{"success": true, "validation_errors": [...]}` even when the JSON is invalid.
pub(super) async fn upload(
    State(state): State<AppState>,
    Path(path): Path<FlowPath>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<Value>, ApiError> {
    let (scope, id) = path.split(&state)?;
    store_upload(&state, &scope, &id, multipart).await
}

/// Reads an upload's form, validates the file and stores it as the flow's `flow.json`.
pub(super) async fn store_upload(
    state: &AppState,
    scope: &Scope,
    id: &str,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<Value>, ApiError> {
    let multipart = multipart.map_err(|e| {
        ApiError::bad_request(format!(
            "expected a multipart/form-data body: {}",
            e.body_text()
        ))
    })?;
    let file = read_form(multipart).await?;
    state.store().check_upload(scope, id)?;
    let asset = tokio::task::spawn_blocking(move || Asset::analyse(file))
        .await
        .map_err(|_| ApiError::hub(StatusCode::INTERNAL_SERVER_ERROR, "validation failed"))?;
    let errors = state.store().upload(scope, id, asset)?;
    Ok(Json(json!({"success": true, "validation_errors": errors})))
}

/// Reads the three parts, refusing anything else.
async fn read_form(mut multipart: Multipart) -> Result<Bytes, ApiError> {
    let (mut file, mut name, mut asset_type) = (None, None, None);
    while let Some(field) = multipart.next_field().await.map_err(form_error)? {
        let part = field.name().unwrap_or_default().to_owned();
        let slot = match part.as_str() {
            "file" => &mut file,
            "name" => &mut name,
            "asset_type" => &mut asset_type,
            // Cloud API clients (pywa among them) send it with every call; it says nothing here.
            "messaging_product" => {
                field.bytes().await.map_err(form_error)?;
                continue;
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "unexpected form part \"{other}\"; expected file, name and asset_type"
                )));
            }
        };
        if slot.is_some() {
            return Err(ApiError::bad_request(format!(
                "form part \"{part}\" appears twice"
            )));
        }
        *slot = Some(field.bytes().await.map_err(form_error)?);
    }
    let file = file.ok_or_else(|| ApiError::bad_request("missing form part \"file\""))?;
    expect_text(name, "name", ASSET_NAME)?;
    expect_text(asset_type, "asset_type", ASSET_TYPE)?;
    if file.len() > MAX_FLOW_JSON_BYTES {
        return Err(ApiError::bad_request(format!(
            "the file is {} bytes; flow.json may not exceed 10 MB ({MAX_FLOW_JSON_BYTES} bytes)",
            file.len()
        )));
    }
    Ok(file)
}

fn expect_text(value: Option<Bytes>, part: &str, want: &str) -> Result<(), ApiError> {
    match value {
        None => Err(ApiError::bad_request(format!(
            "missing form part \"{part}\""
        ))),
        Some(v) if v.as_ref() == want.as_bytes() => Ok(()),
        Some(v) => Err(ApiError::bad_request(format!(
            "form part \"{part}\" is \"{}\"; the only supported value is \"{want}\"",
            String::from_utf8_lossy(&v)
        ))),
    }
}

fn form_error(e: MultipartError) -> ApiError {
    let status = e.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::hub(
            status,
            format!(
                "request body too large: flow.json may not exceed 10 MB ({MAX_FLOW_JSON_BYTES} bytes)"
            ),
        )
    } else {
        ApiError::bad_request(format!("malformed multipart body: {}", e.body_text()))
    }
}

/// Query of a download link.
#[derive(Deserialize)]
pub(super) struct TokenQuery {
    token: Option<String>,
}

/// `GET /sandbox/assets/{id}/flow.json?token=…`: the exact bytes last uploaded. Like Meta's CDN
/// links it needs no API key, and it stops working once a newer file is uploaded.
pub(super) async fn download(
    State(state): State<AppState>,
    Path(flow_id): Path<String>,
    Query(query): Query<TokenQuery>,
) -> Result<Response, ApiError> {
    let store = state.store();
    let asset = store
        .get_any(&flow_id)
        .and_then(|f| f.asset.as_ref())
        .filter(|a| query.token == Some(a.token.to_string()))
        .ok_or_else(|| ApiError::not_found("unknown or expired asset link"))?;
    let mut response = asset.bytes.clone().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}
