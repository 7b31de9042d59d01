//! Shared by the API tests: a sandbox started in-process on 127.0.0.1 (ephemeral port),
//! a scratch directory, and `waflow` commands pointed at both.

use std::path::PathBuf;
use std::time::Duration;

use crate::bin::WAFLOW;
use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;
use tokio::runtime::Runtime;
use waflow_sandbox::{FaultInjector, LoggedRequest, Sandbox, SandboxConfig};

/// The key the sandbox expects; long and distinctive so a leak is easy to find in any output.
pub const KEY: &str = "wfk-live-4f1d2c3b5a6e7d8c9b0a-SECRET";
/// Partner id used by the tests.
pub const PARTNER: &str = "testPA";
/// WABA account id used by the tests.
pub const WABA: &str = "testWA";

/// A static one-screen flow without findings.
pub const VALID: &str = include_str!("../../fixtures/api/valid.json");

/// The same flow with another text (a change to upload).
pub fn valid_with_text(text: &str) -> String {
    VALID.replace("\"Hello\"", &format!("{text:?}"))
}

/// A flow that talks to an endpoint (Flow JSON 7.3).
pub const ENDPOINT: &str = include_str!("../../fixtures/api/endpoint.json");

/// A flow with a local error (two screens with the same id), on known lines.
pub const DUPLICATE_IDS: &str = r#"{
  "version": "7.3",
  "screens": [
    {
      "id": "WELCOME",
      "title": "Welcome",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
        ]
      }
    },
    {
      "id": "WELCOME",
      "title": "Again",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
        ]
      }
    }
  ]
}
"#;

/// A running sandbox and a scratch project directory.
pub struct Env {
    pub sandbox: Option<Sandbox>,
    pub runtime: Runtime,
    pub dir: TempDir,
    pub url: String,
}

impl Env {
    /// Published flows refuse edits (Meta's older rule, the sandbox default).
    pub fn new() -> Env {
        Env::with(|_| {})
    }

    /// A sandbox with a tweaked configuration.
    pub fn with(tweak: impl FnOnce(&mut SandboxConfig)) -> Env {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let mut config = SandboxConfig::new(KEY);
        tweak(&mut config);
        let sandbox = runtime
            .block_on(Sandbox::start(config))
            .expect("sandbox starts");
        let url = sandbox.url();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Env {
            sandbox: Some(sandbox),
            runtime,
            dir: tempfile::tempdir().expect("tempdir"),
            url,
        }
    }

    fn sandbox(&self) -> &Sandbox {
        self.sandbox.as_ref().expect("running")
    }

    /// `waflow` in the scratch directory, configured for the sandbox through the environment.
    pub fn waflow(&self) -> Command {
        let mut cmd = assert_cmd::Command::new(WAFLOW);
        cmd.current_dir(self.dir.path())
            .env("WAFLOW_BASE_URL", &self.url)
            .env("WAFLOW_PARTNER_ID", PARTNER)
            .env("WAFLOW_WABA_ACCOUNT_ID", WABA)
            .env("WAFLOW_API_KEY", KEY)
            .env("NO_COLOR", "1")
            .env_remove("WAFLOW_ENV");
        for proxy in [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ] {
            cmd.env_remove(proxy);
        }
        cmd.timeout(Duration::from_secs(60));
        cmd
    }

    /// Runs `waflow args…`; returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.waflow().args(args).output().expect("waflow runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs and expects `code`; returns (stdout, stderr).
    pub fn expect(&self, code: i32, args: &[&str]) -> (String, String) {
        let (got, out, err) = self.run(args);
        assert_eq!(
            got, code,
            "waflow {args:?}\n--- stdout\n{out}\n--- stderr\n{err}"
        );
        (out, err)
    }

    /// Writes a file in the scratch directory.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write");
        path
    }

    /// Every request the sandbox received so far.
    pub fn log(&self) -> Vec<LoggedRequest> {
        self.sandbox().request_log()
    }

    /// Requests received from `since` on, as `METHOD /path-after-flows`.
    pub fn calls_since(&self, since: usize) -> Vec<String> {
        self.log()
            .into_iter()
            .skip(since)
            .map(|r| {
                let path = match r.path.split_once("/flows") {
                    Some((_, rest)) => format!("/flows{rest}"),
                    None => r.path.clone(),
                };
                format!("{} {path}", r.method)
            })
            .collect()
    }

    /// The fault injector.
    pub fn faults(&self) -> FaultInjector {
        self.sandbox().faults()
    }

    /// Creates a flow through the CLI and returns its id.
    pub fn create(&self, name: &str) -> String {
        let (out, _) = self.expect(0, &["flows", "create", "--name", name, "--json"]);
        let v: Value = serde_json::from_str(&out).expect("create --json is JSON");
        v["id"].as_str().expect("id").to_owned()
    }

    /// Reads a flow through the CLI (`--json`).
    pub fn flow(&self, id: &str) -> Value {
        let (out, _) = self.expect(
            0,
            &[
                "flows",
                "get",
                id,
                "--json",
                "--fields",
                "id,name,status,validation_errors,endpoint_uri,categories",
            ],
        );
        serde_json::from_str(&out).expect("get --json is JSON")
    }

    /// The flows of the account (`--json`).
    pub fn flows(&self) -> Vec<Value> {
        let (out, _) = self.expect(0, &["flows", "list", "--json"]);
        let v: Value = serde_json::from_str(&out).expect("list --json is JSON");
        v["flows"].as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            self.runtime.block_on(sandbox.shutdown());
        }
    }
}
