//! The in-memory store: flows per (partner, WABA account) and Meta's lifecycle rules.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use waflow_core::meta_errors::MetaValidationError;
use waflow_core::{CheckOptions, FlowVersion, platform};

use crate::errors::ApiError;

use waflow_core::platform::FLOW_CATEGORIES as CATEGORIES;

/// First flow id handed out; ids then go up by one, like Meta's numeric ids.
const FIRST_FLOW_ID: u64 = 1_000_000_000_001;

/// Meta's limit on flows per migrate request.
const MAX_MIGRATE_NAMES: usize = 100;

/// Preview links live 30 days.
const PREVIEW_LIFETIME_SECS: u64 = 30 * 24 * 60 * 60;

/// A partner and one of its WABA accounts: the unit of isolation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Scope {
    pub partner: String,
    pub waba: String,
}

/// Meta's business-set flow states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlowStatus {
    Draft,
    Published,
    Deprecated,
}

impl FlowStatus {
    /// The state as Meta writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            FlowStatus::Draft => "DRAFT",
            FlowStatus::Published => "PUBLISHED",
            FlowStatus::Deprecated => "DEPRECATED",
        }
    }
}

/// The uploaded `flow.json` and what was learnt from it.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// The exact bytes received.
    pub bytes: Bytes,
    /// Download token; changes on every upload.
    pub token: u64,
    pub validation_errors: Vec<MetaValidationError>,
    pub json_version: Option<String>,
    pub data_api_version: Option<String>,
    pub data_channel_uri: Option<String>,
    /// The flow talks to an endpoint (`data_api_version` or a `data_exchange` action).
    pub uses_endpoint: bool,
}

impl Asset {
    /// Validates `bytes` with waflow-core and reads the flow's versions. The download token is
    /// set when the asset is stored.
    pub fn analyse(bytes: Bytes) -> Asset {
        let (doc, findings) = waflow_core::document::load(&bytes);
        let report =
            waflow_core::check::check_loaded("flow.json", &doc, findings, &CheckOptions::default());
        let validation_errors = waflow_core::meta_errors::from_report(&report);
        let top = |key: &str| {
            doc.value
                .as_ref()
                .and_then(|v| v.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let data_api_version = top("data_api_version");
        let uses_endpoint = doc.value.as_ref().is_some_and(platform::uses_endpoint);
        Asset {
            token: 0,
            validation_errors,
            json_version: report.flow_version.clone(),
            data_api_version,
            data_channel_uri: top("data_channel_uri"),
            uses_endpoint,
            bytes,
        }
    }

    /// Whether the Flow JSON is older than 3.0, where the endpoint lives in the JSON itself.
    fn below_3_0(&self) -> bool {
        self.version().is_some_and(|v| v < FlowVersion::V3_0)
    }

    fn version(&self) -> Option<FlowVersion> {
        self.json_version.as_deref().and_then(FlowVersion::parse)
    }
}

/// A preview link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Preview {
    pub token: u64,
    pub expires_at: String,
}

/// One flow.
#[derive(Debug, Clone)]
pub(crate) struct Flow {
    pub id: u64,
    pub scope: Scope,
    pub name: String,
    pub categories: Vec<String>,
    pub status: FlowStatus,
    pub endpoint_uri: Option<String>,
    pub asset: Option<Asset>,
    pub preview: Option<Preview>,
}

impl Flow {
    /// Meta's `validation_errors` of the current asset (empty before any upload).
    pub fn validation_errors(&self) -> &[MetaValidationError] {
        self.asset
            .as_ref()
            .map_or(&[], |a| a.validation_errors.as_slice())
    }
}

/// Body of create flow.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreateFlow {
    pub name: String,
    pub categories: Option<Vec<String>>,
    pub clone_flow_id: Option<String>,
    pub endpoint_uri: Option<String>,
}

/// Body of update flow metadata.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UpdateFlow {
    pub name: Option<String>,
    pub categories: Option<Vec<String>>,
    pub endpoint_uri: Option<String>,
}

/// Body of migrate flows.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MigrateFlows {
    pub source_waba_account_id: String,
    pub source_flow_names: Option<Vec<String>>,
}

/// Answer of migrate flows, Meta's shape.
#[derive(Debug, Serialize, Default)]
pub(crate) struct Migration {
    pub migrated_flows: Vec<Migrated>,
    pub failed_flows: Vec<MigrationFailure>,
}

/// A copied flow.
#[derive(Debug, Serialize)]
pub(crate) struct Migrated {
    pub source_name: String,
    pub source_id: String,
    pub migrated_id: String,
}

/// A flow that was not copied.
#[derive(Debug, Serialize)]
pub(crate) struct MigrationFailure {
    pub source_name: String,
    pub error_code: String,
    pub error_message: String,
}

/// Everything the sandbox knows.
#[derive(Debug)]
pub(crate) struct Store {
    next_id: u64,
    next_token: u64,
    flows: BTreeMap<u64, Flow>,
    /// WABA accounts that have had flows, the only valid migrate sources.
    known: BTreeSet<Scope>,
    published_edits_return_to_draft: bool,
}

impl Store {
    /// An empty store. With `published_edits_return_to_draft`, editing a published flow moves it
    /// back to DRAFT (Meta's Dec-2025 rule) instead of failing with 139001.
    pub fn new(published_edits_return_to_draft: bool) -> Store {
        Store {
            next_id: FIRST_FLOW_ID,
            next_token: 1,
            flows: BTreeMap::new(),
            known: BTreeSet::new(),
            published_edits_return_to_draft,
        }
    }

    /// A fresh token for a download or preview link.
    pub fn token(&mut self) -> u64 {
        let t = self.next_token;
        self.next_token += 1;
        t
    }

    /// The flows of `scope`, oldest first.
    pub fn list(&self, scope: &Scope) -> impl Iterator<Item = &Flow> {
        self.flows.values().filter(move |f| &f.scope == scope)
    }

    /// The flow `id` of `scope`, or 404.
    pub fn get(&self, scope: &Scope, id: &str) -> Result<&Flow, ApiError> {
        parse_id(id)
            .and_then(|n| self.flows.get(&n))
            .filter(|f| &f.scope == scope)
            .ok_or_else(|| unknown_flow(id))
    }

    /// The flow `id` of `scope`, mutable, or 404.
    pub fn get_mut(&mut self, scope: &Scope, id: &str) -> Result<&mut Flow, ApiError> {
        parse_id(id)
            .and_then(|n| self.flows.get_mut(&n))
            .filter(|f| &f.scope == scope)
            .ok_or_else(|| unknown_flow(id))
    }

    /// The flow `id`, whoever owns it (links and clone sources name no WABA account).
    pub fn get_any(&self, id: &str) -> Option<&Flow> {
        parse_id(id).and_then(|n| self.flows.get(&n))
    }

    fn name_taken(&self, scope: &Scope, name: &str, except: Option<u64>) -> bool {
        self.list(scope)
            .any(|f| f.name == name && Some(f.id) != except)
    }

    fn insert(&mut self, mut flow: Flow) -> u64 {
        flow.id = self.next_id;
        self.next_id += 1;
        self.known.insert(flow.scope.clone());
        let id = flow.id;
        self.flows.insert(id, flow);
        id
    }

    /// Creates a DRAFT flow, possibly cloned from another flow of the same partner.
    pub fn create(&mut self, scope: &Scope, body: CreateFlow) -> Result<u64, ApiError> {
        let name = check_name(&body.name)?;
        let categories = match body.categories {
            None => vec!["OTHER".to_owned()],
            Some(c) => check_categories(c)?,
        };
        if let Some(uri) = &body.endpoint_uri {
            check_endpoint_uri(uri)?;
        }
        if self.name_taken(scope, &name, None) {
            return Err(duplicate_name(&name));
        }
        let mut asset = None;
        if let Some(source) = &body.clone_flow_id {
            let source = self
                .get_any(source)
                .filter(|f| f.scope.partner == scope.partner)
                .ok_or_else(|| {
                    ApiError::meta(
                        100,
                        "Flow with specified ID does not exist",
                        format!(
                            "there is no flow {source} to clone, or it belongs to another partner"
                        ),
                    )
                    .with_subcode(33)
                })?;
            if body.endpoint_uri.is_some() && source.asset.as_ref().is_some_and(Asset::below_3_0) {
                return Err(endpoint_in_json(100));
            }
            asset = source.asset.clone();
        }
        if let Some(a) = &mut asset {
            a.token = self.token();
        }
        Ok(self.insert(Flow {
            id: 0,
            scope: scope.clone(),
            name,
            categories,
            status: FlowStatus::Draft,
            endpoint_uri: body.endpoint_uri,
            asset,
            preview: None,
        }))
    }

    /// Changes name, categories or endpoint URI.
    pub fn update(&mut self, scope: &Scope, id: &str, body: UpdateFlow) -> Result<(), ApiError> {
        let policy = self.published_edits_return_to_draft;
        let flow = self.get(scope, id)?;
        let next_status = editable(flow.status, policy)?;
        let flow_id = flow.id;
        let below_3_0 = flow.asset.as_ref().is_some_and(Asset::below_3_0);
        let name = body.name.as_deref().map(check_name).transpose()?;
        let categories = body.categories.map(check_categories).transpose()?;
        if let Some(uri) = &body.endpoint_uri {
            if below_3_0 {
                return Err(endpoint_in_json(139001));
            }
            check_endpoint_uri(uri)?;
        }
        if let Some(n) = &name
            && self.name_taken(scope, n, Some(flow_id))
        {
            return Err(duplicate_name(n));
        }
        let flow = self.get_mut(scope, id)?;
        if let Some(n) = name {
            flow.name = n;
        }
        if let Some(c) = categories {
            flow.categories = c;
        }
        if let Some(uri) = body.endpoint_uri {
            flow.endpoint_uri = Some(uri);
        }
        flow.status = next_status;
        Ok(())
    }

    /// Refuses the upload early when the flow is gone or cannot be edited.
    pub fn check_upload(&self, scope: &Scope, id: &str) -> Result<(), ApiError> {
        editable(
            self.get(scope, id)?.status,
            self.published_edits_return_to_draft,
        )
        .map(|_| ())
    }

    /// Stores a validated asset; answers its validation errors.
    pub fn upload(
        &mut self,
        scope: &Scope,
        id: &str,
        mut asset: Asset,
    ) -> Result<Vec<MetaValidationError>, ApiError> {
        let policy = self.published_edits_return_to_draft;
        asset.token = self.token();
        let flow = self.get_mut(scope, id)?;
        flow.status = editable(flow.status, policy)?;
        let errors = asset.validation_errors.clone();
        flow.asset = Some(asset);
        Ok(errors)
    }

    /// Deletes a DRAFT flow.
    pub fn delete(&mut self, scope: &Scope, id: &str) -> Result<(), ApiError> {
        let flow = self.get(scope, id)?;
        match flow.status {
            FlowStatus::Draft => {
                let key = flow.id;
                self.flows.remove(&key);
                Ok(())
            }
            FlowStatus::Published => Err(ApiError::meta(
                139004,
                "Can't delete published Flow",
                "a published flow cannot be deleted; deprecate it instead",
            )),
            FlowStatus::Deprecated => Err(ApiError::meta(
                139004,
                "Can't delete published Flow",
                "a deprecated flow cannot be deleted",
            )),
        }
    }

    /// Publishes a DRAFT flow that passes Meta's checks.
    pub fn publish(&mut self, scope: &Scope, id: &str) -> Result<(), ApiError> {
        let flow = self.get_mut(scope, id)?;
        let refuse = |message: &str| Err(ApiError::meta(139002, "Publishing Flow failed", message));
        if flow.status != FlowStatus::Draft {
            return Err(ApiError::meta(
                139002,
                "Publishing Flow in invalid state",
                format!(
                    "only DRAFT flows can be published; this flow is {}",
                    flow.status.as_str()
                ),
            ));
        }
        let Some(asset) = &flow.asset else {
            return refuse("the flow has no Flow JSON yet; upload flow.json first");
        };
        if !asset.validation_errors.is_empty() {
            return Err(ApiError::meta(
                139002,
                "Publishing Flow with validation errors",
                format!(
                    "the Flow JSON has {} validation error(s); fix them all before publishing",
                    asset.validation_errors.len()
                ),
            ));
        }
        if !asset.version().is_some_and(FlowVersion::is_publishable) {
            return Err(ApiError::meta(
                139002,
                "Versions in Flow JSON file are not available for publishing",
                format!(
                    "Flow JSON {} can no longer be published; use {} or later",
                    asset.json_version.as_deref().unwrap_or("(none)"),
                    FlowVersion::V5_1
                ),
            ));
        }
        if asset.uses_endpoint && flow.endpoint_uri.is_none() {
            return Err(ApiError::meta(
                139002,
                "Publishing without specifying endpoint_uri is forbidden",
                "the flow uses an endpoint (data_api_version or a data_exchange action) but has no endpoint_uri; set it with update metadata",
            ));
        }
        flow.status = FlowStatus::Published;
        Ok(())
    }

    /// Deprecates a PUBLISHED flow.
    pub fn deprecate(&mut self, scope: &Scope, id: &str) -> Result<(), ApiError> {
        let flow = self.get_mut(scope, id)?;
        match flow.status {
            FlowStatus::Published => {
                flow.status = FlowStatus::Deprecated;
                Ok(())
            }
            FlowStatus::Draft => Err(ApiError::meta(
                139003,
                "Can't deprecate unpublished flow",
                "only published flows can be deprecated; a draft can be deleted",
            )),
            FlowStatus::Deprecated => Err(ApiError::meta(
                139003,
                "Flow is already deprecated",
                "the flow is already deprecated",
            )),
        }
    }

    /// The preview link of a flow; a new one when `invalidate` or when none exists yet.
    pub fn preview(
        &mut self,
        scope: &Scope,
        id: &str,
        invalidate: bool,
    ) -> Result<Preview, ApiError> {
        let needs_new = {
            let flow = self.get(scope, id)?;
            invalidate || flow.preview.is_none()
        };
        let fresh = needs_new.then(|| Preview {
            token: self.token(),
            expires_at: graph_time(now_secs() + PREVIEW_LIFETIME_SECS),
        });
        let flow = self.get_mut(scope, id)?;
        if let Some(p) = fresh {
            flow.preview = Some(p);
        }
        flow.preview.clone().ok_or_else(|| unknown_flow(id))
    }

    /// Copies flows from another WABA account of the same partner.
    pub fn migrate(&mut self, scope: &Scope, body: MigrateFlows) -> Result<Migration, ApiError> {
        let source = Scope {
            partner: scope.partner.clone(),
            waba: body.source_waba_account_id.clone(),
        };
        if body
            .source_flow_names
            .as_ref()
            .is_some_and(|names| names.len() > MAX_MIGRATE_NAMES)
        {
            return Err(ApiError::bad_request(format!(
                "at most {MAX_MIGRATE_NAMES} flows can be migrated per request"
            )));
        }
        if source == *scope {
            return Err(ApiError::bad_request(
                "the source WABA account is the destination itself",
            ));
        }
        if !self.known.contains(&source) {
            return Err(ApiError::hub(
                StatusCode::FORBIDDEN,
                format!(
                    "WABA account {} is not accessible to partner {}",
                    source.waba, source.partner
                ),
            ));
        }
        let candidates: Vec<Flow> = match &body.source_flow_names {
            None => self
                .list(&source)
                .take(MAX_MIGRATE_NAMES)
                .cloned()
                .collect(),
            Some(names) => self
                .list(&source)
                .filter(|f| names.contains(&f.name))
                .cloned()
                .collect(),
        };
        let mut out = Migration::default();
        for name in body.source_flow_names.iter().flatten() {
            if !candidates.iter().any(|f| &f.name == name) {
                out.failed_flows.push(MigrationFailure {
                    source_name: name.clone(),
                    error_code: "100".into(),
                    error_message: "no flow with this name in the source WABA account".into(),
                });
            }
        }
        for source_flow in candidates {
            if self.name_taken(scope, &source_flow.name, None) {
                out.failed_flows.push(MigrationFailure {
                    source_name: source_flow.name.clone(),
                    error_code: "4233041".into(),
                    error_message:
                        "a flow with the same name exists in the destination WABA account".into(),
                });
                continue;
            }
            let mut copy = source_flow.clone();
            copy.scope = scope.clone();
            copy.preview = None;
            copy.status = match source_flow.status {
                FlowStatus::Published => FlowStatus::Published,
                _ => FlowStatus::Draft,
            };
            if let Some(a) = &mut copy.asset {
                a.token = self.token();
            }
            let new_id = self.insert(copy);
            out.migrated_flows.push(Migrated {
                source_name: source_flow.name,
                source_id: source_flow.id.to_string(),
                migrated_id: new_id.to_string(),
            });
        }
        Ok(out)
    }
}

/// The status an edit leaves a flow in, or Meta's refusal.
fn editable(
    status: FlowStatus,
    published_edits_return_to_draft: bool,
) -> Result<FlowStatus, ApiError> {
    match status {
        FlowStatus::Draft => Ok(FlowStatus::Draft),
        FlowStatus::Published if published_edits_return_to_draft => Ok(FlowStatus::Draft),
        FlowStatus::Published => Err(ApiError::meta(
            139001,
            "Flow can't be updated",
            "a published flow cannot be changed; clone it into a new draft instead",
        )),
        FlowStatus::Deprecated => Err(ApiError::meta(
            139001,
            "Flow can't be updated",
            "a deprecated flow cannot be changed",
        )),
    }
}

/// A flow id exactly as the sandbox writes it (no sign, no leading zeros).
fn parse_id(id: &str) -> Option<u64> {
    id.parse::<u64>().ok().filter(|n| n.to_string() == id)
}

fn unknown_flow(id: &str) -> ApiError {
    ApiError::not_found(format!("flow {id} not found"))
}

fn duplicate_name(name: &str) -> ApiError {
    ApiError::meta(
        100,
        "Flow name is not unique",
        format!("a flow named \"{name}\" already exists in this WhatsApp Business Account; choose another name"),
    )
    .with_subcode(4016019)
}

fn endpoint_in_json(code: u32) -> ApiError {
    ApiError::meta(
        code,
        "Specify Endpoint Uri in Flow JSON",
        "this flow's JSON is older than 3.0: its endpoint is data_channel_uri inside the Flow JSON, not endpoint_uri",
    )
}

fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ApiError::bad_request("name must not be empty"));
    }
    Ok(name.to_owned())
}

fn check_categories(categories: Vec<String>) -> Result<Vec<String>, ApiError> {
    if categories.is_empty() {
        return Err(ApiError::bad_request(
            "categories needs at least one category",
        ));
    }
    if let Some(bad) = categories
        .iter()
        .find(|c| !CATEGORIES.contains(&c.as_str()))
    {
        return Err(ApiError::bad_request(format!(
            "unknown category \"{bad}\"; expected one of {}",
            CATEGORIES.join(", ")
        )));
    }
    Ok(categories)
}

fn check_endpoint_uri(uri: &str) -> Result<(), ApiError> {
    let host = uri.strip_prefix("https://").unwrap_or_default();
    if host.is_empty() || host.starts_with('/') || uri.chars().any(char::is_whitespace) {
        return Err(ApiError::meta(
            100,
            "Invalid Endpoint URI",
            format!("\"{uri}\" is not an https URL"),
        ));
    }
    Ok(())
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Graph's timestamp form, `2024-02-29T06:35:40+0000`.
pub(crate) fn graph_time(unix: u64) -> String {
    let days = unix / 86_400;
    let secs = unix % 86_400;
    // Howard Hinnant's civil-from-days, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+0000",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_time_formats_known_instants() {
        assert_eq!(graph_time(0), "1970-01-01T00:00:00+0000");
        assert_eq!(graph_time(1_709_188_540), "2024-02-29T06:35:40+0000");
        assert_eq!(graph_time(951_782_400), "2000-02-29T00:00:00+0000");
    }
}
