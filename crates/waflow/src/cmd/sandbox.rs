//! `waflow sandbox`: run the local stand-in of the Partner API until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use waflow_api::ConfigError;
use waflow_api::config::{ENV_API_KEY, is_variable_name};
use waflow_sandbox::{FaultRule, LoggedRequest, Sandbox, SandboxConfig};

use super::remote::Failure;
use crate::exit;
use crate::render::printable;

/// Arguments of `waflow sandbox`.
#[derive(Args, Debug)]
#[command(
    after_help = "The sandbox keeps everything in memory and forgets it on exit. Point the other commands at it with WAFLOW_BASE_URL=http://ADDR (any partner and WABA account id work)."
)]
pub struct SandboxArgs {
    /// Address to listen on. Loopback by default; another address exposes the sandbox to the
    /// network.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,

    /// Name of the environment variable holding the key clients must send [default: WAFLOW_API_KEY].
    #[arg(long, value_name = "VAR")]
    pub api_key_env: Option<String>,

    /// Let uploads and metadata updates to a PUBLISHED flow move it back to DRAFT (Meta's newer
    /// rule) instead of refusing them with 139001.
    #[arg(long)]
    pub published_edits_return_to_draft: bool,

    /// Inject the faults of this JSON file: an array of rules such as
    /// {"method": "POST", "path": "/publish", "fault": "drop_after"} (see docs/sandbox.md).
    #[arg(long, value_name = "FILE")]
    pub faults: Option<PathBuf>,

    /// Inject a fault, written "[METHOD] [/PATH] KIND [FIELD=VALUE…]", e.g.
    /// "GET /flows 429 retry_after=3600 times=5" (repeatable; after the --faults rules).
    #[arg(long, value_name = "SPEC")]
    pub fault: Vec<String>,

    /// Print one line per request on standard error: method, path and the status answered
    /// (never headers, so never the key).
    #[arg(long)]
    pub log_requests: bool,
}

/// Runs `waflow sandbox` until Ctrl-C and returns the exit code.
pub fn run(args: SandboxArgs) -> u8 {
    match serve(args) {
        Ok(()) => exit::OK,
        Err(failure) => failure.report(),
    }
}

fn serve(args: SandboxArgs) -> Result<(), Failure> {
    let var = args
        .api_key_env
        .clone()
        .unwrap_or_else(|| ENV_API_KEY.to_owned());
    if !is_variable_name(&var) {
        return Err(ConfigError::BadKeyVariable.into());
    }
    let key = std::env::var(&var)
        .ok()
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            Failure::Usage(format!(
                "no API key for the sandbox: set {var} to the key clients must send (any string, e.g. `export {var}=dev-key`)"
            ))
        })?;
    let rules = fault_rules(&args)?;
    let config = SandboxConfig {
        addr: args.addr,
        api_key: key,
        published_edits_return_to_draft: args.published_edits_return_to_draft,
        ..SandboxConfig::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let sandbox = Sandbox::start(config)
            .await
            .map_err(|e| Failure::Usage(with_causes(&e)))?;
        for rule in &rules {
            sandbox.faults().push_rule(rule.clone());
        }
        if args.log_requests {
            sandbox.on_request(Arc::new(|r: &LoggedRequest| {
                let status = r.status.map_or("dropped".to_owned(), |s| s.to_string());
                stderr_line!("{} {} {status}", r.method, printable(&r.path));
            }));
        }
        let scope = if sandbox.addr().ip().is_loopback() {
            "loopback only: not reachable from other machines"
        } else {
            "WARNING: not a loopback address, other machines can reach it"
        };
        // On 0.0.0.0 or ::, `url()` is the loopback URL a client here can use.
        stderr_line!(
            "waflow sandbox listening on http://{} ({scope})",
            sandbox.addr()
        );
        stderr_line!(
            "  clients must send the key held in {var}; any partner and WABA account id work"
        );
        stderr_line!(
            "  export WAFLOW_BASE_URL={} WAFLOW_PARTNER_ID=devPA WAFLOW_WABA_ACCOUNT_ID=devWA",
            sandbox.url()
        );
        if !rules.is_empty() {
            stderr_line!(
                "  {} fault rule{} armed: answers are not what the Partner API would send",
                rules.len(),
                if rules.len() == 1 { "" } else { "s" }
            );
        }
        stderr_line!("  state is in memory only; Ctrl-C stops it");
        let waited = tokio::signal::ctrl_c().await;
        sandbox.shutdown().await;
        waited.map_err(|e| Failure::Usage(format!("cannot wait for Ctrl-C: {e}")))
    })
}

/// The rules of `--faults FILE`, then those of each `--fault SPEC`.
fn fault_rules(args: &SandboxArgs) -> Result<Vec<FaultRule>, Failure> {
    let mut rules = Vec::new();
    if let Some(path) = &args.faults {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
        rules = FaultRule::parse_file(&text)
            .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
    }
    for spec in &args.fault {
        rules.push(FaultRule::parse_spec(spec).map_err(|e| Failure::Usage(e.to_string()))?);
    }
    Ok(rules)
}

/// An error and its causes on one line: "cannot listen on 127.0.0.1:8787: Address already in
/// use (os error 98)".
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}
