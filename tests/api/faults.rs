//! `waflow sandbox` with faults from its command line (`--faults FILE`, `--fault SPEC`), its
//! request log and its banner, driven by the real `waflow` commands.

use crate::bin::WAFLOW;
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
        let out = assert_cmd::Command::new(WAFLOW)
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

#[test]
fn the_timeout_is_a_total_for_the_command() {
    // Every list is held back longer than the command may take.
    let sandbox = Spawned::start(&[], &["--fault", "GET /flows delay secs=5 times=10"]);
    let (_, err) = sandbox.expect(3, &["flows", "list", "--timeout", "1", "--retries", "4"]);
    // Per attempt, four retries would have followed (five seconds in all); as a total, the
    // first attempt uses up the time.
    assert!(!err.contains("retrying"), "{err}");
    assert!(
        err.contains("waflow: error: list flows: no answer within 1s"),
        "{err}"
    );
}

#[test]
fn permanent_failures_are_not_retried() {
    let mut sandbox = Spawned::start(
        &[],
        &["--fault", "/flows redirect location={path} times=100"],
    );
    // A redirect loop: followed up to the limit once, not four times more.
    let (_, err) = sandbox.expect(3, &["flows", "list"]);
    assert!(!err.contains("retrying"), "{err}");
    assert!(
        err.contains("redirected the call more than 10 times"),
        "{err}"
    );
    assert!(err.contains("hint: check the base URL"), "{err}");

    // https to the sandbox's plain-http port.
    let https = sandbox.url.replace("http://", "https://");
    let (_, err) = sandbox.expect(3, &["flows", "list", "--base-url", &https]);
    assert!(!err.contains("retrying"), "{err}");
    assert!(
        err.contains("hint: the server does not speak TLS; the sandbox uses http://"),
        "{err}"
    );

    // A host name that cannot be one (a 64-character label): refused without any lookup.
    let host = format!("https://{}.example", "a".repeat(64));
    let (_, err) = sandbox.expect(3, &["flows", "list", "--base-url", &host]);
    assert!(!err.contains("retrying"), "{err}");
    assert!(err.contains("host name cannot be resolved"), "{err}");

    let requests = sandbox.requests();
    assert_eq!(
        requests.len(),
        11,
        "one call and 10 redirects: {requests:#?}"
    );
}

#[test]
fn a_publish_without_an_answer_has_an_unknown_outcome() {
    let sandbox = Spawned::start(
        &[("flow.json", crate::support::VALID)],
        &[
            "--fault",
            "POST /publish drop_after",
            "--fault",
            "POST /publish delay_after secs=3",
        ],
    );
    let check = |name: &str, extra: &[&str]| {
        let mut args = vec!["publish", "flow.json", "--name", name];
        args.extend(extra);
        let (_, err) = sandbox.expect(3, &args);
        let id = err
            .split("flow ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("the created flow's id")
            .to_owned();
        assert!(
            !err.contains("retrying"),
            "publish is not repeated blindly: {err}"
        );
        assert!(
            err.contains(&format!(
                "hint: the outcome is unknown: the server may have published flow {id} before the answer was lost; `waflow flows get {id}` shows whether it did"
            )),
            "{err}"
        );
        id
    };
    // The connection closes after the server acted.
    let id = check("Dropped", &[]);
    assert_eq!(sandbox.flow(&id)["status"], "PUBLISHED");
    // The answer comes after the command's time is up; the server has acted all the same.
    check("Late", &["--timeout", "1"]);
}

#[test]
fn a_create_answered_too_late_is_reported_as_the_create() {
    let sandbox = Spawned::start(&[], &["--fault", "POST /flows delay_after secs=3"]);
    // The time is up with the create: the look-up that would tell is not made, and the failure
    // named is the create's, not the look-up's.
    let (_, err) = sandbox.expect(3, &["flows", "create", "--name", "Late", "--timeout", "1"]);
    assert!(
        err.contains("waflow: error: create flow \"Late\": no answer within 1s"),
        "{err}"
    );
    assert!(
        err.contains(
            "hint: the outcome is unknown: the server may have created flow \"Late\" before the answer was lost; `waflow flows list` shows whether it did"
        ),
        "{err}"
    );
}

#[test]
fn answers_that_cannot_help_say_why() {
    let sandbox = Spawned::start(
        &[],
        &[
            "--fault",
            "GET /flows 429 retry_after=3600",
            "--fault",
            "GET /flows html",
        ],
    );
    let (_, err) = sandbox.expect(3, &["flows", "list"]);
    assert!(!err.contains("retrying"), "{err}");
    assert!(
        err.contains("hint: the server asked to wait an hour before trying again"),
        "{err}"
    );
    let (_, err) = sandbox.expect(3, &["flows", "list"]);
    assert!(
        err.contains("waflow: error: list flows: unexpected answer: an HTML page instead of JSON"),
        "{err}"
    );
    // A base URL with a path: the route is missing, not a flow.
    let with_path = format!("{}/foo", sandbox.url);
    let (_, err) = sandbox.expect(3, &["flows", "list", "--base-url", &with_path]);
    assert!(err.contains("HTTP 404"), "{err}");
    assert!(
        err.contains("hint: check the base URL: it must be the API's origin only"),
        "{err}"
    );
    assert!(!err.contains("check the flow id"), "{err}");
}
