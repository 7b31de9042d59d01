//! `waflow publish`: the arguments and the printing around `waflow_api::workflow::publish`
//! (push, then publish only when neither the local check nor Meta reports an error), explaining
//! the flow lifecycle when it stands in the way; prints the preview link.

use std::path::PathBuf;

use clap::Args;
use waflow_api::model::Flow;
use waflow_api::workflow::{
    self, CheckedFlow, DeployError, PublishError, PublishOptions, PublishOutcome, Published,
    Refusal, Step, Target,
};
use waflow_core::{FlowVersion, Severity};

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

    #[command(flatten)]
    pub profile: super::profile::ProfileArgs,

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
    let files = std::slice::from_ref(&args.file);
    let project = args.remote.project_near(files)?;
    let locals = push::check_locally(files, project.as_ref(), args.profile.get())?;
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
    let value = local.value()?;
    let version = local.version(value)?;
    // Meta refuses to publish a frozen version whatever the rule's level or --allow-warnings:
    // sending it would create or change the flow for nothing.
    if !version.is_publishable() {
        stderr_line!(
            "waflow: not published: {} is Flow JSON {version}, which Meta no longer publishes (it refuses with 139002); nothing was sent (--allow-warnings does not change this)",
            local.file.display()
        );
        stderr_line!(
            "  hint: move the flow to Flow JSON {} (the oldest publishable version is {}), then run waflow publish again",
            FlowVersion::LATEST,
            FlowVersion::OLDEST_PUBLISHABLE
        );
        return Ok(exit::FINDINGS);
    }
    let session = args.remote.connect_with(project)?;
    let settings = push::settings_for(&session, &local.file, &args.target);
    push::check_endpoint_setting(&local.file, version, &settings)?;
    let target = push::target_for(&session, &local.file, &settings)?;
    let checked = CheckedFlow::new(&local.bytes, &local.report)
        .map_err(|e| push::deploy_failure(e, &local.file))?;
    let options = PublishOptions {
        endpoint_uri: settings.endpoint_uri.clone(),
        clone_if_published: args.clone_if_published,
        clone_name: args.clone_name.clone(),
    };
    remote::block_on(async {
        let mut written = Ok(());
        let mut step = |step: Step<'_>| match step {
            Step::Resolved {
                id,
                origin,
                with_content,
            } => {
                if let Target::Named(body) = &target {
                    push::report_origin(&body.name, id, origin, with_content);
                }
            }
            Step::Cloned {
                from,
                status,
                id,
                name,
            } => {
                stderr_line!(
                    "waflow: flow {from} is {status}; cloned it into new DRAFT flow {id} \"{name}\". Point waflow.toml at it:"
                );
                stderr_line!("  {}", push::flows_table(&session, &local.file));
                stderr_line!("  flow_id = \"{id}\"");
            }
            Step::Synced {
                id,
                change,
                flow,
                errors,
            } => {
                let line = push::describe(&local.file, id, change, flow, errors.len());
                stderr_line!("{line}");
                let report = local.with_remote(errors);
                written = push::render_reports(args.format, std::slice::from_ref(&report));
            }
            Step::EndpointSet { id, uri } => {
                stderr_line!("waflow: set endpoint_uri of flow {id} to {uri}");
            }
        };
        let gate = async |flow: &Flow| {
            super::endpoint::publish_gate(&session, value, &settings, flow).await
        };
        let outcome = workflow::publish(
            session.client.as_ref(),
            &checked,
            &target,
            &options,
            &session.retry,
            gate,
            &mut step,
        )
        .await;
        written?;
        match outcome {
            Ok(PublishOutcome { id, published }) => {
                if published == Published::AlreadyWithThisJson {
                    stderr_line!(
                        "waflow: flow {id} is already published with exactly this flow JSON; nothing to do"
                    );
                } else {
                    stderr_line!("waflow: published flow {id}");
                }
                finish(&session, &id, args.format).await
            }
            Err(PublishError::Gate(failure)) => Err(failure),
            Err(PublishError::Deploy(DeployError::Refused(Refusal::RemoteErrors { .. }))) => {
                stderr_line!("waflow: not published: Meta reports validation errors (shown above)");
                Ok(exit::FINDINGS)
            }
            Err(PublishError::Deploy(e)) => Err(refusal(&session, &local, &target, e)),
        }
    })?
}

/// A failure or refusal of the publish workflow, explained.
fn refusal(session: &Session, local: &Local, target: &Target, e: DeployError) -> Failure {
    let refused = match e {
        DeployError::Refused(refused) => refused,
        other => return push::deploy_failure(other, &local.file),
    };
    match refused {
        Refusal::AlreadyPublished { id, status } => Failure::Lifecycle {
            reason: format!(
                "flow {id} is {status}: Meta publishes a flow once; its flow JSON can't be replaced and published again in place"
            ),
            hint: format!(
                "add --clone-if-published to copy it into a new DRAFT flow and publish that (or `waflow flows create --name NEW --clone-flow-id {id}`); the live flow keeps working until you deprecate it"
            ),
        },
        Refusal::MissingEndpoint { id, version } => {
            let flow = match (id, target) {
                (Some(id), _) => format!("flow {id}"),
                (None, Target::Named(body)) => format!("a new flow \"{}\"", body.name),
                (None, Target::Id(id)) => format!("flow {id}"),
            };
            missing_endpoint(session, local, &flow, version)
        }
        Refusal::HealthBlocked { id, problems } => {
            let reasons = if problems.is_empty() {
                "no reason given".to_owned()
            } else {
                problems.join("; ")
            };
            Failure::Lifecycle {
                reason: format!(
                    "not published: Meta's health status of flow {id} is BLOCKED: {}",
                    crate::render::printable(&reasons)
                ),
                hint: "fix what the health status names, then run waflow publish again".into(),
            }
        }
        Refusal::PublishRefused { id, error } => publish_refusal(&id, *error),
        Refusal::OutcomeUnknown { error, .. } => Failure::Api(error),
        other => push::deploy_failure(DeployError::Refused(other), &local.file),
    }
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
