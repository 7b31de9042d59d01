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
    /// Address to listen on: IP:PORT, or a host name that resolves to loopback only, such as
    /// localhost:8787. Loopback by default; another IP address exposes the sandbox to the
    /// network.
    #[arg(long, default_value = "127.0.0.1:8787", value_parser = parse_addr)]
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

/// `--addr`: an IP address and port as they are; a host name and port when every address it
/// resolves to is loopback (the first, IPv4 preferred), since a name is no way to ask for the
/// network.
fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    use std::net::ToSocketAddrs;
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let addrs: Vec<SocketAddr> = text
        .to_socket_addrs()
        .map_err(|e| format!("not IP:PORT nor a host name and port that resolve: {e}"))?
        .collect();
    loopback_only(&addrs)
}

/// The address to listen on among those a host name resolves to: the first loopback one (IPv4
/// preferred), or why none may be used.
fn loopback_only(addrs: &[SocketAddr]) -> Result<SocketAddr, String> {
    if let Some(other) = addrs.iter().find(|a| !a.ip().is_loopback()) {
        return Err(format!(
            "the host name resolves to {}, not a loopback address; to listen on another address give it as IP:PORT",
            other.ip()
        ));
    }
    addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or_else(|| addrs.first())
        .copied()
        .ok_or_else(|| "the host name resolves to no address".to_owned())
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

#[cfg(test)]
mod tests {
    use super::{loopback_only, parse_addr};

    #[test]
    fn addr_takes_ips_and_names_of_loopback() {
        let local = parse_addr("localhost:0").unwrap_or_else(|e| panic!("{e}"));
        assert!(local.ip().is_loopback() && local.port() == 0, "{local}");
        let any = parse_addr("0.0.0.0:8787").unwrap_or_else(|e| panic!("{e}"));
        assert!(any.ip().is_unspecified(), "{any}");
        assert!(parse_addr("localhost").is_err(), "a port is needed");
        assert!(parse_addr("no-such-host.invalid:0").is_err());
        // A name that also resolves to the network is refused: never listen there by name.
        let v6 = "[::1]:80".parse().unwrap_or_else(|e| panic!("{e}"));
        let v4 = "127.0.0.1:80".parse().unwrap_or_else(|e| panic!("{e}"));
        let lan = "192.168.1.2:80".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loopback_only(&[v6, v4]), Ok(v4));
        assert_eq!(loopback_only(&[v6]), Ok(v6));
        let refused = loopback_only(&[v4, lan]);
        assert!(
            refused.as_ref().is_err_and(|e| e.contains("192.168.1.2")),
            "{refused:?}"
        );
        assert!(loopback_only(&[]).is_err());
    }
}
