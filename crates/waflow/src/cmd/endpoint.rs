//! `waflow endpoint`: test a flow's data endpoint the way WhatsApp talks to it: the encrypted
//! health check (`ping`) and a replay of the flow's conversation checked against the flow
//! (`check`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::Value;
use waflow_api::config::FlowSettings;
use waflow_api::deploy;
use waflow_api::model::Flow as RemoteFlow;
use waflow_core::{FileReport, Omitted, document};
use waflow_endpoint::flow::Flow;
use waflow_endpoint::{AppSecret, Endpoint, Error, Health, PublicKey, SLOW};

use super::check::FailOn;
use super::remote::{self, Failure, Session};
use crate::config::{Config, Configs};
use crate::exit;
use crate::render::{self, Format, printable};

/// Arguments of `waflow endpoint`.
#[derive(Args, Debug)]
pub struct EndpointArgs {
    #[command(subcommand)]
    command: EndpointCommand,
}

#[derive(Subcommand, Debug)]
enum EndpointCommand {
    /// Send WhatsApp's encrypted health check and say whether the endpoint answers it.
    #[command(
        after_help = "Exit status: 0 healthy, 2 usage error (key file, URL, secret variable), 3 not healthy (the reason is printed)."
    )]
    Ping(PingArgs),
    /// Replay a flow's endpoint conversation and check every reply against the flow.
    #[command(
        after_help = "Exit status: 0 every reply matches the flow, 1 contract findings, 2 usage, configuration or I/O error, 3 the endpoint could not be reached or refused the requests."
    )]
    Check(CheckArgs),
}

/// How to reach the endpoint (shared by `ping` and `check`).
#[derive(Args, Debug)]
struct Connection {
    /// The business's RSA public key (PEM), the one registered with WhatsApp. Never the
    /// private key.
    #[arg(long, value_name = "FILE")]
    public_key: PathBuf,

    /// Sign requests with the app secret read from this environment variable
    /// (`x-hub-signature-256`; with Data API 4.0 also `flow_token_signature`).
    #[arg(long, value_name = "VAR")]
    app_secret_env: Option<String>,

    /// Seconds to wait for each reply (WhatsApp waits 10).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = seconds)]
    timeout: f64,
}

#[derive(Args, Debug)]
struct PingArgs {
    /// The endpoint's URL (http or https).
    #[arg(value_name = "URL")]
    url: String,

    #[command(flatten)]
    connection: Connection,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The flow JSON file the endpoint serves.
    #[arg(value_name = "FLOW")]
    flow: PathBuf,

    /// The endpoint's URL (http or https).
    #[arg(long, value_name = "URL")]
    url: String,

    #[command(flatten)]
    connection: Connection,

    /// Output format of the findings.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Write the report to FILE instead of standard output (`-`: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Lowest severity that makes the command fail (exit 1). Default: `fail_on` of the flow's
    /// configuration, else `error`.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,

    /// Configuration file whose [rules] levels, [[ignore]] entries and fail_on apply to the
    /// findings, instead of the closest `waflow.toml` to FLOW.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Do not list the requests and their latencies on standard error.
    #[arg(long, short = 'q')]
    quiet: bool,
}

fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 600.0 => Ok(s),
        _ => Err("a number of seconds above 0 and at most 600".into()),
    }
}

/// Runs `waflow endpoint` and returns the exit code.
pub fn run(args: EndpointArgs) -> u8 {
    match args.command {
        EndpointCommand::Ping(args) => run_ping(args),
        EndpointCommand::Check(args) => run_check(args),
    }
}

fn usage(message: impl std::fmt::Display) -> u8 {
    stderr_line!("waflow: error: {}", printable(&message.to_string()));
    exit::USAGE
}

/// The endpoint at `url`, as `connection` says to reach it.
fn endpoint(url: &str, connection: &Connection) -> Result<Endpoint, String> {
    endpoint_with(
        url,
        &connection.public_key,
        connection.app_secret_env.as_deref(),
        Duration::from_secs_f64(connection.timeout),
    )
}

/// The endpoint at `url` with the public key in `key_file` and, when `secret_env` names a
/// variable, the app secret it holds; a usage error as one line.
pub fn endpoint_with(
    url: &str,
    key_file: &Path,
    secret_env: Option<&str>,
    timeout: Duration,
) -> Result<Endpoint, String> {
    let pem = std::fs::read_to_string(key_file)
        .map_err(|e| format!("cannot read the public key {}: {e}", key_file.display()))?;
    let key = PublicKey::from_pem(&pem).map_err(|e| format!("{}: {e}", key_file.display()))?;
    let secret = match secret_env {
        None => None,
        Some(var) => match std::env::var(var) {
            Ok(s) if !s.is_empty() => Some(AppSecret::new(s)),
            _ => {
                return Err(format!(
                    "the environment variable {var} (the app secret) is not set"
                ));
            }
        },
    };
    Endpoint::new(url, key, secret, timeout).map_err(|e| e.to_string())
}

/// Runs the health check; `Ok` with the latency when the endpoint is healthy, else why not.
async fn health(endpoint: &Endpoint) -> Result<Duration, String> {
    match waflow_endpoint::ping(endpoint).await {
        Ok(ping) => match ping.health {
            Health::Active => Ok(ping.latency),
            Health::Unexpected(body) => Err(format!(
                "the reply decrypts but is {}, not {{\"data\": {{\"status\": \"active\"}}}}",
                shorten(&body.to_string())
            )),
        },
        Err(e) => Err(e.to_string()),
    }
}

/// The publish gate: for an endpoint flow whose settings name `endpoint_public_pem`, the
/// health check of its endpoint (the configured `endpoint_uri`, else the flow's) must pass
/// before anything is uploaded or published.
pub async fn publish_gate(
    session: &Session,
    flow_json: &Value,
    settings: &FlowSettings,
    remote: &RemoteFlow,
) -> Result<(), Failure> {
    let Some(key) = &settings.endpoint_public_pem else {
        return Ok(());
    };
    if !deploy::uses_endpoint(flow_json) {
        return Ok(());
    }
    let url = settings
        .endpoint_uri
        .as_deref()
        .or(remote.endpoint_uri.as_deref())
        .filter(|u| !u.is_empty())
        .ok_or_else(|| {
            Failure::Usage(
                "endpoint_public_pem is set, but the flow has no endpoint_uri to run the health check on".into(),
            )
        })?;
    let key = match &session.project {
        Some(project) => project.root.join(key),
        None => PathBuf::from(key),
    };
    let endpoint = endpoint_with(
        url,
        &key,
        settings.endpoint_signature_env.as_deref(),
        waflow_endpoint::META_TIMEOUT,
    )
    .map_err(Failure::Usage)?;
    match health(&endpoint).await {
        Ok(latency) => {
            stderr_line!(
                "waflow: the endpoint answered the health check in {} ms",
                latency.as_millis()
            );
            Ok(())
        }
        Err(reason) => Err(Failure::Lifecycle {
            reason: format!(
                "not published: the endpoint {} fails the health check: {reason}",
                printable(url)
            ),
            hint: format!(
                "Meta refuses to publish an endpoint flow whose endpoint fails it; fix the endpoint, then try `waflow endpoint ping {} --public-key {}`",
                printable(url),
                key.display()
            ),
        }),
    }
}

fn run_ping(args: PingArgs) -> u8 {
    let endpoint = match endpoint(&args.url, &args.connection) {
        Ok(e) => e,
        Err(message) => return usage(message),
    };
    let outcome = match block_on(health(&endpoint)) {
        Ok(outcome) => outcome,
        Err(message) => return usage(message),
    };
    match outcome {
        Ok(latency) => {
            stdout_line!(
                "healthy: {} answered the health check in {} ms{}",
                printable(&args.url),
                latency.as_millis(),
                if latency > SLOW {
                    " (slower than 1 s: WhatsApp throttles slow endpoints)"
                } else {
                    ""
                }
            );
            exit::OK
        }
        Err(reason) => {
            stderr_line!("waflow: not healthy: {}", printable(&reason));
            exit::REMOTE
        }
    }
}

fn run_check(args: CheckArgs) -> u8 {
    let args = CheckArgs {
        output: crate::report_file::named(args.output),
        ..args
    };
    let config = match Configs::with_profile(args.config.as_deref(), None)
        .and_then(|configs| configs.for_path(&args.flow))
    {
        Ok(config) => config,
        Err(e) => return usage(e),
    };
    for warning in &config.warnings {
        stderr_line!("waflow: warning: {}", printable(warning));
    }
    let bytes = match std::fs::read(&args.flow) {
        Ok(b) => b,
        Err(e) => return usage(format!("cannot read {}: {e}", args.flow.display())),
    };
    let path = args.flow.display().to_string();
    let (doc, load_findings) = document::load(&bytes);
    let mut report = FileReport {
        path: path.clone(),
        flow_version: None,
        text: Arc::clone(&doc.text),
        diagnostics: Vec::new(),
        omitted: Omitted::default(),
    };
    let Some(value) = &doc.value else {
        // Not JSON: say why, as `check` would, and send nothing.
        report.extend_located(&doc, config.configure(&args.flow, load_findings));
        return finish(&args, &config, report, None);
    };
    report.flow_version = value
        .get("version")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let flow = match Flow::read(value) {
        Ok(flow) => flow,
        Err(e) => return usage(format!("{path}: {e}")),
    };
    let endpoint = match endpoint(&args.url, &args.connection) {
        Ok(e) => e,
        Err(message) => return usage(message),
    };
    let replay = match block_on(waflow_endpoint::replay(&endpoint, &flow)) {
        Ok(r) => r,
        Err(message) => return usage(message),
    };
    if !args.quiet {
        for step in &replay.steps {
            match step.latency {
                Some(l) => stderr_line!("{:>6} ms  {}", l.as_millis(), printable(&step.label)),
                None => stderr_line!("     -     {} (no usable reply)", printable(&step.label)),
            }
        }
    }
    report.extend_located(&doc, config.configure(&args.flow, replay.findings));
    finish(&args, &config, report, replay.refused)
}

fn finish(args: &CheckArgs, config: &Config, report: FileReport, refused: Option<Error>) -> u8 {
    let reports = [report];
    let options = render::Options {
        quiet: args.quiet,
        ..render::Options::default()
    };
    if let Err(e) = render::render_with(args.format, &reports, args.output.as_deref(), &options) {
        return usage(format!("cannot write the report: {e}"));
    }
    if let Some(e) = refused {
        stderr_line!("waflow: the replay stopped: {}", printable(&e.to_string()));
        return exit::REMOTE;
    }
    if config.fail_on(args.fail_on).fails(&reports) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// Runs `future` on the commands' small runtime; a runtime that cannot start as one line.
fn block_on<T>(future: impl Future<Output = T>) -> Result<T, String> {
    remote::block_on(future).map_err(|failure| match failure {
        Failure::Usage(message) => message,
        other => format!("{other:?}"),
    })
}

/// `text` cut to 200 characters for a one-line message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}
