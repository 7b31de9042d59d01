//! `waflow publish`: push, then publish only when neither the local check nor Meta reports an
//! error, explaining the flow lifecycle when it stands in the way; prints the preview link.

use std::path::PathBuf;

use clap::Args;
use waflow_api::deploy::{self, RemoteState};
use waflow_api::model::{CreateFlow, Flow, FlowStatus};
use waflow_core::Severity;

use super::push::{self, Local, TargetArgs};
use super::remote::{self, Failure, RemoteArgs, Session, emit};
use crate::exit;
use crate::render::{Format, plural};

/// Arguments of `waflow publish`.
#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 published (preview link on standard output), 1 local or Meta validation errors (nothing published), 2 usage, configuration or I/O error, 3 the API refused (lifecycle, integrity) or could not be reached."
)]
pub struct PublishArgs {
    /// The flow JSON file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    #[command(flatten)]
    pub target: TargetArgs,

    /// When the flow is already published, clone it into a new DRAFT flow, upload the file there
    /// and publish that one (Meta does not publish a flow twice).
    #[arg(long)]
    pub clone_if_published: bool,

    /// Name of the clone [default: the flow's name with " v2", " v3", … (the first free one)].
    #[arg(long, value_name = "NAME", requires = "clone_if_published", value_parser = super::flows::flow_name)]
    pub clone_name: Option<String>,

    /// Publish even when the local check reports warnings (errors always stop it).
    #[arg(long)]
    pub allow_warnings: bool,

    /// Output format of the findings (local and Meta's).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Connection.
    #[command(flatten)]
    pub remote: RemoteArgs,
}

/// Runs `waflow publish` and returns the exit code.
pub fn run(args: PublishArgs) -> u8 {
    match execute(args) {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}

fn execute(args: PublishArgs) -> Result<u8, Failure> {
    let locals = push::check_locally(
        std::slice::from_ref(&args.file),
        args.remote.config.as_deref(),
    )?;
    let Some(local) = locals.into_iter().next() else {
        return Err(Failure::Usage("no file to publish".into()));
    };
    let warnings = local.report.count(Severity::Warning);
    if local.blocks() || (warnings > 0 && !args.allow_warnings) {
        push::render_reports(args.format, std::slice::from_ref(&local.report))?;
        if local.blocks() {
            stderr_line!("waflow: not published: fix the local findings first (nothing was sent)");
        } else {
            stderr_line!(
                "waflow: not published: the local check reports {} (nothing was sent); fix {} or pass --allow-warnings",
                plural(warnings, "warning"),
                if warnings == 1 { "it" } else { "them" }
            );
        }
        return Ok(exit::FINDINGS);
    }
    let session = args.remote.connect_near(std::slice::from_ref(&args.file))?;
    let value = local.value()?;
    let version = local.version(value)?;
    let settings = push::settings_for(&session, &local.file, &args.target);
    push::check_endpoint_setting(&local.file, version, &settings)?;
    remote::block_on(async {
        let api = session.client.as_ref();
        let needs_uri = deploy::endpoint_uri_applies(version)
            && deploy::uses_endpoint(value)
            && settings.endpoint_uri.is_none();
        if needs_uri
            && settings.flow_id.is_none()
            && let Some(name) = &settings.name
            && deploy::find_by_name(api, name).await?.is_none()
        {
            // A flow created now would have no endpoint_uri: refuse before creating it.
            return Err(missing_endpoint(
                &session,
                &local,
                &format!("a new flow \"{name}\""),
                version,
            ));
        }
        let (mut id, mut created) =
            push::resolve_flow(&session, &local.file, &settings, &local.bytes).await?;
        let mut state = deploy::remote_state(api, &id).await?;
        match state.flow.status.clone() {
            Some(FlowStatus::Deprecated) => return Err(push::deprecated(&id, &local.file)),
            Some(status) if status.is_live() => {
                if state.has_content(&local.bytes) && status == FlowStatus::Published {
                    stderr_line!(
                        "waflow: flow {id} is already published with exactly this flow JSON; nothing to do"
                    );
                    return finish(&session, &id, args.format).await;
                }
                if !args.clone_if_published {
                    return Err(Failure::Lifecycle {
                        reason: format!(
                            "flow {id} is {status}: Meta publishes a flow once; its flow JSON can't be replaced and published again in place"
                        ),
                        hint: format!(
                            "add --clone-if-published to copy it into a new DRAFT flow and publish that (or `waflow flows create --name NEW --clone-flow-id {id}`); the live flow keeps working until you deprecate it"
                        ),
                    });
                }
                let clone =
                    clone_flow(&session, &state.flow, args.clone_name.clone(), version).await?;
                stderr_line!(
                    "waflow: flow {id} is {status}; cloned it into new DRAFT flow {} \"{}\". Point waflow.toml at it:",
                    clone.0,
                    clone.1
                );
                stderr_line!("  {}", push::flows_table(&session, &local.file));
                stderr_line!("  flow_id = \"{}\"", clone.0);
                id = clone.0;
                created = false;
                state = deploy::remote_state(api, &id).await?;
            }
            _ => {}
        }
        endpoint_precondition(&session, &local, &id, version, value, &settings, &state)?;
        super::endpoint::publish_gate(&session, value, &settings, &state.flow).await?;
        let synced = push::upload(&session, &id, &local, state).await?;
        let errors = synced.validation_errors();
        stderr_line!(
            "{}",
            push::describe(
                &local.file,
                &id,
                push::change_of(&synced, created),
                &synced.flow,
                errors.len()
            )
        );
        let report = local.with_remote(&errors);
        push::render_reports(args.format, std::slice::from_ref(&report))?;
        if !errors.is_empty() {
            // The flow JSON had to be uploaded for Meta to validate it; nothing else changes.
            stderr_line!("waflow: not published: Meta reports validation errors (shown above)");
            return Ok(exit::FINDINGS);
        }
        let current = synced.flow.endpoint_uri.as_deref();
        push::sync_endpoint(&session, &id, version, &settings, current).await?;
        health_gate(api, &id).await?;
        if let Err(e) = api.publish_flow(&id).await {
            return Err(publish_refusal(&id, e));
        }
        stderr_line!("waflow: published flow {id}");
        finish(&session, &id, args.format).await
    })?
}

/// Prints the preview link of a published flow: the last line of standard output, or on
/// standard error with a machine format (whose report must stay alone on standard output).
async fn finish(session: &Session, id: &str, format: Format) -> Result<u8, Failure> {
    match session.client.preview(id, false).await {
        Ok(p) => {
            if matches!(format, Format::Human | Format::Concise) {
                emit(&crate::render::printable(&p.preview.preview_url))?;
            } else {
                stderr_line!(
                    "waflow: preview: {}",
                    crate::render::printable(&p.preview.preview_url)
                );
            }
            Ok(exit::OK)
        }
        Err(e) => {
            stderr_line!(
                "waflow: warning: published, but the preview link could not be read: {}",
                crate::render::printable(&e.to_string())
            );
            Ok(exit::OK)
        }
    }
}

/// A flow JSON of 3.0 or later that talks to an endpoint needs `endpoint_uri` on the flow.
fn endpoint_precondition(
    session: &Session,
    local: &Local,
    id: &str,
    version: waflow_core::FlowVersion,
    value: &serde_json::Value,
    settings: &waflow_api::config::FlowSettings,
    state: &RemoteState,
) -> Result<(), Failure> {
    let remote_uri = state.flow.endpoint_uri.as_deref().filter(|u| !u.is_empty());
    if deploy::endpoint_uri_applies(version)
        && deploy::uses_endpoint(value)
        && settings.endpoint_uri.is_none()
        && remote_uri.is_none()
    {
        return Err(missing_endpoint(
            session,
            local,
            &format!("flow {id}"),
            version,
        ));
    }
    Ok(())
}

/// The refusal for an endpoint flow without `endpoint_uri`.
fn missing_endpoint(
    session: &Session,
    local: &Local,
    flow: &str,
    version: waflow_core::FlowVersion,
) -> Failure {
    Failure::Lifecycle {
        reason: format!(
            "{} uses an endpoint (data_exchange or data_api_version) and is Flow JSON {version}, but {flow} has no endpoint_uri: Meta refuses to publish it (139002)",
            local.file.display()
        ),
        hint: format!(
            "pass --endpoint-uri https://…, or set endpoint_uri in {} of waflow.toml (or on an existing flow: `waflow flows update ID --endpoint-uri https://…`)",
            push::flows_table(session, &local.file)
        ),
    }
}

/// Creates a DRAFT copy of `flow` with a free name; returns its id and name.
async fn clone_flow(
    session: &Session,
    flow: &Flow,
    name: Option<String>,
    version: waflow_core::FlowVersion,
) -> Result<(String, String), Failure> {
    let api = session.client.as_ref();
    let name = match name {
        Some(n) => n,
        None => {
            let base = flow
                .name
                .clone()
                .unwrap_or_else(|| format!("flow {}", flow.id));
            let taken: Vec<String> = api
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
    let created = deploy::create_flow(api, &body, &session.retry).await?;
    Ok((created.id, name))
}

/// Refuses to publish when the backend's health status (Graph only) says the flow cannot be
/// sent, with Meta's reasons.
async fn health_gate(api: &dyn waflow_api::FlowsBackend, id: &str) -> Result<(), Failure> {
    let Some(problems) = deploy::health_block(api, id).await? else {
        return Ok(());
    };
    let reasons = if problems.is_empty() {
        "no reason given".to_owned()
    } else {
        problems.join("; ")
    };
    Err(Failure::Lifecycle {
        reason: format!(
            "not published: Meta's health status of flow {id} is BLOCKED: {}",
            crate::render::printable(&reasons)
        ),
        hint: "fix what the health status names, then run waflow publish again".into(),
    })
}

/// Meta's refusal to publish, explained.
fn publish_refusal(id: &str, e: waflow_api::ApiError) -> Failure {
    let Some(meta) = e.meta() else {
        return e.into();
    };
    let text = meta.text().to_owned();
    let hint = match meta.code {
        139000 => "Meta blocks publishing for this business (integrity): verify the business and check the account's quality status in WhatsApp Manager".to_owned(),
        139002 => format!(
            "Meta checks before publishing: the flow is DRAFT, has no validation errors, has endpoint_uri when it uses an endpoint, and the WABA has a connected phone number (and, for endpoint flows, a signed public key and an app); see `waflow flows get {id}`"
        ),
        _ => return e.into(),
    };
    Failure::Lifecycle {
        reason: format!(
            "Meta refused to publish flow {id} ({}: {text})",
            meta.code_label()
        ),
        hint,
    }
}
