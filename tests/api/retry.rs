//! Retries of `waflow` commands under faults injected into the sandbox: 429 with Retry-After,
//! 503, dropped connections, timeouts; and no duplicate flow after a create without an answer.

use std::time::Duration;

use crate::bin::WAFLOW;
use crate::support::{Env, VALID};
use waflow_sandbox::{Fault, FaultMatch};

#[test]
fn reads_wait_for_retry_after_on_429() {
    let env = Env::new();
    env.create("A");
    env.faults().push(
        FaultMatch::new("GET", "/flows"),
        Fault::Status {
            status: 429,
            retry_after: Some(1),
        },
        1,
    );
    let (out, err) = env.expect(0, &["flows", "list"]);
    assert!(out.contains("A"), "{out}");
    // The announced wait is the server's Retry-After, not the backoff's 250 ms.
    assert!(
        err.contains("retrying in 1.0s") && err.contains("HTTP 429"),
        "{err}"
    );
}

#[test]
fn uploads_survive_503_and_dropped_connections() {
    let env = Env::new();
    let id = env.create("A");
    env.write("flow.json", VALID);
    let faults = env.faults();
    faults.push(
        FaultMatch::new("POST", "/assets"),
        Fault::Status {
            status: 503,
            retry_after: None,
        },
        1,
    );
    faults.push(FaultMatch::new("POST", "/assets"), Fault::DropConnection, 1);
    faults.push(FaultMatch::new("GET", "/assets"), Fault::DropConnection, 1);
    let before = env.log().len();
    let (_, err) = env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    assert!(err.contains("uploaded"), "{err}");
    assert_eq!(faults.remaining(), 0);
    let uploads = env
        .calls_since(before)
        .iter()
        .filter(|c| c.starts_with("POST") && c.ends_with("/assets"))
        .count();
    assert_eq!(uploads, 3, "503, dropped, then through");
    // The stored bytes are the file's.
    let (_, err) = env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    assert!(err.contains("unchanged"), "{err}");
}

#[test]
fn retries_give_up_with_exit_3() {
    let env = Env::new();
    env.faults().push(
        FaultMatch::new("GET", "/flows"),
        Fault::Status {
            status: 503,
            retry_after: None,
        },
        100,
    );
    let (_, err) = env.expect(3, &["flows", "list", "--retries", "2"]);
    assert_eq!(err.matches("retrying").count(), 2, "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with("waflow: error: list flows: HTTP 503")),
        "{err}"
    );
    // A server asking to wait longer than allowed ends the retries at once.
    env.faults().clear();
    env.faults().push(
        FaultMatch::new("GET", "/flows"),
        Fault::Status {
            status: 429,
            retry_after: Some(3600),
        },
        1,
    );
    let (_, err) = env.expect(3, &["flows", "list"]);
    assert!(
        !err.contains("retrying") && err.contains("HTTP 429"),
        "{err}"
    );
}

#[test]
fn a_create_without_answer_is_looked_up_not_repeated() {
    let env = Env::new();
    // The sandbox creates the flow, then closes the connection without an answer: the look-up
    // finds it.
    env.faults()
        .push(FaultMatch::new("POST", "/flows"), Fault::DropAfter, 1);
    let (out, err) = env.expect(0, &["flows", "create", "--name", "Once", "--json"]);
    assert!(out.contains("\"id\""), "{out}");
    assert!(err.contains("found by name"), "{err}");
    let flows = env.flows();
    assert_eq!(flows.len(), 1, "{flows:?}");
    assert_eq!(flows[0]["name"], "Once");
    let id = out.split('"').nth(3).expect("id");
    assert_eq!(flows[0]["id"], id);

    // push --name goes through the same path.
    env.write("flow.json", VALID);
    env.faults()
        .push(FaultMatch::new("POST", "/flows"), Fault::DropConnection, 1);
    let (_, err) = env.expect(0, &["push", "flow.json", "--name", "Pushed"]);
    assert!(err.contains("created flow"), "{err}");
    let pushed = env.flows().iter().filter(|f| f["name"] == "Pushed").count();
    assert_eq!(pushed, 1);
}

#[test]
fn slow_answers_time_out_with_exit_3() {
    let env = Env::new();
    env.faults().push(
        FaultMatch::new("GET", "/flows"),
        Fault::Delay(Duration::from_millis(800)),
        10,
    );
    let (_, err) = env.expect(3, &["flows", "list", "--timeout", "0.2", "--retries", "1"]);
    assert!(err.contains("no answer within 0.2s"), "{err}");
}

#[test]
fn unusable_timeouts_are_usage_errors() {
    let env = Env::new();
    for bad in ["0", "-1", "nan", "inf", "1e-12", "1e20"] {
        let flag = format!("--timeout={bad}");
        let (_, err) = env.expect(2, &["flows", "list", &flag]);
        assert!(
            err.starts_with("waflow: error: --timeout must be"),
            "{bad}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{bad}: {err}");
    }
    assert!(env.log().is_empty(), "nothing was sent");
}

#[test]
fn a_closed_standard_error_never_crashes_a_command() {
    let env = Env::new();
    env.faults().push(
        FaultMatch::new("GET", "/flows"),
        Fault::Delay(Duration::from_secs(3)),
        10,
    );
    // The error line comes after the 0.5 s timeout; standard error is closed by then (as with
    // `2>&1 | head -c 3`), so writing it fails with a broken pipe.
    let mut child = std::process::Command::new(WAFLOW)
        .args(["flows", "list", "--timeout", "0.5", "--retries", "0"])
        .current_dir(env.dir.path())
        .env("WAFLOW_BASE_URL", &env.url)
        .env("WAFLOW_PARTNER_ID", crate::support::PARTNER)
        .env("WAFLOW_WABA_ACCOUNT_ID", crate::support::WABA)
        .env("WAFLOW_API_KEY", crate::support::KEY)
        .env_remove("WAFLOW_ENV")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stderr.take());
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(3), "a failure, not a panic (101)");
}

#[test]
fn server_text_in_retry_and_error_lines_cannot_drive_the_terminal() {
    let env = Env::new();
    env.faults().push(
        FaultMatch::new("GET", "/flows"),
        Fault::Reply {
            status: 503,
            body: "{\"meta\": {\"developer_message\": \"down\\u001b[2J\\u001b]0;x\\u0007\"}}"
                .into(),
        },
        10,
    );
    let (_, err) = env.expect(3, &["flows", "list", "--retries", "1"]);
    assert!(err.contains("waflow: retrying in"), "{err}");
    assert!(err.contains("down?[2J?]0;x?"), "{err:?}");
    assert!(!err.contains(['\x1b', '\x07']), "{err:?}");
}
