//! pywa (PyPI), a Graph API client we did not write, runs a flow's lifecycle against the
//! sandbox's Graph paths on 127.0.0.1: create, upload the flow JSON, list assets, publish, get,
//! list, deprecate (`tests/pywa/lifecycle.py`).
//!
//! Needs `python3` with pywa (`.ci/run` installs it). Without them the test prints a SKIPPED
//! line, and fails under `CI=true`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use waflow_sandbox::{Sandbox, SandboxConfig};

const TOKEN: &str = "pywa-sandbox-token-5e8d";
const WABA: &str = "102290129340398";

fn pywa_available() -> bool {
    Command::new("python3")
        .args(["-c", "import pywa"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pywa_runs_a_flow_lifecycle_against_the_graph_paths() {
    if !pywa_available() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "python3 with pywa is required under CI (.ci/run installs it)"
        );
        eprintln!(
            "SKIPPED pywa_runs_a_flow_lifecycle_against_the_graph_paths: no python3 with pywa"
        );
        return;
    }
    let sandbox = Sandbox::start(SandboxConfig::new(TOKEN))
        .await
        .expect("sandbox starts");
    let url = sandbox.url();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("tests/pywa/lifecycle.py");
    let flow = root.join("../../fixtures/api/valid.json");
    let output = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .arg("-W")
            .arg("ignore")
            .arg(script)
            .env("SANDBOX_URL", url)
            .env("SANDBOX_TOKEN", TOKEN)
            .env("SANDBOX_WABA", WABA)
            .env("FLOW_JSON", flow)
            .env("NO_PROXY", "127.0.0.1")
            .output()
    })
    .await
    .expect("joined")
    .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "pywa failed:\n{stdout}\n{stderr}");
    let seen: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON line");
    assert_eq!(seen["final"], "DEPRECATED", "{seen}");
    assert_eq!(seen["json_version"], "7.3", "{seen}");
    let log = sandbox.request_log();
    assert!(
        log.iter().all(|r| r.path.starts_with("/v")),
        "pywa only used the Graph paths: {log:?}"
    );
    for (method, suffix) in [
        ("POST", "/flows"),
        ("POST", "/assets"),
        ("GET", "/assets"),
        ("POST", "/publish"),
        ("POST", "/deprecate"),
    ] {
        assert!(
            log.iter()
                .any(|r| r.method == method && r.path.ends_with(suffix) && r.status == Some(200)),
            "no {method} …{suffix} answered 200: {log:?}"
        );
    }
    sandbox.shutdown().await;
}
