//! The push and publish workflows as library functions over any [`FlowsBackend`], with typed
//! outcomes and typed refusals: a flow file checked locally goes to its flow (found by id or
//! name, created without duplicates, with its flow JSON in the same call when the backend can),
//! is uploaded only when the remote copy differs, and gets its endpoint URL; [`publish`] then
//! publishes it only when Meta agrees it has no error and the flow's lifecycle and health allow
//! it. Callers only print.

use waflow_core::meta_errors::MetaValidationError;
use waflow_core::{FileReport, FlowVersion, Severity};

use crate::backend::FlowsBackend;
use crate::deploy::{self, FlowOrigin, Synced};
use crate::error::ApiError;
use crate::model::{CreateFlow, Flow, FlowStatus, UpdateFlow};
use crate::retry::RetryPolicy;
use serde_json::Value;

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
    /// A flow JSON of 3.0 or later that talks to an endpoint, for a flow without `endpoint_uri`
    /// and none given: Meta refuses to publish it (139002). Nothing was created or uploaded.
    #[error("the flow JSON uses an endpoint but {} has no endpoint_uri", .id.as_deref().map_or_else(|| "the new flow".to_owned(), |id| format!("flow {id}")))]
    MissingEndpoint {
        /// The flow; `None` when it would have been created now.
        id: Option<String>,
        /// The flow JSON's version.
        version: FlowVersion,
    },
    /// The flow is live (published, throttled or blocked): Meta publishes a flow once, so its
    /// flow JSON cannot be published again in place (see [`PublishOptions::clone_if_published`]).
    #[error("flow {id} is {status}: Meta publishes a flow once")]
    AlreadyPublished {
        /// The flow.
        id: String,
        /// Its status.
        status: FlowStatus,
    },
    /// Meta's validation errors on the uploaded flow JSON: it was not published.
    #[error("Meta reports {count} validation error(s) on flow {id}; not published")]
    RemoteErrors {
        /// The flow.
        id: String,
        /// Meta's errors.
        count: usize,
    },
    /// The health status (Graph only) says the flow cannot be sent: it was not published.
    #[error("Meta's health status of flow {id} is BLOCKED")]
    HealthBlocked {
        /// The flow.
        id: String,
        /// Meta's reasons (`ENTITY: description (solution)`).
        problems: Vec<String>,
    },
    /// Meta refused to publish: integrity (139000) or its publishing checks (139002).
    #[error("Meta refused to publish flow {id}: {error}")]
    PublishRefused {
        /// The flow.
        id: String,
        /// Meta's refusal.
        error: Box<ApiError>,
    },
    /// The publish call got no answer (timeout, connection lost after it was sent): the flow
    /// may or may not be published now. It is not sent again.
    #[error("the outcome of publishing flow {id} is unknown: {error}")]
    OutcomeUnknown {
        /// The flow.
        id: String,
        /// The failure.
        error: Box<ApiError>,
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
    refuse_endpoint_below_3(checked, endpoint_uri)?;
    let resolved = resolve(backend, checked, target, policy).await?;
    let id = resolved.id;
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
    let endpoint_set = set_endpoint(backend, &id, endpoint_uri, &synced.flow).await?;
    Ok(PushOutcome {
        errors: synced.validation_errors(),
        change: change_of(&synced, resolved.with_content),
        id,
        origin: resolved.origin,
        flow: synced.flow,
        changed_live: live && changed,
        endpoint_set,
    })
}

/// Refuses an `endpoint_uri` for a flow JSON below 3.0, before any call.
fn refuse_endpoint_below_3(
    checked: &CheckedFlow<'_>,
    endpoint_uri: Option<&str>,
) -> Result<(), DeployError> {
    if endpoint_uri.is_some() && !deploy::endpoint_uri_applies(checked.version) {
        return Err(DeployError::Refused(Refusal::EndpointBelow3 {
            version: checked.version,
        }));
    }
    Ok(())
}

/// The flow a target names.
struct Resolved {
    id: String,
    origin: Option<FlowOrigin>,
    /// Whether it was created now with the flow JSON in the same call.
    with_content: bool,
}

/// The flow id of `target`: as given, or the named flow found or created (with the flow JSON in
/// the same call when the backend can).
async fn resolve<B: FlowsBackend + ?Sized>(
    backend: &B,
    checked: &CheckedFlow<'_>,
    target: &Target,
    policy: &RetryPolicy,
) -> Result<Resolved, DeployError> {
    Ok(match target {
        Target::Id(id) => Resolved {
            id: id.clone(),
            origin: None,
            with_content: false,
        },
        Target::Named(body) => {
            let mut body = body.clone();
            if backend.creates_with_flow_json() {
                body.flow_json = String::from_utf8(checked.bytes.to_vec()).ok();
            }
            let found = deploy::find_or_create(backend, &body, policy).await?;
            let with_content =
                body.flow_json.is_some() && matches!(found.origin, FlowOrigin::Created(_));
            Resolved {
                id: found.id,
                origin: Some(found.origin),
                with_content,
            }
        }
    })
}

/// Sets `endpoint_uri` on the flow when it is given and differs from the flow's; returns it
/// when it was set.
async fn set_endpoint<B: FlowsBackend + ?Sized>(
    backend: &B,
    id: &str,
    endpoint_uri: Option<&str>,
    flow: &Flow,
) -> Result<Option<String>, DeployError> {
    let Some(uri) = endpoint_uri.filter(|uri| flow.endpoint_uri.as_deref() != Some(*uri)) else {
        return Ok(None);
    };
    let body = UpdateFlow {
        endpoint_uri: Some(uri.to_owned()),
        ..UpdateFlow::default()
    };
    backend.update_flow(id, &body).await?;
    Ok(Some(uri.to_owned()))
}

/// What an upload did (`with_content`: the flow was just created with its flow JSON).
fn change_of(synced: &Synced, with_content: bool) -> Change {
    if synced.uploaded() {
        Change::Uploaded
    } else if with_content {
        Change::CreatedWithContent
    } else {
        Change::Unchanged
    }
}

/// What [`publish`] may do besides uploading and publishing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishOptions {
    /// The endpoint URL the flow must have (flow JSON 3.0 and later): set on creation, updated
    /// when it differs, once Meta has accepted the flow JSON.
    pub endpoint_uri: Option<String>,
    /// When the flow is live, clone it into a new DRAFT flow and publish that one instead of
    /// refusing ([`Refusal::AlreadyPublished`]).
    pub clone_if_published: bool,
    /// The clone's name; by default the flow's name with " v2", " v3", … (the first free one).
    pub clone_name: Option<String>,
}

/// What [`publish`] has done, told as it happens (for progress messages): a later refusal does
/// not undo it.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// The flow was looked up by name: found, or created (with the flow JSON in the same call
    /// when `with_content`).
    Resolved {
        /// The flow.
        id: &'a str,
        /// How it was come by.
        origin: &'a FlowOrigin,
        /// Whether it was created with its flow JSON.
        with_content: bool,
    },
    /// The live flow `from` was cloned into the new DRAFT flow `id`, which is published instead.
    Cloned {
        /// The live flow.
        from: &'a str,
        /// Its status.
        status: &'a FlowStatus,
        /// The clone.
        id: &'a str,
        /// The clone's name.
        name: &'a str,
    },
    /// The flow JSON is on the flow (uploaded or already there), with Meta's verdict.
    Synced {
        /// The flow.
        id: &'a str,
        /// What happened to the flow JSON.
        change: Change,
        /// The flow now.
        flow: &'a Flow,
        /// Meta's validation errors, without repeats.
        errors: &'a [MetaValidationError],
    },
    /// The flow's endpoint URL was set.
    EndpointSet {
        /// The flow.
        id: &'a str,
        /// The URL.
        uri: &'a str,
    },
}

/// How a [`publish`] ended well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// The flow was published now.
    Now,
    /// The flow was already published with exactly this flow JSON: nothing was sent.
    AlreadyWithThisJson,
}

/// The outcome of [`publish`].
#[derive(Debug, Clone, PartialEq)]
pub struct PublishOutcome {
    /// The published flow (the clone when one was made).
    pub id: String,
    /// How.
    pub published: Published,
}

/// Why a [`publish`] did not complete: the workflow's, or the caller's gate.
#[derive(Debug, thiserror::Error)]
pub enum PublishError<E> {
    /// A call failed or the workflow refused.
    #[error(transparent)]
    Deploy(#[from] DeployError),
    /// The caller's gate refused (see [`publish`]).
    #[error("{0}")]
    Gate(E),
}

impl<E> From<ApiError> for PublishError<E> {
    fn from(e: ApiError) -> PublishError<E> {
        PublishError::Deploy(e.into())
    }
}

impl<E> From<Refusal> for PublishError<E> {
    fn from(r: Refusal) -> PublishError<E> {
        PublishError::Deploy(DeployError::Refused(r))
    }
}

/// Pushes `checked` to `target` and publishes it, refusing (typed, see [`Refusal`]) whatever
/// Meta would refuse or the lifecycle forbids, in this order:
///
/// 1. an endpoint flow of 3.0 or later without an endpoint URL, before anything is created;
/// 2. a deprecated flow; a live one (published, throttled, blocked), unless it has exactly this
///    flow JSON and is published (then nothing is sent), or `clone_if_published` asks for a
///    DRAFT clone to publish instead;
/// 3. `gate`, the caller's own check of the flow before anything is uploaded (the CLI's health
///    check of the endpoint): its error ends the workflow as [`PublishError::Gate`];
/// 4. Meta's validation errors on the uploaded flow JSON;
/// 5. a BLOCKED health status (Graph only), Meta's refusal to publish, or a publish call whose
///    outcome is unknown (never sent again).
///
/// `step` is told what has been done, as it happens.
pub async fn publish<B, G, E>(
    backend: &B,
    checked: &CheckedFlow<'_>,
    target: &Target,
    options: &PublishOptions,
    policy: &RetryPolicy,
    gate: G,
    step: &mut dyn FnMut(Step<'_>),
) -> Result<PublishOutcome, PublishError<E>>
where
    B: FlowsBackend + ?Sized,
    G: AsyncFnOnce(&Flow) -> Result<(), E>,
{
    let endpoint_uri = options.endpoint_uri.as_deref();
    refuse_endpoint_below_3(checked, endpoint_uri)?;
    let version = checked.version;
    let value: Value =
        serde_json::from_slice(checked.bytes).map_err(|_| Refusal::LocalErrors { count: 1 })?;
    let needs_uri = deploy::endpoint_uri_applies(version)
        && deploy::uses_endpoint(&value)
        && endpoint_uri.is_none();
    if needs_uri
        && let Target::Named(body) = target
        && deploy::find_by_name(backend, &body.name).await?.is_none()
    {
        // A flow created now would have no endpoint_uri: refuse before creating it.
        return Err(Refusal::MissingEndpoint { id: None, version }.into());
    }
    let resolved = resolve(backend, checked, target, policy).await?;
    let mut id = resolved.id;
    if let Some(origin) = &resolved.origin {
        step(Step::Resolved {
            id: &id,
            origin,
            with_content: resolved.with_content,
        });
    }
    let mut with_content = resolved.with_content;
    let mut state = deploy::remote_state(backend, &id).await?;
    match state.flow.status.clone() {
        Some(FlowStatus::Deprecated) => return Err(Refusal::Deprecated { id }.into()),
        Some(status) if status.is_live() => {
            if state.has_content(checked.bytes) && status == FlowStatus::Published {
                return Ok(PublishOutcome {
                    id,
                    published: Published::AlreadyWithThisJson,
                });
            }
            if !options.clone_if_published {
                return Err(Refusal::AlreadyPublished { id, status }.into());
            }
            let (clone, name) = clone_flow(
                backend,
                &state.flow,
                options.clone_name.clone(),
                version,
                policy,
            )
            .await?;
            step(Step::Cloned {
                from: &id,
                status: &status,
                id: &clone,
                name: &name,
            });
            id = clone;
            with_content = false;
            state = deploy::remote_state(backend, &id).await?;
        }
        _ => {}
    }
    let remote_uri = state.flow.endpoint_uri.as_deref().filter(|u| !u.is_empty());
    if needs_uri && remote_uri.is_none() {
        return Err(Refusal::MissingEndpoint {
            id: Some(id),
            version,
        }
        .into());
    }
    gate(&state.flow).await.map_err(PublishError::Gate)?;
    let synced = deploy::upload_if_changed(backend, &id, checked.bytes, state).await?;
    let errors = synced.validation_errors();
    step(Step::Synced {
        id: &id,
        change: change_of(&synced, with_content),
        flow: &synced.flow,
        errors: &errors,
    });
    if !errors.is_empty() {
        // The flow JSON had to be uploaded for Meta to validate it; nothing else changes.
        return Err(Refusal::RemoteErrors {
            id,
            count: errors.len(),
        }
        .into());
    }
    if let Some(uri) = set_endpoint(backend, &id, endpoint_uri, &synced.flow).await? {
        step(Step::EndpointSet { id: &id, uri: &uri });
    }
    if let Some(problems) = deploy::health_block(backend, &id).await? {
        return Err(Refusal::HealthBlocked { id, problems }.into());
    }
    match backend.publish_flow(&id).await {
        Ok(_) => Ok(PublishOutcome {
            id,
            published: Published::Now,
        }),
        Err(e) if e.outcome_unknown() => Err(Refusal::OutcomeUnknown {
            id,
            error: Box::new(e),
        }
        .into()),
        Err(e) if e.meta().is_some_and(|m| matches!(m.code, 139000 | 139002)) => {
            Err(Refusal::PublishRefused {
                id,
                error: Box::new(e),
            }
            .into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Creates a DRAFT copy of `flow` named `name` or, by default, the flow's name with " v2",
/// " v3", … (the first free one); returns its id and name.
async fn clone_flow<B: FlowsBackend + ?Sized>(
    backend: &B,
    flow: &Flow,
    name: Option<String>,
    version: FlowVersion,
    policy: &RetryPolicy,
) -> Result<(String, String), DeployError> {
    let name = match name {
        Some(n) => n,
        None => {
            let base = flow
                .name
                .clone()
                .unwrap_or_else(|| format!("flow {}", flow.id));
            let taken: Vec<String> = backend
                .list_flows(&["id", "name"])
                .await?
                .flows
                .into_iter()
                .filter_map(|f| f.name)
                .collect();
            (2..)
                .map(|n| format!("{base} v{n}"))
                .find(|candidate| !taken.contains(candidate))
                .unwrap_or(base)
        }
    };
    let body = CreateFlow {
        name: name.clone(),
        categories: flow
            .categories
            .clone()
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| vec!["OTHER".to_owned()]),
        clone_flow_id: Some(flow.id.clone()),
        endpoint_uri: flow
            .endpoint_uri
            .clone()
            .filter(|_| deploy::endpoint_uri_applies(version)),
        flow_json: None,
    };
    let created = deploy::create_flow(backend, &body, policy).await?;
    Ok((created.id, name))
}
