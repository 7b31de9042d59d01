//! Request and response bodies of the WhatsApp Flows operations.
//!
//! Every response type keeps the fields it does not know in `extra`, so that `--json` output
//! shows what the server sent.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use waflow_core::meta_errors::MetaValidationError;

/// The flow categories Meta accepts.
pub use waflow_core::platform::FLOW_CATEGORIES as CATEGORIES;

/// Every field the `fields` query accepts.
pub const ALL_FIELDS: [&str; 12] = [
    "id",
    "name",
    "categories",
    "validation_errors",
    "status",
    "json_version",
    "data_api_version",
    "data_channel_uri",
    "endpoint_uri",
    "preview",
    "whatsapp_business_account",
    "metric",
];

/// A flow's lifecycle state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum FlowStatus {
    /// Editable, not sendable to users.
    Draft,
    /// Live.
    Published,
    /// Retired for good.
    Deprecated,
    /// Blocked by Meta's health monitoring.
    Blocked,
    /// Limited by Meta's health monitoring.
    Throttled,
    /// A state this client does not know.
    Other(String),
}

impl FlowStatus {
    /// The status as Meta writes it.
    pub fn as_str(&self) -> &str {
        match self {
            FlowStatus::Draft => "DRAFT",
            FlowStatus::Published => "PUBLISHED",
            FlowStatus::Deprecated => "DEPRECATED",
            FlowStatus::Blocked => "BLOCKED",
            FlowStatus::Throttled => "THROTTLED",
            FlowStatus::Other(s) => s,
        }
    }

    /// Published, throttled or blocked: live, and not editable in place under Meta's older rule.
    pub fn is_live(&self) -> bool {
        matches!(
            self,
            FlowStatus::Published | FlowStatus::Throttled | FlowStatus::Blocked
        )
    }
}

impl From<String> for FlowStatus {
    fn from(s: String) -> FlowStatus {
        match s.as_str() {
            "DRAFT" => FlowStatus::Draft,
            "PUBLISHED" => FlowStatus::Published,
            "DEPRECATED" => FlowStatus::Deprecated,
            "BLOCKED" => FlowStatus::Blocked,
            "THROTTLED" => FlowStatus::Throttled,
            _ => FlowStatus::Other(s),
        }
    }
}

impl From<FlowStatus> for String {
    fn from(s: FlowStatus) -> String {
        s.as_str().to_owned()
    }
}

impl fmt::Display for FlowStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A preview link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The link; it needs no login.
    pub preview_url: String,
    /// When it stops working (`YYYY-MM-DDTHH:MM:SS+0000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Fields this client does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A flow, with the fields that were asked for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// Meta's flow id (a decimal string).
    #[serde(default)]
    pub id: String,
    /// The flow's name, unique per WABA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Lifecycle state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FlowStatus>,
    /// Categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// Meta's errors for the current flow JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_errors: Option<Vec<MetaValidationError>>,
    /// The `version` of the uploaded flow JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_version: Option<String>,
    /// The `data_api_version` of the uploaded flow JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_api_version: Option<String>,
    /// The endpoint URL written in a flow JSON below 3.0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_channel_uri: Option<String>,
    /// The endpoint URL set through the API or the Builder (flow JSON 3.0 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_uri: Option<String>,
    /// The preview link, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<Preview>,
    /// Fields this client does not know (`whatsapp_business_account`, `metric`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Flow {
    /// The validation errors, empty when absent.
    pub fn errors(&self) -> &[MetaValidationError] {
        self.validation_errors.as_deref().unwrap_or_default()
    }
}

/// The answer of "list flows".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FlowList {
    /// The flows.
    #[serde(default)]
    pub flows: Vec<Flow>,
    /// Flows in this answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Flows in total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Fields this client does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of "create flow".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateFlow {
    /// Name, unique per WABA.
    pub name: String,
    /// Categories (Meta requires at least one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// A flow to copy the flow JSON from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clone_flow_id: Option<String>,
    /// Endpoint URL (flow JSON 3.0 and later only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_uri: Option<String>,
    /// The flow JSON to store with the new flow, as a string (Graph's create-and-upload in one
    /// call). Only set for a backend whose
    /// [`creates_with_flow_json`](crate::FlowsBackend::creates_with_flow_json) is true: the
    /// Partner API does not document it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_json: Option<String>,
}

/// The answer of "create flow".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Created {
    /// The new flow's id.
    pub id: String,
    /// Meta's errors for the flow JSON sent with the create ([`CreateFlow::flow_json`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_errors: Option<Vec<MetaValidationError>>,
}

/// The body of "update flow metadata"; absent fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateFlow {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// New endpoint URL (flow JSON 3.0 and later only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_uri: Option<String>,
}

impl UpdateFlow {
    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.categories.is_none() && self.endpoint_uri.is_none()
    }
}

/// The body of "migrate flows".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrateFlows {
    /// The 360dialog WABA account id to copy flows from.
    pub source_waba_account_id: String,
    /// Names of the flows to copy; all when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_flow_names: Vec<String>,
}

/// One copied flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigratedFlow {
    /// Name in the source account.
    pub source_name: String,
    /// Id in the source account.
    #[serde(default)]
    pub source_id: String,
    /// Id of the copy.
    #[serde(default)]
    pub migrated_id: String,
}

/// One flow that could not be copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedMigration {
    /// Name in the source account.
    pub source_name: String,
    /// Meta's code (e.g. `4233041` for a name already used in the destination).
    #[serde(default)]
    pub error_code: Value,
    /// Meta's message.
    #[serde(default)]
    pub error_message: String,
}

/// The answer of "migrate flows".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Migration {
    /// Flows copied.
    #[serde(default)]
    pub migrated_flows: Vec<MigratedFlow>,
    /// Flows not copied.
    #[serde(default)]
    pub failed_flows: Vec<FailedMigration>,
    /// Fields this client does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One asset of a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    /// `flow.json`.
    #[serde(default)]
    pub name: String,
    /// `FLOW_JSON`.
    #[serde(default)]
    pub asset_type: String,
    /// A short-lived link to the content.
    #[serde(default)]
    pub download_url: String,
    /// Fields this client does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Asset {
    /// Whether this is the flow JSON asset.
    pub fn is_flow_json(&self) -> bool {
        self.asset_type == "FLOW_JSON"
    }
}

/// The answer of "list assets".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssetList {
    /// The assets (360dialog's `assets`; Graph's `data` is read too).
    #[serde(default, alias = "data")]
    pub assets: Vec<Asset>,
    /// Assets in this answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Assets in total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Fields this client does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AssetList {
    /// The flow JSON asset, when the flow has one.
    pub fn flow_json(&self) -> Option<&Asset> {
        self.assets.iter().find(|a| a.is_flow_json())
    }
}

/// The answer of "upload flow.json".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Upload {
    /// Whether the asset was stored (it is stored even when it has validation errors).
    #[serde(default)]
    pub success: bool,
    /// Meta's errors for the uploaded file.
    #[serde(default)]
    pub validation_errors: Vec<MetaValidationError>,
    /// Fields this client does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// "Meta result of operation": `{"success": true}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Success {
    /// Whether Meta did it.
    #[serde(default)]
    pub success: bool,
    /// Fields this client does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of "get preview".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowPreview {
    /// The flow's id.
    #[serde(default)]
    pub id: String,
    /// The link.
    pub preview: Preview,
    /// Fields this client does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Whether messages with a flow can be sent: Meta's `AVAILABLE`, `LIMITED` or `BLOCKED`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum CanSend {
    /// Sendable.
    Available,
    /// Sendable with limits (a throttled flow: 10 messages an hour).
    Limited,
    /// Not sendable; publishing is refused.
    Blocked,
    /// A value this client does not know.
    Other(String),
}

impl From<String> for CanSend {
    fn from(s: String) -> CanSend {
        match s.as_str() {
            "AVAILABLE" => CanSend::Available,
            "LIMITED" => CanSend::Limited,
            "BLOCKED" => CanSend::Blocked,
            _ => CanSend::Other(s),
        }
    }
}

impl From<CanSend> for String {
    fn from(c: CanSend) -> String {
        match c {
            CanSend::Available => "AVAILABLE".into(),
            CanSend::Limited => "LIMITED".into(),
            CanSend::Blocked => "BLOCKED".into(),
            CanSend::Other(s) => s,
        }
    }
}

/// One problem of a [`HealthEntity`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthIssue {
    /// Meta's code.
    #[serde(default)]
    pub error_code: Value,
    /// What is wrong.
    #[serde(default)]
    pub error_description: String,
    /// What to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_solution: Option<String>,
}

/// The health of one entity a flow depends on (`FLOW`, `WABA`, `BUSINESS`, `APP`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthEntity {
    /// The entity's kind.
    #[serde(default)]
    pub entity_type: String,
    /// Its id.
    #[serde(default)]
    pub id: String,
    /// Whether it lets messages be sent.
    pub can_send_message: CanSend,
    /// Why not, when it does not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<HealthIssue>,
    /// Fields this client does not know (`additional_info`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A flow's `health_status` (Graph API only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthStatus {
    /// The overall answer: the worst of the entities'.
    pub can_send_message: CanSend,
    /// Each entity's answer.
    #[serde(default)]
    pub entities: Vec<HealthEntity>,
    /// Fields this client does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl HealthStatus {
    /// The problems of every entity, as `ENTITY: description (solution)` lines.
    pub fn problems(&self) -> Vec<String> {
        self.entities
            .iter()
            .flat_map(|e| {
                e.errors.iter().map(move |i| match &i.possible_solution {
                    Some(s) if !s.trim().is_empty() => {
                        format!("{}: {} ({s})", e.entity_type, i.error_description)
                    }
                    _ => format!("{}: {}", e.entity_type, i.error_description),
                })
            })
            .collect()
    }
}
