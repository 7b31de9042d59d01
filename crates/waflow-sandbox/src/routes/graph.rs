//! Meta's Graph API paths (`/vNN.N/…`, any version) over the same store as the Partner API
//! paths: a flow has one id whichever API reads it.
//!
//! A WABA id on these paths is an account of its own, apart from every (partner, WABA account)
//! pair of the Partner API paths; a flow id reaches the flow whichever account holds it, as
//! Graph's object ids do. Errors use Graph's `{"error": {...}}` envelope throughout (an unknown
//! object is code 100 with subcode 33, a bad token code 190 with HTTP 401).

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{AppState, assets, flows};
use crate::errors::ApiError;
use crate::state::{Asset, CreateFlow, Flow, FlowStatus, MigrateFlows, Scope, Store, UpdateFlow};

/// The partner of the accounts the Graph paths address (no 360dialog partner id is empty).
const GRAPH_PARTNER: &str = "";

/// Items per page of a list unless `limit` says otherwise.
const PAGE_SIZE: usize = 25;

/// The Graph routes, behind the token check.
pub(super) fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/{version}/{node}/flows", get(list).post(create))
        .route("/{version}/{node}/migrate_flows", post(migrate))
        .route(
            "/{version}/{node}",
            get(get_one).post(update).delete(delete),
        )
        .route("/{version}/{node}/assets", get(list_assets).post(upload))
        .route("/{version}/{node}/publish", post(publish))
        .route("/{version}/{node}/deprecate", post(deprecate))
        .route_layer(middleware::from_fn_with_state(state, authenticate))
}

/// An error answer in Graph's envelope, or the route-level 404 of a path that is not a Graph
/// path at all (its first segment is not a version).
pub(super) enum GraphError {
    /// An answer of a Graph route.
    Api(ApiError),
    /// Not a Graph path: answered like any unknown route.
    NoRoute,
}

impl From<ApiError> for GraphError {
    fn from(e: ApiError) -> GraphError {
        GraphError::Api(e)
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let error = match self {
            GraphError::Api(e) => e,
            GraphError::NoRoute => return ApiError::not_found("no such route").into_response(),
        };
        let (status, error) = match error {
            ApiError::Meta(m) => (StatusCode::BAD_REQUEST, ApiError::Meta(m)),
            ApiError::Hub { status, message } => {
                let (code, sub, title, status) = match status {
                    StatusCode::NOT_FOUND => (
                        100,
                        Some(33),
                        "Unsupported request: the object does not exist",
                        StatusCode::BAD_REQUEST,
                    ),
                    StatusCode::UNAUTHORIZED => (190, None, "Invalid OAuth access token", status),
                    StatusCode::FORBIDDEN => (200, None, "Permissions error", status),
                    s if s.is_server_error() => (1, None, "An unknown error occurred", s),
                    s => (100, None, "Invalid parameter", s),
                };
                let error = ApiError::meta(code, title, message);
                match sub {
                    Some(s) => (status, error.with_subcode(s)),
                    None => (status, error),
                }
            }
        };
        let mut response = error.into_response();
        *response.status_mut() = status;
        response
    }
}

type GraphResult<T> = Result<T, GraphError>;

/// Accepts the sandbox's key as `Authorization: Bearer KEY` (as Graph clients send their token)
/// or as `X-API-Key`.
async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match super::presented_key(request.headers()) {
        None => GraphError::Api(ApiError::hub(
            StatusCode::UNAUTHORIZED,
            "no access token: send Authorization: Bearer <token>",
        ))
        .into_response(),
        Some(k) if !super::same(k, state.api_key.as_bytes()) => GraphError::Api(ApiError::hub(
            StatusCode::UNAUTHORIZED,
            "the access token could not be decrypted",
        ))
        .into_response(),
        Some(_) => next.run(request).await,
    }
}

/// Path of every Graph route: the version and the node (a WABA id or a flow id).
#[derive(Deserialize)]
struct NodePath {
    version: String,
    node: String,
}

impl NodePath {
    /// The node, once the version is checked: `v` then digits, a dot and digits.
    fn node(self) -> Result<String, GraphError> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let ok = self
            .version
            .strip_prefix('v')
            .and_then(|v| v.split_once('.'))
            .is_some_and(|(a, b)| digits(a) && digits(b));
        if ok {
            Ok(self.node)
        } else {
            Err(GraphError::NoRoute)
        }
    }

    /// The WABA account the node names.
    fn waba(self) -> Result<Scope, GraphError> {
        Ok(graph_scope(self.node()?))
    }

    /// The flow the node names: its account and its id.
    fn flow(self, state: &AppState) -> Result<(Scope, String), GraphError> {
        let id = self.node()?;
        let scope = state
            .store()
            .get_any(&id)
            .map(|f| f.scope.clone())
            .ok_or_else(|| unknown_object(&id))?;
        Ok((scope, id))
    }
}

fn graph_scope(waba: String) -> Scope {
    Scope {
        partner: GRAPH_PARTNER.to_owned(),
        waba,
    }
}

fn unknown_object(id: &str) -> ApiError {
    ApiError::not_found(format!(
        "Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation"
    ))
}

/// Graph-only fields of a read, taken out of `fields` before the shared field parser sees it.
#[derive(Default)]
struct GraphFields {
    /// `preview.invalidate(true)`.
    invalidate_preview: bool,
    /// `health_status` (also `health_status.phone_number(…)`).
    health_status: bool,
    /// `updated_at`.
    updated_at: bool,
}

/// Splits Graph's field syntax: `preview.invalidate(b)` becomes `preview`, `health_status…` and
/// `updated_at` are answered here, and `application` (which the sandbox does not model) is left
/// out of the answer.
fn graph_fields(query: Vec<(String, String)>) -> (Vec<(String, String)>, GraphFields) {
    let mut extra = GraphFields::default();
    let mut out = Vec::new();
    for (key, value) in query {
        if key != "fields" {
            out.push((key, value));
            continue;
        }
        let mut kept = Vec::new();
        for name in value.split(',').map(str::trim) {
            if let Some(arg) = name.strip_prefix("preview.invalidate(") {
                extra.invalidate_preview = arg.trim_end_matches(')') == "true";
                kept.push("preview");
            } else if name == "health_status" || name.starts_with("health_status.") {
                extra.health_status = true;
            } else if name == "updated_at" {
                extra.updated_at = true;
            } else if name != "application" {
                kept.push(name);
            }
        }
        out.push((key, kept.join(",")));
    }
    (out, extra)
}

/// `GET /vNN.N/{WABA}/flows`: `{"data": [...], "paging": {"cursors": {...}, "next"?}}`, oldest
/// first, `limit` per page (25 by default) from the `after` cursor.
async fn list(
    State(state): State<AppState>,
    Path(path): Path<NodePath>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> GraphResult<Json<Value>> {
    let scope = path.waba()?;
    let (query, extra) = graph_fields(flows::pairs(query)?);
    let fields = flows::parse_fields(&query)?;
    let one = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let limit = match one("limit") {
        None => PAGE_SIZE,
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|l| *l > 0)
            .ok_or_else(|| ApiError::bad_request("limit must be a positive number"))?,
    };
    let mut store = state.store();
    let ids: Vec<String> = store.list(&scope).map(|f| f.id.to_string()).collect();
    let start = match one("after") {
        None => 0,
        Some(after) => ids
            .iter()
            .position(|id| *id == after)
            .map(|i| i + 1)
            .ok_or_else(|| ApiError::bad_request("unknown after cursor"))?,
    };
    let page: Vec<String> = ids.iter().skip(start).take(limit).cloned().collect();
    let mut data = flows::render_all(&mut store, &state, &scope, &page, &fields)?;
    graph_extras(&store, &scope, &page, &mut data, &extra)?;
    Ok(Json(page_json(data, &page, start + page.len() < ids.len())))
}

/// `{"data": data, "paging": …}`; the cursors are the first and last ids of the page.
fn page_json(data: Vec<Value>, ids: &[String], more: bool) -> Value {
    let mut paging = Map::new();
    if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
        paging.insert("cursors".into(), json!({"before": first, "after": last}));
        if more {
            paging.insert("next".into(), format!("?after={last}").into());
        }
    }
    json!({"data": data, "paging": paging})
}

/// Body of a Graph create: `flow_json` (a string) and `publish` besides the Partner API's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphCreate {
    name: String,
    categories: Option<Vec<String>>,
    clone_flow_id: Option<String>,
    endpoint_uri: Option<String>,
    flow_json: Option<String>,
    publish: Option<bool>,
}

/// A body as JSON, or as form fields (`curl -F`/`-d`), whose lists are JSON arrays and
/// booleans `true`/`false`.
fn body_value(headers: &HeaderMap, body: &Bytes) -> Result<Value, ApiError> {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return super::json_body(body);
    }
    let pairs: Vec<(String, String)> = serde_urlencoded_pairs(body)?;
    let mut map = Map::new();
    for (k, v) in pairs {
        let value = match v.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            s if s.starts_with('[') => serde_json::from_str(s)
                .map_err(|_| ApiError::bad_request(format!("{k} is not a JSON array")))?,
            s => Value::String(s.to_owned()),
        };
        map.insert(k, value);
    }
    Ok(Value::Object(map))
}

/// The pairs of a form body.
fn serde_urlencoded_pairs(body: &Bytes) -> Result<Vec<(String, String)>, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::bad_request("the form body is not UTF-8"))?;
    let uri: axum::http::Uri = format!("/?{text}")
        .parse()
        .map_err(|_| ApiError::bad_request("malformed form body"))?;
    Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .map(|Query(q)| q)
        .map_err(|e| ApiError::bad_request(format!("malformed form body: {}", e.body_text())))
}

fn typed_body<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| ApiError::bad_request(format!("invalid body: {e}")))
}

/// `POST /vNN.N/{WABA}/flows`: `{"id"}`; with `flow_json`, the flow JSON is stored in the same
/// call and its `validation_errors` answered; with `publish: true` as well, a flow JSON without
/// errors is published at once (otherwise the flow stays a DRAFT).
async fn create(
    State(state): State<AppState>,
    Path(path): Path<NodePath>,
    headers: HeaderMap,
    body: Bytes,
) -> GraphResult<Json<Value>> {
    let scope = path.waba()?;
    let body: GraphCreate = typed_body(body_value(&headers, &body)?)?;
    let asset = match body.flow_json {
        Some(text) => Some(analyse(Bytes::from(text)).await?),
        None => None,
    };
    let mut store = state.store();
    let id = store
        .create(
            &scope,
            CreateFlow {
                name: body.name,
                categories: body.categories,
                clone_flow_id: body.clone_flow_id,
                endpoint_uri: body.endpoint_uri,
            },
        )?
        .to_string();
    let Some(asset) = asset else {
        return Ok(Json(json!({"id": id})));
    };
    let errors = store.upload(&scope, &id, asset)?;
    if body.publish == Some(true) && errors.is_empty() {
        // The flow exists now: a refused publish leaves it a DRAFT rather than failing the call.
        let _ = store.publish(&scope, &id);
    }
    Ok(Json(
        json!({"id": id, "success": true, "validation_errors": errors}),
    ))
}

/// Validates a flow JSON off the async threads.
async fn analyse(bytes: Bytes) -> Result<Asset, ApiError> {
    tokio::task::spawn_blocking(move || Asset::analyse(bytes))
        .await
        .map_err(|_| ApiError::hub(StatusCode::INTERNAL_SERVER_ERROR, "validation failed"))
}

/// Query of migrate: Graph takes its parameters in the query string.
#[derive(Deserialize)]
struct MigrateQuery {
    source_waba_id: String,
    source_flow_names: Option<String>,
}

/// `POST /vNN.N/{WABA}/migrate_flows?source_waba_id=…&source_flow_names=[…]`.
async fn migrate(
    State(state): State<AppState>,
    Path(path): Path<NodePath>,
    query: Result<Query<MigrateQuery>, QueryRejection>,
) -> GraphResult<Json<Value>> {
    let scope = path.waba()?;
    let Query(query) = query.map_err(|_| ApiError::bad_request("source_waba_id is required"))?;
    let names = query
        .source_flow_names
        .map(|n| {
            serde_json::from_str::<Vec<String>>(&n)
                .map_err(|_| ApiError::bad_request("source_flow_names must be a JSON array"))
        })
        .transpose()?;
    let migration = state.store().migrate(
        &scope,
        MigrateFlows {
            source_waba_account_id: query.source_waba_id,
            source_flow_names: names,
        },
    )?;
    Ok(Json(json!(migration)))
}

/// `GET /vNN.N/{FLOW}`: the fields asked for, `preview.invalidate(…)` and `health_status`
/// included.
async fn get_one(
    State(state): State<AppState>,
    Path(path): Path<NodePath>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> GraphResult<Json<Value>> {
    let (scope, id) = path.flow(&state)?;
    let (query, extra) = graph_fields(flows::pairs(query)?);
    let fields = flows::parse_fields(&query)?;
    let mut store = state.store();
    if extra.invalidate_preview {
        store.preview(&scope, &id, true)?;
    }
    let ids = [id];
    let mut out = flows::render_all(&mut store, &state, &scope, &ids, &fields)?;
    graph_extras(&store, &scope, &ids, &mut out, &extra)?;
    Ok(Json(out.pop().unwrap_or_default()))
}

/// Adds to each rendered flow what Graph answers and the Partner API does not: the WABA's name
/// and time zone with `whatsapp_business_account`, `health_status` and `updated_at` (the time of
/// the answer: the sandbox keeps no history) when asked for.
fn graph_extras(
    store: &Store,
    scope: &Scope,
    ids: &[String],
    rendered: &mut [Value],
    extra: &GraphFields,
) -> Result<(), ApiError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for (id, value) in ids.iter().zip(rendered.iter_mut()) {
        let Value::Object(map) = value else { continue };
        if let Some(Value::Object(waba)) = map.get_mut("whatsapp_business_account") {
            waba.insert("name".into(), "waflow sandbox".into());
            waba.insert("timezone_id".into(), "1".into());
        }
        if extra.health_status {
            map.insert("health_status".into(), health(store.get(scope, id)?));
        }
        if extra.updated_at {
            map.insert("updated_at".into(), crate::state::graph_time(now).into());
        }
    }
    Ok(())
}

/// The flow's `health_status`: the flow itself is BLOCKED when it is deprecated, when its flow
/// JSON has validation errors, or when it uses an endpoint without an `endpoint_uri`; the WABA,
/// business and app are always AVAILABLE.
fn health(flow: &Flow) -> Value {
    let mut errors = Vec::new();
    if flow.status == FlowStatus::Deprecated {
        errors.push(json!({
            "error_code": 139003,
            "error_description": "The flow is deprecated.",
            "possible_solution": "Create a new flow (or clone this one) and publish it.",
        }));
    }
    if !flow.validation_errors().is_empty() {
        errors.push(json!({
            "error_code": 139002,
            "error_description": "The Flow JSON has validation errors.",
            "possible_solution": "Fix every validation error and upload the flow JSON again.",
        }));
    }
    if flow.asset.as_ref().is_some_and(|a| a.uses_endpoint) && flow.endpoint_uri.is_none() {
        errors.push(json!({
            "error_code": 139002,
            "error_description": "The flow uses an endpoint but has no endpoint_uri.",
            "possible_solution": "Set the endpoint URI with the flow's metadata.",
        }));
    }
    let flow_state = if errors.is_empty() {
        "AVAILABLE"
    } else {
        "BLOCKED"
    };
    let mut flow_entity = json!({
        "entity_type": "FLOW",
        "id": flow.id.to_string(),
        "can_send_message": flow_state,
    });
    if !errors.is_empty()
        && let Value::Object(map) = &mut flow_entity
    {
        map.insert("errors".into(), Value::Array(errors));
    }
    let available = |kind: &str, id: &str| json!({"entity_type": kind, "id": id, "can_send_message": "AVAILABLE"});
    json!({
        "can_send_message": flow_state,
        "entities": [
            flow_entity,
            available("WABA", &flow.scope.waba),
            available("BUSINESS", "sandbox-business"),
            available("APP", "sandbox-app"),
        ],
    })
}

/// Body of a Graph metadata update (`application_id` is accepted and not modelled).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphUpdate {
    name: Option<String>,
    categories: Option<Vec<String>>,
    endpoint_uri: Option<String>,
    #[serde(rename = "application_id")]
    _application_id: Option<Value>,
}

/// `POST /vNN.N/{FLOW}`: `{"success": true}`.
async fn update(
    State(state): State<AppState>,
    Path(path): Path<NodePath>,
    headers: HeaderMap,
    body: Bytes,
) -> GraphResult<Json<Value>> {
    let (scope, id) = path.flow(&state)?;
    let body: GraphUpdate = typed_body(body_value(&headers, &body)?)?;
    state.store().update(
        &scope,
        &id,
        UpdateFlow {
            name: body.name,
            categories: body.categories,
            endpoint_uri: body.endpoint_uri,
        },
    )?;
    Ok(super::success())
}

/// `DELETE /vNN.N/{FLOW}`: `{"success": true}`.
async fn delete(
    State(state): State<AppState>,
    Path(path): Path<NodePath>,
) -> GraphResult<Json<Value>> {
    let (scope, id) = path.flow(&state)?;
    state.store().delete(&scope, &id)?;
    Ok(super::success())
}

/// `GET /vNN.N/{FLOW}/assets`: `{"data": [...], "paging": {...}}`.
async fn list_assets(
    State(state): State<AppState>,
    Path(path): Path<NodePath>,
) -> GraphResult<Json<Value>> {
    let (scope, id) = path.flow(&state)?;
    let store = state.store();
    let assets = assets::asset_list(&state, store.get(&scope, &id)?);
    let names: Vec<String> = assets.iter().map(|_| "flow.json".to_owned()).collect();
    Ok(Json(page_json(assets, &names, false)))
}

/// `POST /vNN.N/{FLOW}/assets`: the same multipart upload as the Partner API's.
async fn upload(
    State(state): State<AppState>,
    Path(path): Path<NodePath>,
    multipart: Result<Multipart, MultipartRejection>,
) -> GraphResult<Json<Value>> {
    let (scope, id) = path.flow(&state)?;
    Ok(assets::store_upload(&state, &scope, &id, multipart).await?)
}

/// `POST /vNN.N/{FLOW}/publish`.
async fn publish(
    State(state): State<AppState>,
    Path(path): Path<NodePath>,
) -> GraphResult<Json<Value>> {
    let (scope, id) = path.flow(&state)?;
    state.store().publish(&scope, &id)?;
    Ok(super::success())
}

/// `POST /vNN.N/{FLOW}/deprecate`.
async fn deprecate(
    State(state): State<AppState>,
    Path(path): Path<NodePath>,
) -> GraphResult<Json<Value>> {
    let (scope, id) = path.flow(&state)?;
    state.store().deprecate(&scope, &id)?;
    Ok(super::success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_field_syntax_is_split_off() {
        let (q, extra) = graph_fields(vec![(
            "fields".into(),
            "id,name,preview.invalidate(true),health_status.phone_number(1),application".into(),
        )]);
        assert_eq!(q, vec![("fields".to_owned(), "id,name,preview".to_owned())]);
        assert!(extra.invalidate_preview && extra.health_status);
    }

    #[test]
    fn versions_are_checked() {
        let node = |v: &str| {
            NodePath {
                version: v.into(),
                node: "1".into(),
            }
            .node()
            .is_ok()
        };
        assert!(node("v24.0") && node("v9.1"));
        assert!(!node("api") && !node("v24") && !node("24.0") && !node("sandbox"));
    }
}
