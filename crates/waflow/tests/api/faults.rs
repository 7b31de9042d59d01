//! `waflow sandbox` with faults from its command line (`--faults FILE`, `--fault SPEC`), its
//! request log and its banner, driven by the real `waflow` commands.

use crate::spawned::Spawned;
use crate::support::{KEY, PARTNER, WABA};

#[test]
fn a_faults_file_and_specs_shape_the_answers() {
    let file = r#"[
      {"method": "GET", "path": "/flows", "fault": "status", "status": 503, "times": 1},
      {"method": "GET", "path": "/flows", "fault": "reply", "status": 200, "skip": 1,
       "body": "{\"flows\": [{\"id\": \"42\", \"name\": \"Injected\", \"status\": \"DRAFT\", \"categories\": [\"OTHER\"], \"validation_errors\": []}], \"count\": 1, \"total\": 1}"}
    ]"#;
    let mut sandbox = Spawned::start(
        &[("faults.json", file)],
        &[
            "--faults",
            "faults.json",
            "--fault",
            "POST /flows 429 times=1",
        ],
    );
    // 503, then retried and through; the reply rule lets one list pass before it applies.
    let (out, err) = sandbox.expect(0, &["flows", "list"]);
    assert!(
        err.contains("retrying") && err.contains("HTTP 503"),
        "{err}"
    );
    assert!(out.contains("0 flows"), "{out}");
    let (out, _) = sandbox.expect(0, &["flows", "list"]);
    assert!(out.contains("Injected"), "the canned answer: {out}");
    // The spec's 429 is retried too (a create is retried after a 429: nothing was done).
    let (_, err) = sandbox.expect(0, &["flows", "create", "--name", "A"]);
    assert!(err.contains("HTTP 429"), "{err}");
    assert_eq!(
        sandbox.requests(),
        [
            "GET /flows 503",
            "GET /flows 200",
            "GET /flows 200",
            "POST /flows 429",
            "POST /flows 200"
        ]
    );
}

#[test]
fn bad_rules_stop_the_sandbox_before_it_listens() {
    let run = |args: &[&str]| {
        let out = assert_cmd::cargo::cargo_bin_cmd!("waflow")
            .arg("sandbox")
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .env("WAFLOW_API_KEY", KEY)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["--fault", "GET /flows explode"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("unknown fault \"explode\""), "{err}");
    assert!(!err.contains("listening"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.json");
    std::fs::write(&file, r#"[{"fault": "drop"}, {"fault": "delay"}]"#).unwrap();
    let (code, err) = run(&["--faults", file.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("fault rule 2: a delay fault needs \"secs\""),
        "{err}"
    );
}

#[test]
fn the_request_log_has_method_path_and_status_but_no_key() {
    let mut sandbox = Spawned::start(&[], &["--fault", "GET /flows drop"]);
    sandbox.expect(0, &["flows", "list"]);
    sandbox.expect(3, &["flows", "get", "1"]);
    let lines = sandbox.stop();
    let flows = format!("/api/v2/partners/{PARTNER}/waba_accounts/{WABA}/flows");
    let log: Vec<&String> = lines.iter().filter(|l| l.starts_with("GET ")).collect();
    assert_eq!(
        log,
        [
            &format!("GET {flows} dropped"),
            &format!("GET {flows} 200"),
            &format!("GET {flows}/1 404"),
        ],
        "{lines:#?}"
    );
    assert!(lines.iter().all(|l| !l.contains(KEY)), "{lines:#?}");
}

#[test]
fn on_every_address_the_banner_gives_a_url_the_client_accepts() {
    let sandbox = Spawned::start(&[], &["--addr", "0.0.0.0:0"]);
    assert!(
        sandbox.url.starts_with("http://127.0.0.1:"),
        "{}",
        sandbox.url
    );
    let (out, _) = sandbox.expect(0, &["flows", "list"]);
    assert!(out.contains("0 flows"), "{out}");
}
