//! What the commands that talk to the Partner API share: connection flags, the client, the
//! runtime, and turning failures into one line and an exit code.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use waflow_api::config::{ENV_API_KEY, ENV_ENV, ENV_GRAPH_TOKEN};
use waflow_api::{
    ApiError, Backend, ClientOptions, ConfigError, Connection, ErrorKind, FlowsBackend,
    GraphClient, GraphConnection, Overrides, PartnerClient, Permanent, Project, RetryPolicy,
};

use crate::exit;
use crate::render::{printable, printable_lines};

/// The longest `--timeout` accepted (a day): larger values would overflow the clock.
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// Where to connect. Every value can also come from the environment or `waflow.toml`
/// (`[env.<name>]`); the API key only ever comes from the environment.
#[derive(Args, Debug, Clone)]
pub struct RemoteArgs {
    /// The API: partner (360dialog's Partner API) or graph (Meta's Graph API)
    /// [env: WAFLOW_BACKEND] [default: partner].
    #[arg(long, global = true, value_name = "NAME", value_parser = ["partner", "graph"])]
    pub backend: Option<String>,

    /// Meta's WABA id, for the Graph backend [env: WAFLOW_WABA_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub waba_id: Option<String>,

    /// Graph API version, for the Graph backend [env: WAFLOW_GRAPH_VERSION] [default: v26.0].
    #[arg(long, global = true, value_name = "vNN.N")]
    pub graph_version: Option<String>,

    /// Partner API base URL [env: WAFLOW_BASE_URL] [default: https://hub.360dialog.io].
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,

    /// 360dialog partner id [env: WAFLOW_PARTNER_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub partner_id: Option<String>,

    /// 360dialog WABA account id [env: WAFLOW_WABA_ACCOUNT_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub waba_account_id: Option<String>,

    /// Name of the environment variable that holds the API key, or the Graph token
    /// [default: WAFLOW_API_KEY, or WAFLOW_GRAPH_TOKEN with the Graph backend]. The secret itself
    /// is never accepted on the command line.
    #[arg(long, global = true, value_name = "VAR")]
    pub api_key_env: Option<String>,

    /// Use the [env.NAME] table of waflow.toml (ids, base URL, key variable, flow ids).
    #[arg(long = "env", global = true, env = ENV_ENV, value_name = "NAME")]
    pub env_name: Option<String>,

    /// Project file [default: the closest waflow.toml in this directory or above].
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Seconds allowed for the command's calls to the API altogether, retries and the waits
    /// between them included (above 0, at most 86400).
    #[arg(long, global = true, value_name = "SECS", default_value_t = 60.0)]
    pub timeout: f64,

    /// Retries after a transient failure (429, 5xx, dropped connection) of a safe call.
    #[arg(long, global = true, value_name = "N", default_value_t = 4)]
    pub retries: usize,
}

/// A failure of a remote command, with its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Usage, configuration or I/O (exit 2).
    Usage(String),
    /// A Partner API call failed (exit 3).
    Api(Box<ApiError>),
    /// The flow's lifecycle forbids what was asked (exit 3), with what to do instead.
    Lifecycle {
        /// One line saying why.
        reason: String,
        /// What to do instead.
        hint: String,
    },
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Failure {
        Failure::Usage(e.to_string())
    }
}

impl From<waflow_api::config::ProjectError> for Failure {
    fn from(e: waflow_api::config::ProjectError) -> Failure {
        Failure::Usage(e.to_string())
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        Failure::Api(Box::new(e))
    }
}

impl Failure {
    /// Prints the failure (one line, and a hint line when there is something to do) and
    /// returns its exit code.
    pub fn report(&self) -> u8 {
        match self {
            Failure::Usage(reason) => {
                stderr_line!("waflow: error: {reason}");
                exit::USAGE
            }
            Failure::Api(e) => {
                // The text comes from the server: no control characters reach the terminal.
                stderr_line!("waflow: error: {}", printable(&e.to_string()));
                if let Some(hint) = api_hint(e) {
                    stderr_line!("  hint: {hint}");
                }
                exit::REMOTE
            }
            Failure::Lifecycle { reason, hint } => {
                stderr_line!("waflow: error: {reason}");
                stderr_line!("  hint: {hint}");
                exit::REMOTE
            }
        }
    }
}

/// What to do about a failed call, when something useful can be said.
fn api_hint(e: &ApiError) -> Option<String> {
    if let Some(permanent) = e.permanent() {
        return Some(permanent_hint(permanent).into());
    }
    if e.outcome_unknown()
        && let Some(hint) = unconfirmed_change(e.operation())
    {
        return Some(hint);
    }
    if let Some(wait) = e.retry_after().filter(|w| !w.is_zero()) {
        return Some(format!(
            "the server asked to wait {} before trying again; run the command again after that",
            wait_in_words(wait)
        ));
    }
    let meta = e.meta();
    Some(match (e.kind(), meta.map(|m| m.code)) {
        // Graph's token and permission codes: only the Graph API answers them.
        (ErrorKind::Auth, Some(190 | 10 | 200..=299)) => format!(
            "check the token in {ENV_GRAPH_TOKEN} (or the variable named by --api-key-env): a system-user token with whatsapp_business_management, for the WABA id given"
        ),
        (ErrorKind::Auth, _) => format!(
            "check the key in {ENV_API_KEY} (or the variable named by --api-key-env) and the partner and WABA account ids"
        ),
        // Without Meta's "does not exist" and without a flow id in the call, the route itself
        // is missing: the base URL is wrong.
        (ErrorKind::NotFound, None) if is_collection_call(e.operation()) => BASE_URL_HINT.into(),
        (ErrorKind::NotFound, None) => format!(
            "check the flow id (`waflow flows list`) and the partner and WABA account ids; if every command answers 404, {BASE_URL_HINT}"
        ),
        (ErrorKind::NotFound, _) => {
            "check the flow id (`waflow flows list`) and the partner and WABA account ids".into()
        }
        (ErrorKind::RateLimited, _) => {
            "the API is rate limiting this key; wait and run the command again".into()
        }
        (ErrorKind::Network | ErrorKind::Timeout, _) => {
            "check the base URL and the network; --timeout (for the whole command, retries included) and --retries adjust the patience"
                .into()
        }
        (ErrorKind::Integrity, _) => {
            "Meta blocks this account for integrity reasons (often an unverified business); see the account's quality status in WhatsApp Manager".into()
        }
        (_, Some(139001)) => {
            "published flows can't be updated in place: clone the flow into a new draft (`waflow publish FILE --clone-if-published`)".into()
        }
        (_, Some(139002)) => {
            "publishing needs a DRAFT flow without validation errors, an endpoint_uri for endpoint flows, and a connected phone number".into()
        }
        (_, Some(139003)) => "only a published flow can be deprecated, and only once".into(),
        (_, Some(139004)) => {
            "only DRAFT flows can be deleted; deprecate a published flow instead (`waflow flows deprecate ID`)".into()
        }
        _ => return None,
    })
}

/// What to check when the flows routes are not where the base URL says.
const BASE_URL_HINT: &str = "check the base URL: it must be the API's origin only (scheme, host and port, such as https://hub.360dialog.io or http://127.0.0.1:8787 for the sandbox), without a path";

/// What to do about a failure that trying again does not mend.
fn permanent_hint(permanent: Permanent) -> &'static str {
    match permanent {
        Permanent::HostName => {
            "the base URL's host name cannot be resolved: check its spelling (the Partner API is https://hub.360dialog.io)"
        }
        Permanent::NotTls => {
            "the server does not speak TLS; the sandbox uses http:// (e.g. http://127.0.0.1:8787)"
        }
        Permanent::Certificate => {
            "the server's certificate is not trusted (self-signed, expired or for another name); check the base URL's host"
        }
        Permanent::Tls => {
            "the TLS handshake was refused: check the base URL, and whether a proxy or firewall interferes"
        }
        Permanent::TooManyRedirects => BASE_URL_HINT,
    }
}

/// For a call that changes a flow and is not repeated blindly after a lost answer (see
/// `waflow_api::partner`'s operation names): that its outcome is unknown, and how to find out.
fn unconfirmed_change(operation: &str) -> Option<String> {
    let unknown = |done: &str, what: &str, check: &str| {
        format!(
            "the outcome is unknown: the server may have {done} {what} before the answer was lost; `{check}` shows whether it did"
        )
    };
    if let Some(name) = operation.strip_prefix("create flow ") {
        return Some(unknown(
            "created",
            &format!("flow {name}"),
            "waflow flows list",
        ));
    }
    [
        ("publish flow ", "published"),
        ("deprecate flow ", "deprecated"),
        ("delete flow ", "deleted"),
    ]
    .into_iter()
    .find_map(|(prefix, done)| {
        let id = operation.strip_prefix(prefix)?;
        Some(unknown(
            done,
            &format!("flow {id}"),
            &format!("waflow flows get {id}"),
        ))
    })
}

/// Whether the call is on the flows collection itself (no flow id in its path).
fn is_collection_call(operation: &str) -> bool {
    operation == "list flows"
        || operation.starts_with("create flow ")
        || operation.starts_with("migrate flows ")
}

/// "30 seconds", "5 minutes", "an hour", "3 hours".
fn wait_in_words(wait: Duration) -> String {
    let secs = wait.as_secs_f64().ceil() as u64;
    let count = |n: u64, one: &str, many: &str| {
        if n == 1 {
            one.to_owned()
        } else {
            format!("{n} {many}")
        }
    };
    if secs < 120 {
        count(secs, "1 second", "seconds")
    } else if secs.is_multiple_of(3600) || secs >= 3 * 3600 {
        count(secs.div_ceil(3600), "an hour", "hours")
    } else {
        count(secs.div_ceil(60), "a minute", "minutes")
    }
}

/// A connected backend, the loaded project file and the selected environment.
pub struct Session {
    /// The backend (the Partner API or the Graph API; callers only see the trait).
    pub client: Box<dyn FlowsBackend>,
    /// `waflow.toml`, when there is one.
    pub project: Option<Project>,
    /// The `[env.NAME]` selected.
    pub env_name: Option<String>,
    /// The retry schedule (used by the safe create too).
    pub retry: RetryPolicy,
}

impl RemoteArgs {
    /// Loads the project file: `--config`, else the closest `waflow.toml` above the flow files
    /// (the one `waflow check` uses for them), else above the working directory when no file is
    /// given. Files whose closest `waflow.toml` differ are refused: one command, one project.
    pub fn project_near(&self, files: &[PathBuf]) -> Result<Option<Project>, Failure> {
        Ok(match &self.config {
            Some(path) => Some(Project::load(path)?),
            None => Project::near(files)?,
        })
    }

    /// Resolves the connection and builds the client, with the project of the working
    /// directory.
    pub fn connect(&self) -> Result<Session, Failure> {
        self.connect_with(self.project_near(&[])?)
    }

    /// Resolves the connection and builds the client with `project`, the command's project
    /// file as [`RemoteArgs::project_near`] loaded it (read once per command).
    pub fn connect_with(&self, project: Option<Project>) -> Result<Session, Failure> {
        let overrides = Overrides {
            base_url: self.base_url.clone(),
            partner_id: self.partner_id.clone(),
            waba_account_id: self.waba_account_id.clone(),
            api_key_env: self.api_key_env.clone(),
            env: self.env_name.clone().filter(|e| !e.is_empty()),
            backend: self.backend.as_deref().map(str::parse).transpose()?,
            waba_id: self.waba_id.clone(),
            graph_version: self.graph_version.clone(),
        };
        let var = |name: &str| std::env::var(name).ok();
        let backend = waflow_api::config::resolve_backend(&overrides, project.as_ref(), var)?;
        let timeout = Duration::try_from_secs_f64(self.timeout)
            .ok()
            .filter(|t| !t.is_zero() && *t <= MAX_TIMEOUT)
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "--timeout must be a positive number of seconds, at most {}",
                    MAX_TIMEOUT.as_secs()
                ))
            })?;
        let retry = RetryPolicy {
            max_retries: self.retries,
            on_retry: Some(Arc::new(|e: &ApiError, wait: Duration| {
                stderr_line!(
                    "waflow: retrying in {:.1}s after: {}",
                    wait.as_secs_f32(),
                    printable(&e.to_string())
                );
            })),
            ..RetryPolicy::default()
        };
        let options = ClientOptions {
            connect_timeout: timeout.min(Duration::from_secs(10)),
            request_timeout: timeout,
            total_timeout: Some(timeout),
            retry: retry.clone(),
        };
        let client: Box<dyn FlowsBackend> = match backend {
            Backend::Partner => {
                let connection = Connection::resolve(&overrides, project.as_ref(), var)?;
                Box::new(PartnerClient::new(&connection, options)?)
            }
            Backend::Graph => {
                let connection = GraphConnection::resolve(&overrides, project.as_ref(), var)?;
                Box::new(GraphClient::new(&connection, options)?)
            }
        };
        Ok(Session {
            client,
            project,
            env_name: overrides.env,
            retry,
        })
    }
}

/// Refuses what cannot be a flow id (before anything is sent): empty, `.` or `..` (which URL
/// normalisation would drop, sending the call elsewhere), or holding `/`, `?`, `#` or
/// surrounding spaces.
pub fn check_flow_id(id: &str) -> Result<(), Failure> {
    if !waflow_api::partner::is_flow_id(id) || id.contains(['/', '?', '#']) || id.trim() != id {
        return Err(Failure::Usage(format!("{id:?} is not a flow id")));
    }
    Ok(())
}

/// Runs `future` to completion on a small runtime.
pub fn block_on<T>(future: impl Future<Output = T>) -> Result<T, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start the async runtime: {e}")))?;
    Ok(runtime.block_on(future))
}

/// Writes `value` as pretty JSON on standard output.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Usage(format!("cannot write JSON: {e}")))?;
    emit(&text)
}

/// Writes `text` and a line break on standard output (a closed pipe is not an error), with
/// control characters other than its line feeds made visible (server text inside a line must
/// already be [`printable`]).
pub fn emit(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match writeln!(out, "{}", printable_lines(text)).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Failure::Usage(format!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_in_words() {
        let words = |secs| wait_in_words(Duration::from_secs(secs));
        assert_eq!(words(1), "1 second");
        assert_eq!(words(90), "90 seconds");
        assert_eq!(words(120), "2 minutes");
        assert_eq!(words(3600), "an hour");
        assert_eq!(words(5400), "90 minutes");
        assert_eq!(words(7200), "2 hours");
        assert_eq!(words(86_400), "24 hours");
        assert_eq!(wait_in_words(Duration::from_millis(1500)), "2 seconds");
    }

    #[test]
    fn changes_whose_outcome_can_be_unknown() {
        assert!(
            unconfirmed_change("publish flow 12")
                .is_some_and(|h| h.contains("`waflow flows get 12`"))
        );
        assert!(
            unconfirmed_change("create flow \"A\"")
                .is_some_and(|h| h.contains("`waflow flows list`"))
        );
        assert_eq!(unconfirmed_change("list flows"), None);
        assert_eq!(unconfirmed_change("upload flow.json to flow 12"), None);
    }
}
