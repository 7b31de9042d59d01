//! waflow-sandbox: an in-memory stand-in for the 360dialog Partner API v2 WhatsApp Flows
//! endpoints, with Meta's flow lifecycle, served over real HTTP on loopback.
//!
//! Tests start one per test; `waflow sandbox` runs one until Ctrl-C. See `docs/sandbox.md` for
//! the routes, what is inferred, and the error shapes.
//!
//! # Public API
//!
//! ```text
//! pub struct SandboxConfig { pub addr: SocketAddr, pub api_key: String, pub partner_id: String,
//!                            pub published_edits_return_to_draft: bool }   // + Default, new(key)
//! pub struct Sandbox;   // a running server
//! impl Sandbox {
//!     pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError>;
//!     pub fn url(&self) -> String;                  // "http://127.0.0.1:PORT"
//!     pub fn addr(&self) -> SocketAddr;
//!     pub fn faults(&self) -> FaultInjector;        // cheap clone handle
//!     pub fn request_log(&self) -> Vec<LoggedRequest>;
//!     pub fn on_request(&self, observer: RequestObserver);  // Arc<dyn Fn(&LoggedRequest)>
//!     pub async fn shutdown(self);
//! }
//! pub enum Fault { Status { status: u16, retry_after: Option<u64> }, Reply { status: u16, body: String },
//!                  Delay(Duration), DropConnection,
//!                  Answer { status: u16, headers: Vec<(String, String)>, body: String },
//!                  DelayAfter(Duration), DropAfter, Partial, SlowBody(Duration),
//!                  Redirect { status: u16, location: String } }
//!     // Fault::graph_rate_limit(80007): Meta's rate-limit answer (HTTP 400, code 4/80007/130429)
//! pub struct FaultMatch { pub method: Option<String>, pub path_contains: Option<String> }
//!     // FaultMatch::any(), FaultMatch::new("POST", "/assets"), FaultMatch::path("/publish")
//! pub struct FaultRule { pub matcher: FaultMatch, pub fault: Fault, pub skip: usize, pub times: usize }
//!     // FaultRule::parse_file(json) -> Result<Vec<FaultRule>, FaultSpecError>  (`--faults FILE`)
//!     // FaultRule::parse_spec("GET /flows 429 retry_after=3") -> Result<FaultRule, _>  (`--fault`)
//! impl FaultInjector { pub fn push(&self, FaultMatch, Fault, times: usize);
//!                      pub fn push_rule(&self, FaultRule); pub fn clear(&self);
//!                      pub fn remaining(&self) -> usize; }
//! pub struct LoggedRequest { pub method: String, pub path: String, pub query: Option<String>,
//!                            pub status: Option<u16> }
//! pub enum SandboxError { Config(String), Bind { addr, source } }
//! pub const FLOWS_PATH: &str;  // "/api/v2/partners/{partner_id}/waba_accounts/{waba_account_id}/flows"
//! ```
//!
//! ```no_run
//! # async fn demo() -> Result<(), waflow_sandbox::SandboxError> {
//! use waflow_sandbox::{Fault, FaultMatch, Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::new("test-key")).await?;
//! sandbox.faults().push(
//!     FaultMatch::new("POST", "/assets"),
//!     Fault::Status { status: 429, retry_after: Some(1) },
//!     1,
//! );
//! let base = format!("{}/api/v2/partners/PA/waba_accounts/WA/flows", sandbox.url());
//! # let _ = base;
//! sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod errors;
mod fault_file;
mod faults;
mod routes;
mod server;
mod state;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use errors::SandboxError;
pub use fault_file::FaultSpecError;
pub use faults::{Fault, FaultInjector, FaultMatch, FaultRule, LoggedRequest, RequestObserver};

/// The flows collection path, relative to the server URL, with its two parameters.
pub const FLOWS_PATH: &str = "/api/v2/partners/{partner_id}/waba_accounts/{waba_account_id}/flows";

/// How to run a sandbox. Its `Debug` output leaves the API key out.
#[derive(Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// Where to listen; `127.0.0.1:0` (loopback, a free port) by default.
    pub addr: SocketAddr,
    /// The key every `/api/v2` request must send in `X-API-Key`. Must not be empty.
    pub api_key: String,
    /// When not empty, requests for any other partner id get 403 ("Permission denied for
    /// partner …"). When empty (the default), any partner id is served. Either way each
    /// (partner, WABA account) pair has its own flows.
    pub partner_id: String,
    /// What editing a PUBLISHED flow (upload or metadata update) does: `false` (default) refuses
    /// with Meta's 139001 "Flow can't be updated", `true` moves the flow back to DRAFT as Meta's
    /// December 2025 lifecycle guide describes.
    pub published_edits_return_to_draft: bool,
}

impl SandboxConfig {
    /// Loopback on a free port, with `api_key`, any partner, and published flows immutable.
    pub fn new(api_key: impl Into<String>) -> SandboxConfig {
        SandboxConfig {
            api_key: api_key.into(),
            ..SandboxConfig::default()
        }
    }
}

impl std::fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("addr", &self.addr)
            .field("api_key", &"<redacted>")
            .field("partner_id", &self.partner_id)
            .field(
                "published_edits_return_to_draft",
                &self.published_edits_return_to_draft,
            )
            .finish()
    }
}

impl Default for SandboxConfig {
    /// Loopback on a free port, any partner, published flows immutable, and no API key yet: set
    /// `api_key` before starting.
    fn default() -> SandboxConfig {
        SandboxConfig {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            api_key: String::new(),
            partner_id: String::new(),
            published_edits_return_to_draft: false,
        }
    }
}

/// A running sandbox. Dropping it stops the server too; [`Sandbox::shutdown`] also waits for it.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    faults: FaultInjector,
    log: faults::RequestLog,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `config.addr` and serves on the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        if config.api_key.is_empty() {
            return Err(SandboxError::Config("the API key must not be empty".into()));
        }
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| SandboxError::Bind {
                    addr: config.addr,
                    source,
                })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: config.addr,
            source,
        })?;
        let faults = FaultInjector::default();
        let log = faults::RequestLog::default();
        let state = routes::AppState {
            store: Arc::new(Mutex::new(state::Store::new(
                config.published_edits_return_to_draft,
            ))),
            api_key: config.api_key.into(),
            partner_id: config.partner_id.into(),
            base_url: url_of(addr).into(),
        };
        let layer = faults::Layer {
            faults: faults.clone(),
            log: log.clone(),
        };
        let app = routes::app(state, layer);
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(server::accept_loop(listener, app, stopped));
        Ok(Sandbox {
            addr,
            faults,
            log,
            stop,
            task: Some(task),
        })
    }

    /// The base URL clients on this machine use, e.g. `http://127.0.0.1:41234`: when listening
    /// on every address (`0.0.0.0` or `::`), the loopback address of that family.
    pub fn url(&self) -> String {
        url_of(self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A handle to inject faults.
    pub fn faults(&self) -> FaultInjector {
        self.faults.clone()
    }

    /// Every request received so far, oldest first (method, path, query, answered status).
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.log.snapshot()
    }

    /// Calls `observer` with each request once it has been answered or its connection dropped
    /// (replacing any observer set before).
    pub fn on_request(&self, observer: RequestObserver) {
        self.log.observe(observer);
    }

    /// Stops accepting, lets open requests finish (up to a second), and waits for the server.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// `http://ADDR`, with an unspecified address replaced by loopback (a client cannot connect to
/// `0.0.0.0`, and waflow's client only allows plain http to loopback).
fn url_of(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
