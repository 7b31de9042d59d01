//! The push workflow as a library function over any [`FlowsBackend`], with typed outcomes and
//! typed refusals: a flow file checked locally goes to its flow (found by id or name, created
//! without duplicates, with its flow JSON in the same call when the backend can), is uploaded
//! only when the remote copy differs, and gets its endpoint URL. Callers only print.

use waflow_core::meta_errors::MetaValidationError;
use waflow_core::{FileReport, FlowVersion, Severity};

use crate::backend::FlowsBackend;
use crate::deploy::{self, FlowOrigin, Synced};
use crate::error::ApiError;
use crate::model::{CreateFlow, Flow, FlowStatus, UpdateFlow};
use crate::retry::RetryPolicy;

/// Which flow a file goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// This flow id.
    Id(String),
    /// The flow with this body's name, created from the body when the account has none.
    Named(CreateFlow),
}

/// A flow file whose local check found no error: the only thing [`push`] sends.
#[derive(Debug, Clone)]
pub struct CheckedFlow<'a> {
    bytes: &'a [u8],
    version: FlowVersion,
}

impl<'a> CheckedFlow<'a> {
    /// `bytes`, checked into `report`: refused ([`Refusal::LocalErrors`]) when the report has an
    /// error, or when it names no Flow JSON version.
    pub fn new(bytes: &'a [u8], report: &FileReport) -> Result<CheckedFlow<'a>, DeployError> {
        let errors = report.count(Severity::Error);
        let version = report.flow_version.as_deref().and_then(FlowVersion::parse);
        match version {
            Some(version) if errors == 0 => Ok(CheckedFlow { bytes, version }),
            _ => Err(DeployError::Refused(Refusal::LocalErrors {
                count: errors.max(1),
            })),
        }
    }

    /// The exact bytes.
    pub fn bytes(&self) -> &[u8] {
        self.bytes
    }

    /// The declared Flow JSON version.
    pub fn version(&self) -> FlowVersion {
        self.version
    }
}

/// What the flow's state or the backend forbids.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Refusal {
    /// The local check found errors: nothing is sent.
    #[error("the local check found {count} error(s); nothing was sent")]
    LocalErrors {
        /// Errors found.
        count: usize,
    },
    /// The flow is deprecated: Meta never changes it again.
    #[error("flow {id} is DEPRECATED: Meta never changes or publishes a deprecated flow again")]
    Deprecated {
        /// The flow.
        id: String,
    },
    /// The flow is published and Meta refuses to update it in place (139001).
    #[error("flow {id} is {status} and Meta refuses to update it in place: {error}")]
    PublishedLocked {
        /// The flow.
        id: String,
        /// Its status.
        status: FlowStatus,
        /// Meta's refusal.
        error: Box<ApiError>,
    },
    /// An `endpoint_uri` for a flow JSON below 3.0 (Meta wants `data_channel_uri` in the JSON).
    #[error("endpoint_uri is set but the flow is Flow JSON {version}, below 3.0")]
    EndpointBelow3 {
        /// The flow's version.
        version: FlowVersion,
    },
}

/// Why a push did not complete.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DeployError {
    /// A call failed.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The workflow refused.
    #[error(transparent)]
    Refused(Refusal),
}

impl From<ApiError> for DeployError {
    fn from(e: ApiError) -> DeployError {
        DeployError::Api(Box::new(e))
    }
}

/// What happened to the flow JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The remote `flow.json` already had these bytes: nothing was uploaded.
    Unchanged,
    /// The bytes were uploaded.
    Uploaded,
    /// The flow was created with the bytes in the same call.
    CreatedWithContent,
}

/// The outcome of [`push`].
#[derive(Debug, Clone, PartialEq)]
pub struct PushOutcome {
    /// The flow's id.
    pub id: String,
    /// How the flow was found, when it was looked up by name.
    pub origin: Option<FlowOrigin>,
    /// What happened to the flow JSON.
    pub change: Change,
    /// The flow now (its `validation_errors` are Meta's).
    pub flow: Flow,
    /// Meta's validation errors for the flow JSON now on the flow, without repeats.
    pub errors: Vec<MetaValidationError>,
    /// Whether the flow was live (published, throttled or blocked) and got new content.
    pub changed_live: bool,
    /// The endpoint URL set on the flow, when it was changed.
    pub endpoint_set: Option<String>,
}

/// Pushes `checked` to `target`, then sets `endpoint_uri` when it is given and differs.
pub async fn push<B: FlowsBackend + ?Sized>(
    backend: &B,
    checked: &CheckedFlow<'_>,
    target: &Target,
    endpoint_uri: Option<&str>,
    policy: &RetryPolicy,
) -> Result<PushOutcome, DeployError> {
    if endpoint_uri.is_some() && !deploy::endpoint_uri_applies(checked.version) {
        return Err(DeployError::Refused(Refusal::EndpointBelow3 {
            version: checked.version,
        }));
    }
    let (id, origin, created_with_content) = match target {
        Target::Id(id) => (id.clone(), None, false),
        Target::Named(body) => {
            let mut body = body.clone();
            if backend.creates_with_flow_json() {
                body.flow_json = String::from_utf8(checked.bytes.to_vec()).ok();
            }
            let found = deploy::find_or_create(backend, &body, policy).await?;
            let with = body.flow_json.is_some() && matches!(found.origin, FlowOrigin::Created(_));
            (found.id, Some(found.origin), with)
        }
    };
    let state = deploy::remote_state(backend, &id).await?;
    let status = state.flow.status.clone();
    let changed = !state.has_content(checked.bytes);
    if status == Some(FlowStatus::Deprecated) && changed {
        return Err(DeployError::Refused(Refusal::Deprecated { id }));
    }
    let live = status.as_ref().is_some_and(FlowStatus::is_live);
    let synced: Synced = match deploy::upload_if_changed(backend, &id, checked.bytes, state).await {
        Ok(synced) => synced,
        Err(e) if live && e.meta().is_some_and(|m| m.code == 139001) => {
            return Err(DeployError::Refused(Refusal::PublishedLocked {
                id,
                status: status.unwrap_or(FlowStatus::Published),
                error: Box::new(e),
            }));
        }
        Err(e) => return Err(e.into()),
    };
    let mut endpoint_set = None;
    if let Some(uri) = endpoint_uri
        && synced.flow.endpoint_uri.as_deref() != Some(uri)
    {
        let body = UpdateFlow {
            endpoint_uri: Some(uri.to_owned()),
            ..UpdateFlow::default()
        };
        backend.update_flow(&id, &body).await?;
        endpoint_set = Some(uri.to_owned());
    }
    let change = if synced.uploaded() {
        Change::Uploaded
    } else if created_with_content {
        Change::CreatedWithContent
    } else {
        Change::Unchanged
    };
    Ok(PushOutcome {
        errors: synced.validation_errors(),
        id,
        origin,
        change,
        flow: synced.flow,
        changed_live: live && changed,
        endpoint_set,
    })
}
