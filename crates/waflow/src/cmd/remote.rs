//! What the commands that talk to the Partner API share: connection flags, the client, the
//! runtime, and turning failures into one line and an exit code.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use waflow_api::config::{ENV_API_KEY, ENV_ENV};
use waflow_api::{
    ApiError, ClientOptions, ConfigError, Connection, ErrorKind, FlowsBackend, Overrides,
    PartnerClient, Project, RetryPolicy,
};

use crate::exit;
use crate::render::{printable, printable_lines};

/// The longest `--timeout` accepted (a day): larger values would overflow the clock.
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// Where to connect. Every value can also come from the environment or `waflow.toml`
/// (`[env.<name>]`); the API key only ever comes from the environment.
#[derive(Args, Debug, Clone)]
pub struct RemoteArgs {
    /// Partner API base URL [env: WAFLOW_BASE_URL] [default: https://hub.360dialog.io].
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,

    /// 360dialog partner id [env: WAFLOW_PARTNER_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub partner_id: Option<String>,

    /// 360dialog WABA account id [env: WAFLOW_WABA_ACCOUNT_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub waba_account_id: Option<String>,

    /// Name of the environment variable that holds the API key [default: WAFLOW_API_KEY].
    /// The key itself is never accepted on the command line.
    #[arg(long, global = true, value_name = "VAR")]
    pub api_key_env: Option<String>,

    /// Use the [env.NAME] table of waflow.toml (ids, base URL, key variable, flow ids).
    #[arg(long = "env", global = true, env = ENV_ENV, value_name = "NAME")]
    pub env_name: Option<String>,

    /// Project file [default: the closest waflow.toml in this directory or above].
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Seconds allowed for each request, answer included (above 0, at most 86400).
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
    let meta = e.meta();
    Some(match (e.kind(), meta.map(|m| m.code)) {
        (ErrorKind::Auth, _) => format!(
            "check the key in {ENV_API_KEY} (or the variable named by --api-key-env) and the partner and WABA account ids"
        ),
        (ErrorKind::NotFound, _) => {
            "check the flow id (`waflow flows list`) and the partner and WABA account ids".into()
        }
        (ErrorKind::RateLimited, _) => {
            "the API is rate limiting this key; wait and run the command again".into()
        }
        (ErrorKind::Network | ErrorKind::Timeout, _) => {
            "check the base URL and the network; --timeout and --retries adjust the patience"
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

/// A connected backend, the loaded project file and the selected environment.
pub struct Session {
    /// The backend (the Partner API; callers only see the trait).
    pub client: Box<dyn FlowsBackend>,
    /// `waflow.toml`, when there is one.
    pub project: Option<Project>,
    /// The `[env.NAME]` selected.
    pub env_name: Option<String>,
    /// The retry schedule (used by the safe create too).
    pub retry: RetryPolicy,
}

impl RemoteArgs {
    /// Loads the project file (when any).
    pub fn project(&self) -> Result<Option<Project>, Failure> {
        Ok(match &self.config {
            Some(path) => Some(Project::load(path)?),
            None => {
                let cwd = std::env::current_dir().map_err(|e| {
                    Failure::Usage(format!("cannot read the current directory: {e}"))
                })?;
                Project::discover(&cwd)?
            }
        })
    }

    /// Resolves the connection and builds the client.
    pub fn connect(&self) -> Result<Session, Failure> {
        let project = self.project()?;
        let overrides = Overrides {
            base_url: self.base_url.clone(),
            partner_id: self.partner_id.clone(),
            waba_account_id: self.waba_account_id.clone(),
            api_key_env: self.api_key_env.clone(),
            env: self.env_name.clone().filter(|e| !e.is_empty()),
        };
        let connection = Connection::resolve(&overrides, project.as_ref(), |name| {
            std::env::var(name).ok()
        })?;
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
            retry: retry.clone(),
        };
        let client = PartnerClient::new(&connection, options)?;
        Ok(Session {
            client: Box::new(client),
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
