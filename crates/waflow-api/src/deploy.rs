//! Safe building blocks of `push` and `publish`: find or create a flow without duplicates, and
//! upload the flow JSON only when the remote copy differs.

use backon::BackoffBuilder;
use waflow_core::meta_errors::MetaValidationError;

use crate::backend::{ApiResult, FlowsBackend};
use crate::error::ApiError;
use crate::model::{CreateFlow, Flow, Upload};
use crate::retry::RetryPolicy;

pub use waflow_core::platform::{endpoint_uri_applies, uses_endpoint};

/// Fields read to decide what to do with a flow.
pub const STATE_FIELDS: [&str; 7] = [
    "id",
    "name",
    "status",
    "validation_errors",
    "json_version",
    "endpoint_uri",
    "categories",
];

/// The flow named `name`, if the account has one.
pub async fn find_by_name<B: FlowsBackend + ?Sized>(
    backend: &B,
    name: &str,
) -> ApiResult<Option<Flow>> {
    let list = backend.list_flows(&["id", "name", "status"]).await?;
    Ok(list
        .flows
        .into_iter()
        .find(|f| f.name.as_deref() == Some(name)))
}

/// A flow created (or found after an ambiguous failure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateOutcome {
    /// The flow's id.
    pub id: String,
    /// Whether the create call failed without a clear answer and the flow was found by name
    /// afterwards (so it was created by that earlier attempt).
    pub recovered: bool,
    /// Create attempts sent.
    pub attempts: usize,
}

/// Creates a flow without ever creating two.
///
/// The create call is never repeated blindly: after a failure without a clear answer (timeout,
/// dropped connection, 5xx) the flows are listed and the name looked up first; only when it is
/// absent is the call sent again, on the retry schedule of `policy`. A bare 429 or a refused
/// connection (surely not processed) is retried without a look-up. Meta's own rate-limit codes
/// (HTTP 400 on the Graph API) are retried too, but only after the look-up: a create is never
/// sent again on the word of an error body alone.
pub async fn create_flow<B: FlowsBackend + ?Sized>(
    backend: &B,
    body: &CreateFlow,
    policy: &RetryPolicy,
) -> ApiResult<CreateOutcome> {
    let mut delays = policy.backoff().build();
    let mut attempts = 0;
    let mut ambiguous_before = false;
    loop {
        attempts += 1;
        let error = match backend.create_flow_once(body).await {
            Ok(created) => {
                return Ok(CreateOutcome {
                    id: created.id,
                    recovered: false,
                    attempts,
                });
            }
            Err(e) => e,
        };
        let duplicate_after_retry = ambiguous_before && is_duplicate_name(&error);
        if !error.is_transient() && !duplicate_after_retry {
            return Err(error);
        }
        if !error.surely_not_processed() || error.meta().is_some() {
            ambiguous_before = true;
            // When the look-up fails too (or the time is up), the create's failure is the one
            // to report: whether it created the flow is unknown.
            let found = find_by_name(backend, &body.name)
                .await
                .map_err(|_| error.clone())?;
            if let Some(flow) = found {
                return Ok(CreateOutcome {
                    id: flow.id,
                    recovered: true,
                    attempts,
                });
            }
        }
        let Some(wait) = policy.adjust(&error, delays.next()) else {
            return Err(error);
        };
        if let Some(cb) = &policy.on_retry {
            cb(&error, wait);
        }
        tokio::time::sleep(wait).await;
    }
}

/// How [`find_or_create`] came by a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowOrigin {
    /// The account already had a flow with the name.
    Existing,
    /// It was created now.
    Created(CreateOutcome),
    /// The create call was refused because another client created a flow with the same name
    /// after the look-up: that flow, found by name again, is the one used.
    CreatedConcurrently,
}

/// A flow found by name or created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedFlow {
    /// The flow's id.
    pub id: String,
    /// How it was found.
    pub origin: FlowOrigin,
}

/// The flow named `body.name`: found by name, or created (see [`create_flow`]) when the account
/// has none. Several clients doing this at once end up with one flow: a create refused because
/// the name was taken in the meantime looks the name up again.
pub async fn find_or_create<B: FlowsBackend + ?Sized>(
    backend: &B,
    body: &CreateFlow,
    policy: &RetryPolicy,
) -> ApiResult<NamedFlow> {
    if let Some(flow) = find_by_name(backend, &body.name).await? {
        return Ok(NamedFlow {
            id: flow.id,
            origin: FlowOrigin::Existing,
        });
    }
    match create_flow(backend, body, policy).await {
        Ok(created) => Ok(NamedFlow {
            id: created.id.clone(),
            origin: FlowOrigin::Created(created),
        }),
        Err(e) if is_duplicate_name(&e) => match find_by_name(backend, &body.name).await? {
            Some(flow) => Ok(NamedFlow {
                id: flow.id,
                origin: FlowOrigin::CreatedConcurrently,
            }),
            None => Err(e),
        },
        Err(e) => Err(e),
    }
}

/// Meta's "Flow name is not unique" (code 100), recognised by its title or user message.
pub fn is_duplicate_name(error: &ApiError) -> bool {
    error.meta().is_some_and(|m| {
        let texts = [Some(m.message.as_str()), m.error_user_msg.as_deref()];
        m.code == 100
            && texts.into_iter().flatten().any(|t| {
                let t = t.to_ascii_lowercase();
                t.contains("unique") || t.contains("already exists") || t.contains("same name")
            })
    })
}

/// A flow as read before deciding what to send: its state and its current flow JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteState {
    /// The flow, with [`STATE_FIELDS`].
    pub flow: Flow,
    /// The bytes of its `flow.json` asset; `None` when it has none yet.
    pub content: Option<Vec<u8>>,
}

impl RemoteState {
    /// Whether the remote flow JSON is exactly `bytes`.
    pub fn has_content(&self, bytes: &[u8]) -> bool {
        self.content.as_deref() == Some(bytes)
    }
}

/// Times the asset list is read again when its download link no longer works.
pub const RELISTS: usize = 3;

/// Reads the flow's state and its current flow JSON concurrently: the flow itself, its asset
/// list, then the download of the `flow.json` asset when there is one.
///
/// Download links are short-lived, and an upload by another client retires them: a download
/// refused with 403, 404 or 410 lists the assets again for a fresh link, up to [`RELISTS`]
/// times.
pub async fn remote_state<B: FlowsBackend + ?Sized>(
    backend: &B,
    id: &str,
) -> ApiResult<RemoteState> {
    let content = async {
        let mut relisted = 0;
        loop {
            let assets = backend.list_assets(id).await?;
            let Some(asset) = assets.flow_json().filter(|a| !a.download_url.is_empty()) else {
                return Ok(None);
            };
            match backend.download_asset(asset).await {
                Ok(bytes) => return Ok(Some(bytes)),
                Err(e) if matches!(e.status(), Some(403 | 404 | 410)) && relisted < RELISTS => {
                    relisted += 1;
                }
                Err(e) => return Err(e),
            }
        }
    };
    let (flow, content) = tokio::join!(backend.get_flow(id, &STATE_FIELDS), content);
    Ok(RemoteState {
        flow: flow?,
        content: content?,
    })
}

/// What [`upload_if_changed`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Synced {
    /// The upload's answer; `None` when the remote flow JSON already had these exact bytes.
    pub upload: Option<Upload>,
    /// The flow now (read again after an upload; its `validation_errors` are authoritative).
    pub flow: Flow,
}

impl Synced {
    /// Whether the bytes were uploaded.
    pub fn uploaded(&self) -> bool {
        self.upload.is_some()
    }

    /// Meta's validation errors for the flow JSON now on the flow: those of the upload answer
    /// and of the flow, without repeats.
    pub fn validation_errors(&self) -> Vec<MetaValidationError> {
        let mut all = self
            .upload
            .as_ref()
            .map(|u| u.validation_errors.clone())
            .unwrap_or_default();
        for e in self.flow.errors() {
            if !all.contains(e) {
                all.push(e.clone());
            }
        }
        all
    }
}

/// Makes the flow's `flow.json` equal to `bytes`: nothing is sent when `state` shows the same
/// bytes; otherwise the exact bytes are uploaded and the flow is read again for Meta's
/// validation errors.
pub async fn upload_if_changed<B: FlowsBackend + ?Sized>(
    backend: &B,
    id: &str,
    bytes: &[u8],
    state: RemoteState,
) -> ApiResult<Synced> {
    if state.has_content(bytes) {
        return Ok(Synced {
            upload: None,
            flow: state.flow,
        });
    }
    let upload = backend.upload_flow_json(id, bytes).await?;
    let flow = backend.get_flow(id, &STATE_FIELDS).await?;
    Ok(Synced {
        upload: Some(upload),
        flow,
    })
}

/// Why the flow cannot be published, according to the backend's health status: Meta's reasons
/// (`ENTITY: description (solution)`) when it is `BLOCKED`; `None` when it is not, or when the
/// backend has no health status (the Partner API).
pub async fn health_block<B: FlowsBackend + ?Sized>(
    backend: &B,
    id: &str,
) -> ApiResult<Option<Vec<String>>> {
    Ok(backend
        .health_status(id)
        .await?
        .filter(|h| h.can_send_message == crate::model::CanSend::Blocked)
        .map(|h| h.problems()))
}
