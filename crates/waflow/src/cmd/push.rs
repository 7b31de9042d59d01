//! `waflow push`: validate locally, then upload the exact bytes of each flow file when the remote
//! copy differs, and report Meta's validation errors on the local lines.

use std::path::{Path, PathBuf};

use clap::{Args, builder::PossibleValuesParser};
use serde_json::Value;
use waflow_api::config::{self as api_config, FlowSettings};
use waflow_api::deploy::{self, FlowOrigin};
use waflow_api::model::{CATEGORIES, CreateFlow, Flow};
use waflow_api::workflow::{self, Change, CheckedFlow, DeployError, Refusal, Target};
use waflow_api::{ApiError, Project};
use waflow_core::document::{self, Document};
use waflow_core::meta_errors::{self, MetaValidationError};
use waflow_core::options::Profile;
use waflow_core::{FileReport, Finding, FlowVersion};

use super::check::FailOn;
use super::remote::{self, Failure, RemoteArgs, Session};
use crate::config::Configs;
use crate::exit;
use crate::render::{self, Format};

/// Arguments of `waflow push`.
#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 uploaded (or unchanged) and Meta reports no error, 1 local or Meta validation errors (nothing is sent when the local check finds an error), 2 usage, configuration or I/O error, 3 the API refused or could not be reached."
)]
pub struct PushArgs {
    /// Flow JSON files. Each needs a flow: --flow-id / --name (one file only), or a
    /// [flows."FILE"] table in waflow.toml.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub target: TargetArgs,

    /// Output format of the findings (local and Meta's).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub profile: super::profile::ProfileArgs,

    /// Connection.
    #[command(flatten)]
    pub remote: RemoteArgs,
}

/// Which flow a file goes to.
#[derive(Args, Debug, Clone, Default)]
pub struct TargetArgs {
    /// The flow to upload to.
    #[arg(long, value_name = "ID", conflicts_with = "name")]
    pub flow_id: Option<String>,

    /// The flow's name: found by name, or created (DRAFT) when the account has none.
    #[arg(long, value_parser = super::flows::flow_name)]
    pub name: Option<String>,

    /// Category of a created flow (repeat for several) [default: OTHER].
    #[arg(long = "category", value_parser = PossibleValuesParser::new(CATEGORIES))]
    pub categories: Vec<String>,

    /// Endpoint URL, for flow JSON 3.0 and later (set on creation, updated when it differs).
    #[arg(long, value_name = "URL")]
    pub endpoint_uri: Option<String>,
}

impl TargetArgs {
    fn settings(&self) -> FlowSettings {
        FlowSettings {
            flow_id: self.flow_id.clone(),
            name: self.name.clone(),
            categories: (!self.categories.is_empty()).then(|| self.categories.clone()),
            endpoint_uri: self.endpoint_uri.clone(),
            ..FlowSettings::default()
        }
    }
}

/// A flow file read and checked locally.
pub(crate) struct Local {
    /// The file.
    pub file: PathBuf,
    /// Its exact bytes.
    pub bytes: Vec<u8>,
    /// The bytes loaded (parsed once, for the check, the push and Meta's errors).
    pub doc: Document,
    /// The local findings.
    pub report: FileReport,
    /// The lowest severity that stops the file (`fail_on` of the lint configuration).
    pub fail_on: FailOn,
}

impl Local {
    /// Whether the local findings forbid sending the file.
    pub fn blocks(&self) -> bool {
        self.fail_on.fails(std::slice::from_ref(&self.report))
    }

    /// The parsed JSON (only called once the local check passed).
    pub fn value(&self) -> Result<&Value, Failure> {
        self.doc
            .value
            .as_ref()
            .ok_or_else(|| Failure::Usage(format!("{}: not JSON", self.file.display())))
    }

    /// The declared version (only called once the local check passed).
    pub fn version(&self, value: &Value) -> Result<FlowVersion, Failure> {
        waflow_core::check::declared_version(value)
            .map_err(|f| Failure::Usage(format!("{}: {}", self.file.display(), f.message)))
    }

    /// The local report with Meta's errors added, located on the local text and marked as
    /// reported by Meta. Says where Meta's verdict differs from the local one on a rule whose
    /// sources disagree (docs/evidence.md).
    pub fn with_remote(&self, errors: &[MetaValidationError]) -> FileReport {
        let mut report = self.report.clone();
        let remote = meta_errors::to_findings(errors, &self.doc);
        self.say_differences(&remote);
        report.extend_located(&self.doc, remote);
        report
    }

    /// Prints the local findings of inventoried rules on which Meta's answer differs.
    fn say_differences(&self, remote: &[Finding]) {
        let local: Vec<Finding> = self
            .report
            .diagnostics
            .iter()
            .map(|d| d.finding.clone())
            .collect();
        let differences = waflow_core::rules::verdict::differences(&local, remote);
        if differences.is_empty() {
            return;
        }
        stderr_line!(
            "waflow: {}: Meta's verdict differs from waflow's where Meta's sources disagree (see docs/evidence.md; please report it):",
            self.file.display()
        );
        for d in differences {
            stderr_line!("  - {d}");
        }
    }
}

/// Reads and checks every file with the lint settings of `project`, the command's project file
/// already loaded (the settings `waflow check` uses for these files; the file is not read again).
pub(crate) fn check_locally(
    files: &[PathBuf],
    project: Option<&Project>,
    profile: Option<Profile>,
) -> Result<Vec<Local>, Failure> {
    let configs = Configs::of_project(project.cloned(), profile);
    let mut out = Vec::new();
    for file in files {
        if file.is_dir() {
            return Err(Failure::Usage(format!(
                "{} is a directory; name the flow JSON files to send (`waflow check` takes directories)",
                file.display()
            )));
        }
        let bytes =
            std::fs::read(file).map_err(|e| Failure::Usage(format!("{}: {e}", file.display())))?;
        let config = configs
            .for_path(file)
            .map_err(|e| Failure::Usage(e.to_string()))?;
        let (doc, findings) = document::load(&bytes);
        let report = config.check_loaded(&file.display().to_string(), file, &doc, findings);
        out.push(Local {
            file: file.clone(),
            bytes,
            doc,
            report,
            fail_on: config.fail_on(None),
        });
    }
    for warning in configs.warnings() {
        stderr_line!("waflow: warning: {warning}");
    }
    Ok(out)
}

/// Writes the reports unless there is nothing to say in a human format.
pub(crate) fn render_reports(format: Format, reports: &[FileReport]) -> Result<(), Failure> {
    let empty = reports.iter().all(|r| r.diagnostics.is_empty());
    if empty && matches!(format, Format::Human | Format::Concise) {
        return Ok(());
    }
    render::render_to(format, reports, None)
        .map_err(|e| Failure::Usage(format!("cannot write the report: {e}")))
}

/// The settings of `file`: waflow.toml's, overridden by the flags (a flag naming the flow
/// replaces both the configured id and name).
pub(crate) fn settings_for(session: &Session, file: &Path, target: &TargetArgs) -> FlowSettings {
    let mut configured = session
        .project
        .as_ref()
        .map(|p| p.flow_settings(file, session.env_name.as_deref()))
        .unwrap_or_default();
    if target.flow_id.is_some() || target.name.is_some() {
        configured.flow_id = None;
        configured.name = None;
    }
    configured.overridden_by(&target.settings())
}

/// Refuses an `endpoint_uri` for a flow JSON below 3.0, where Meta wants the endpoint inside
/// the JSON (`data_channel_uri`).
pub(crate) fn check_endpoint_setting(
    file: &Path,
    version: FlowVersion,
    settings: &FlowSettings,
) -> Result<(), Failure> {
    if settings.endpoint_uri.is_some() && !deploy::endpoint_uri_applies(version) {
        return Err(Failure::Usage(format!(
            "{}: endpoint_uri is set but the flow is Flow JSON {version}, below 3.0: Meta takes the endpoint from data_channel_uri inside such a flow JSON and refuses endpoint_uri (\"Specify Endpoint Uri in Flow JSON\"); remove endpoint_uri or move the flow to Flow JSON {}",
            file.display(),
            FlowVersion::LATEST
        )));
    }
    Ok(())
}

/// Where `settings` send a file: the configured id, or the flow with the configured name
/// (usage errors when neither is set, or the name is empty).
pub(crate) fn target_for(
    session: &Session,
    file: &Path,
    settings: &FlowSettings,
) -> Result<Target, Failure> {
    if let Some(id) = &settings.flow_id {
        remote::check_flow_id(id)?;
        return Ok(Target::Id(id.clone()));
    }
    let Some(name) = &settings.name else {
        return Err(Failure::Usage(format!(
            "{}: which flow? pass --flow-id ID or --name NAME, or add {}",
            file.display(),
            where_to_map(session, file)
        )));
    };
    if name.trim().is_empty() {
        return Err(Failure::Usage(format!(
            "{}: the flow's name is empty",
            file.display()
        )));
    }
    Ok(Target::Named(CreateFlow {
        name: name.clone(),
        categories: settings
            .categories
            .clone()
            .unwrap_or_else(|| vec!["OTHER".to_owned()]),
        clone_flow_id: None,
        endpoint_uri: settings.endpoint_uri.clone(),
        flow_json: None,
    }))
}

/// Says how a flow looked up by name was come by (nothing when it existed).
pub(crate) fn report_origin(name: &str, id: &str, origin: &FlowOrigin, with_content: bool) {
    match origin {
        FlowOrigin::Existing => {}
        FlowOrigin::Created(created) => stderr_line!(
            "waflow: created flow {id} \"{name}\" (DRAFT{}){}",
            if with_content {
                ", with its flow.json in the same call"
            } else {
                ""
            },
            if created.recovered {
                " after a create call that got no clear answer"
            } else {
                ""
            }
        ),
        FlowOrigin::CreatedConcurrently => stderr_line!(
            "waflow: flow \"{name}\" was created by another client meanwhile; using it: flow {id}"
        ),
    }
}

/// Where to say which flow `file` goes to: its table in the project file, or, without one, in
/// a new `waflow.toml` beside the file (the closest to it; `waflow init` writes one).
fn where_to_map(session: &Session, file: &Path) -> String {
    if let Some(project) = &session.project {
        return format!(
            "{} with flow_id or name to {}",
            api_config::flows_table(&project.table_path(file)),
            project.label.display()
        );
    }
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let init = if dir == Path::new(".") {
        "`waflow init`".to_owned()
    } else {
        format!("`waflow init {}`", dir.display())
    };
    format!(
        "{} with flow_id or name to a waflow.toml in {} (there is none; {init} writes one)",
        api_config::flows_table(&name),
        dir.display()
    )
}

/// The header of `file`'s table in waflow.toml, `[flows."…"]`, with the path as the project
/// file expects it (relative to its directory; as given when there is no project file).
pub(crate) fn flows_table(session: &Session, file: &Path) -> String {
    let path = match &session.project {
        Some(project) => project.table_path(file),
        None => file.display().to_string(),
    };
    api_config::flows_table(&path)
}

/// The deprecated-flow refusal.
pub(crate) fn deprecated(id: &str, file: &Path) -> Failure {
    Failure::Lifecycle {
        reason: format!(
            "flow {id} is DEPRECATED: Meta never changes or publishes a deprecated flow again"
        ),
        hint: format!(
            "create a new flow for this file: `waflow push {} --name NEW_NAME` (or point waflow.toml at another flow)",
            file.display()
        ),
    }
}

fn published_refusal(id: &str, file: &Path, e: &ApiError) -> Failure {
    let text = e.meta().map(|m| m.text().to_owned()).unwrap_or_default();
    Failure::Lifecycle {
        reason: format!("flow {id} is PUBLISHED and Meta refuses to change it (139001: {text})"),
        hint: format!(
            "publish the change as a new draft cloned from it: `waflow publish {} --flow-id {id} --clone-if-published`",
            file.display()
        ),
    }
}

/// One line about what happened to a file.
pub(crate) fn describe(
    file: &Path,
    id: &str,
    change: Change,
    flow: &Flow,
    errors: usize,
) -> String {
    let action = match change {
        Change::Uploaded => "uploaded",
        Change::CreatedWithContent => "created with this flow.json",
        Change::Unchanged => "unchanged (the remote flow.json has the same bytes), not uploaded",
    };
    let status = flow
        .status
        .as_ref()
        .map(|s| format!(", {s}"))
        .unwrap_or_default();
    let verdict = match errors {
        0 => "Meta reports no error".to_owned(),
        1 => "Meta reports 1 error".to_owned(),
        n => format!("Meta reports {n} errors"),
    };
    format!(
        "waflow: {} -> flow {id}: {action}{status}; {verdict}",
        file.display()
    )
}

/// A refusal or failure of the push workflow, explained for `file`.
pub(crate) fn deploy_failure(e: DeployError, file: &Path) -> Failure {
    match e {
        DeployError::Api(e) => Failure::Api(e),
        DeployError::Refused(Refusal::Deprecated { id }) => deprecated(&id, file),
        DeployError::Refused(Refusal::PublishedLocked { id, error, .. }) => {
            published_refusal(&id, file, &error)
        }
        DeployError::Refused(other) => Failure::Usage(format!("{}: {other}", file.display())),
    }
}

/// Runs `waflow push` and returns the exit code.
pub fn run(args: PushArgs) -> u8 {
    match execute(args) {
        Ok(code) => code,
        Err(failure) => failure.report(),
    }
}

fn execute(args: PushArgs) -> Result<u8, Failure> {
    if args.files.len() > 1 && (args.target.flow_id.is_some() || args.target.name.is_some()) {
        return Err(Failure::Usage(
            "--flow-id and --name apply to one file; map several files to flows in waflow.toml ([flows.\"FILE\"])".into(),
        ));
    }
    let project = args.remote.project_near(&args.files)?;
    let locals = check_locally(&args.files, project.as_ref(), args.profile.get())?;
    if locals.iter().any(Local::blocks) {
        let reports: Vec<FileReport> = locals.iter().map(|l| l.report.clone()).collect();
        render_reports(args.format, &reports)?;
        stderr_line!("waflow: not pushed: fix the local findings first (nothing was sent)");
        return Ok(exit::FINDINGS);
    }
    let session = args.remote.connect_with(project)?;
    let mut plans = Vec::new();
    for local in &locals {
        let value = local.value()?;
        let version = local.version(value)?;
        let settings = settings_for(&session, &local.file, &args.target);
        check_endpoint_setting(&local.file, version, &settings)?;
        plans.push((local, version, settings));
    }
    remote::block_on(async {
        let mut reports = Vec::new();
        let mut remote_errors = 0;
        let mut refused: Option<Failure> = None;
        let total = plans.len();
        for (n, (local, version, settings)) in plans.iter().enumerate() {
            if total > 1 {
                stderr_line!("waflow: [{}/{total}] {}", n + 1, local.file.display());
            }
            let outcome = async {
                let target = target_for(&session, &local.file, settings)?;
                let checked = CheckedFlow::new(&local.bytes, &local.report)
                    .map_err(|e| deploy_failure(e, &local.file))?;
                let endpoint = settings
                    .endpoint_uri
                    .as_deref()
                    .filter(|_| deploy::endpoint_uri_applies(*version));
                let out = workflow::push(
                    session.client.as_ref(),
                    &checked,
                    &target,
                    endpoint,
                    &session.retry,
                )
                .await
                .map_err(|e| deploy_failure(e, &local.file))?;
                if let (Target::Named(body), Some(origin)) = (&target, &out.origin) {
                    let with_content = out.change == Change::CreatedWithContent;
                    report_origin(&body.name, &out.id, origin, with_content);
                }
                if out.changed_live {
                    stderr_line!(
                        "waflow: note: flow {} was {}: Meta either refuses the update (139001) or moves the flow back to DRAFT until it is published again",
                        out.id,
                        out.flow.status.as_ref().map_or("PUBLISHED", |s| s.as_str())
                    );
                }
                if let Some(uri) = &out.endpoint_set {
                    stderr_line!("waflow: set endpoint_uri of flow {} to {uri}", out.id);
                }
                Ok::<_, Failure>(out)
            }
            .await;
            match outcome {
                Ok(out) => {
                    let line = describe(
                        &local.file,
                        &out.id,
                        out.change,
                        &out.flow,
                        out.errors.len(),
                    );
                    stderr_line!("{line}");
                    remote_errors += out.errors.len();
                    reports.push(local.with_remote(&out.errors));
                }
                Err(failure @ Failure::Lifecycle { .. }) => {
                    failure.report();
                    refused = Some(failure);
                    reports.push(local.report.clone());
                }
                Err(other) => {
                    render_reports(args.format, &reports)?;
                    return Err(other);
                }
            }
        }
        render_reports(args.format, &reports)?;
        Ok(if refused.is_some() {
            exit::REMOTE
        } else if remote_errors > 0 {
            exit::FINDINGS
        } else {
            exit::OK
        })
    })?
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    /// The local check uses the project file the command loaded, not a second read of the file
    /// on disk: here the two differ, and the loaded one must win.
    #[test]
    fn the_local_check_uses_the_loaded_project_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = crate::config::absolute(dir.path());
        let flow = root.join("flow.json");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/rules/screens/duplicate-id/fail.json");
        std::fs::copy(&fixture, &flow).expect("copy the fixture");
        let toml = root.join("waflow.toml");
        std::fs::write(&toml, "[rules]\n\"screens/duplicate-id\" = \"off\"\n").expect("write");
        let loaded = Project::parse("", &toml, root.clone()).expect("parses");

        let locals =
            check_locally(std::slice::from_ref(&flow), Some(&loaded), None).expect("checked");
        let rules: Vec<&str> = locals[0]
            .report
            .diagnostics
            .iter()
            .map(|d| d.finding.rule.as_ref())
            .collect();
        assert!(rules.contains(&"screens/duplicate-id"), "{rules:?}");
        assert!(locals[0].blocks());
    }
}
