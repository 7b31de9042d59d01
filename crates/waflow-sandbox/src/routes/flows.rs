//! List, create, migrate, get, update and delete flows.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde_json::{Map, Value, json};

use super::{AppState, FlowPath, WabaPath, json_body, success};
use crate::errors::ApiError;
use crate::state::{CreateFlow, Flow, MigrateFlows, Scope, Store, UpdateFlow};

/// The fields a flow read can ask for, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Id,
    Name,
    Categories,
    ValidationErrors,
    Status,
    JsonVersion,
    DataApiVersion,
    DataChannelUri,
    EndpointUri,
    Preview,
    WhatsappBusinessAccount,
    Metric,
}

const FIELDS: [(&str, Field); 12] = [
    ("id", Field::Id),
    ("name", Field::Name),
    ("categories", Field::Categories),
    ("validation_errors", Field::ValidationErrors),
    ("status", Field::Status),
    ("json_version", Field::JsonVersion),
    ("data_api_version", Field::DataApiVersion),
    ("data_channel_uri", Field::DataChannelUri),
    ("endpoint_uri", Field::EndpointUri),
    ("preview", Field::Preview),
    ("whatsapp_business_account", Field::WhatsappBusinessAccount),
    ("metric", Field::Metric),
];

const DEFAULT_FIELDS: [Field; 5] = [
    Field::Id,
    Field::Name,
    Field::Categories,
    Field::ValidationErrors,
    Field::Status,
];

/// Reads `fields` from the query: comma-joined (`fields=id,name`), repeated
/// (`fields=id&fields=name`, also `fields[]=`), or a JSON array (`fields=["id","name"]`).
/// `id` is always included, as Graph does.
pub(super) fn parse_fields(query: &[(String, String)]) -> Result<Vec<Field>, ApiError> {
    let mut names: Vec<String> = Vec::new();
    let mut given = false;
    for (key, value) in query {
        if key != "fields" && key != "fields[]" {
            continue;
        }
        given = true;
        let value = value.trim();
        if value.starts_with('[') {
            let list: Vec<String> = serde_json::from_str(value).map_err(|_| {
                ApiError::bad_request(
                    "fields must be a JSON array of strings or a comma-separated list",
                )
            })?;
            names.extend(list);
        } else {
            names.extend(value.split(',').map(|s| s.trim().to_owned()));
        }
    }
    if !given {
        return Ok(DEFAULT_FIELDS.to_vec());
    }
    let mut fields = vec![Field::Id];
    for name in names.iter().filter(|n| !n.is_empty()) {
        let Some((_, f)) = FIELDS.iter().find(|(n, _)| n == name) else {
            let all: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
            return Err(ApiError::bad_request(format!(
                "unknown field \"{name}\"; available: {}",
                all.join(", ")
            )));
        };
        fields.push(*f);
    }
    if fields.contains(&Field::Metric) {
        return Err(ApiError::meta(
            139006,
            "Metrics threshold is not reached",
            "the sandbox never receives endpoint requests, so flow metrics are never available",
        ));
    }
    Ok(fields)
}

/// The query's pairs, or 400 for a query that does not decode.
pub(super) fn pairs(
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Vec<(String, String)>, ApiError> {
    query
        .map(|Query(q)| q)
        .map_err(|e| ApiError::bad_request(format!("malformed query string: {}", e.body_text())))
}

/// Creates the preview links a read asks for, then writes each flow with `fields`.
pub(super) fn render_all(
    store: &mut Store,
    state: &AppState,
    scope: &Scope,
    ids: &[String],
    fields: &[Field],
) -> Result<Vec<Value>, ApiError> {
    if fields.contains(&Field::Preview) {
        for id in ids {
            store.preview(scope, id, false)?;
        }
    }
    ids.iter()
        .map(|id| Ok(render(store.get(scope, id)?, state, fields)))
        .collect()
}

fn render(flow: &Flow, state: &AppState, fields: &[Field]) -> Value {
    let asset = flow.asset.as_ref();
    let mut out = Map::new();
    for (name, field) in FIELDS {
        if !fields.contains(&field) {
            continue;
        }
        let value = match field {
            Field::Id => Some(flow.id.to_string().into()),
            Field::Name => Some(flow.name.clone().into()),
            Field::Categories => Some(json!(flow.categories)),
            Field::ValidationErrors => Some(json!(flow.validation_errors())),
            Field::Status => Some(flow.status.as_str().into()),
            Field::JsonVersion => asset.and_then(|a| a.json_version.clone()).map(Value::from),
            Field::DataApiVersion => asset
                .and_then(|a| a.data_api_version.clone())
                .map(Value::from),
            Field::DataChannelUri => asset
                .and_then(|a| a.data_channel_uri.clone())
                .map(Value::from),
            Field::EndpointUri => flow.endpoint_uri.clone().map(Value::from),
            Field::Preview => flow
                .preview
                .as_ref()
                .map(|p| super::lifecycle::preview_json(state, flow.id, p)),
            Field::WhatsappBusinessAccount => Some(json!({"id": flow.scope.waba})),
            Field::Metric => None,
        };
        if let Some(v) = value {
            out.insert(name.to_owned(), v);
        }
    }
    Value::Object(out)
}

/// `GET …/flows`: `{"flows": [...], "count": n, "total": n}`, oldest first.
pub(super) async fn list(
    State(state): State<AppState>,
    Path(path): Path<WabaPath>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let scope = path.scope(&state)?;
    let fields = parse_fields(&pairs(query)?)?;
    let mut store = state.store();
    let ids: Vec<String> = store.list(&scope).map(|f| f.id.to_string()).collect();
    let flows = render_all(&mut store, &state, &scope, &ids, &fields)?;
    let n = flows.len();
    Ok(Json(json!({"flows": flows, "count": n, "total": n})))
}

/// `POST …/flows`: `{"id": "<new id>"}`.
pub(super) async fn create(
    State(state): State<AppState>,
    Path(path): Path<WabaPath>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let scope = path.scope(&state)?;
    let body: CreateFlow = json_body(&body)?;
    let id = state.store().create(&scope, body)?;
    Ok(Json(json!({"id": id.to_string()})))
}

/// `POST …/flows/migrate`: Meta's `{"migrated_flows": [...], "failed_flows": [...]}`.
pub(super) async fn migrate(
    State(state): State<AppState>,
    Path(path): Path<WabaPath>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let scope = path.scope(&state)?;
    let body: MigrateFlows = json_body(&body)?;
    let migration = state.store().migrate(&scope, body)?;
    Ok(Json(json!(migration)))
}

/// `GET …/flows/{id}`.
pub(super) async fn get_one(
    State(state): State<AppState>,
    Path(path): Path<FlowPath>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let (scope, id) = path.split(&state)?;
    let fields = parse_fields(&pairs(query)?)?;
    let mut store = state.store();
    let mut flows = render_all(&mut store, &state, &scope, &[id], &fields)?;
    Ok(Json(flows.pop().unwrap_or_default()))
}

/// `PATCH` or `POST …/flows/{id}`: `{"success": true}`.
pub(super) async fn update(
    State(state): State<AppState>,
    Path(path): Path<FlowPath>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let (scope, id) = path.split(&state)?;
    let body: UpdateFlow = json_body(&body)?;
    state.store().update(&scope, &id, body)?;
    Ok(success())
}

/// `DELETE …/flows/{id}`: `{"success": true}`.
pub(super) async fn delete(
    State(state): State<AppState>,
    Path(path): Path<FlowPath>,
) -> Result<Json<Value>, ApiError> {
    let (scope, id) = path.split(&state)?;
    state.store().delete(&scope, &id)?;
    Ok(success())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn fields_accept_every_encoding() {
        let want = vec![Field::Id, Field::Name, Field::Preview];
        assert_eq!(
            parse_fields(&q(&[("fields", "name,preview")])),
            Ok(want.clone())
        );
        assert_eq!(
            parse_fields(&q(&[("fields", "name"), ("fields", "preview")])),
            Ok(want.clone())
        );
        assert_eq!(
            parse_fields(&q(&[("fields", r#"["name","preview"]"#)])),
            Ok(want)
        );
        assert_eq!(parse_fields(&[]), Ok(DEFAULT_FIELDS.to_vec()));
        assert!(parse_fields(&q(&[("fields", "nope")])).is_err());
    }
}
