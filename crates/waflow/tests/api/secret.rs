//! The API key never appears in any output: stdout and stderr of every command, successes,
//! failures, `--json`, and the sandbox command.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{DUPLICATE_IDS, Env, KEY, VALID, valid_with_text};
use waflow_sandbox::{Fault, FaultMatch};

fn assert_clean(env: &Env, args: &[&str]) -> i32 {
    let (code, out, err) = env.run(args);
    for (name, text) in [("stdout", &out), ("stderr", &err)] {
        assert!(
            !text.contains(KEY),
            "the key leaked on {name} of {args:?}:\n{text}"
        );
    }
    code
}

#[test]
fn no_command_prints_the_key() {
    let env = Env::new();
    env.write("flow.json", VALID);
    env.write("bad.json", DUPLICATE_IDS);
    let id = env.create("Secretive");
    let runs: Vec<Vec<&str>> = vec![
        vec!["flows", "list"],
        vec!["flows", "list", "--json"],
        vec![
            "flows",
            "get",
            &id,
            "--json",
            "--fields",
            "id,name,status,preview,validation_errors",
        ],
        vec!["flows", "create", "--name", "Other", "--json"],
        vec!["flows", "create", "--name", "Other"],
        vec!["flows", "update", &id, "--name", "Renamed", "--json"],
        vec!["flows", "assets", &id],
        vec!["flows", "assets", &id, "--json"],
        vec!["flows", "preview", &id, "--json"],
        vec!["flows", "deprecate", &id],
        vec!["flows", "get", "424242"],
        vec!["flows", "publish", "424242", "--json"],
        vec!["flows", "preview", "424242"],
        vec![
            "flows",
            "migrate",
            "--source-waba-account-id",
            "nowhereWA",
            "--json",
        ],
        vec!["push", "bad.json", "--flow-id", &id],
        vec!["push", "flow.json", "--flow-id", &id, "-f", "json"],
        vec!["push", "flow.json", "--flow-id", &id],
        vec!["publish", "flow.json", "--flow-id", &id, "-f", "json"],
        vec!["publish", "flow.json", "--flow-id", &id],
        vec!["flows", "delete", &id, "--json"],
        vec!["flows", "list", "--base-url", "http://example.com"],
        vec!["flows", "list", "--partner-id", "otherPA", "--env", "nope"],
        vec!["push", "flow.json", "--name", "Fresh", "-f", "meta"],
    ];
    for args in &runs {
        assert_clean(&env, args);
    }
    env.write("flow.json", &valid_with_text("changed"));
    // Errors from the server and from the network, retried.
    env.faults().push(
        FaultMatch::any(),
        Fault::Status {
            status: 503,
            retry_after: Some(0),
        },
        3,
    );
    assert_clean(&env, &["flows", "list", "--retries", "1"]);
    env.faults().clear();
    env.faults()
        .push(FaultMatch::any(), Fault::DropConnection, 2);
    assert_eq!(assert_clean(&env, &["flows", "list", "--retries", "0"]), 3);
    // A hub error body that echoes the key is redacted before it is shown.
    env.faults().clear();
    env.faults().push(
        FaultMatch::new("GET", "/flows"),
        Fault::Reply {
            status: 401,
            body: format!(r#"{{"meta": {{"developer_message": "invalid key {KEY}"}}}}"#),
        },
        1,
    );
    let (code, _, err) = env.run(&["flows", "list"]);
    assert_eq!(code, 3);
    assert!(err.contains("invalid key <redacted>"), "{err}");
    assert!(!err.contains(KEY));
    // Help and version output.
    for args in [["push", "--help"], ["flows", "--help"]] {
        assert_clean(&env, &args);
    }
}

#[test]
fn sandbox_command_runs_on_loopback_without_printing_the_key() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let bin = env!("CARGO_BIN_EXE_waflow");
    let mut child = Command::new(bin)
        .args([
            "sandbox",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--api-key-env",
            "MY_SANDBOX_KEY",
        ])
        .env("MY_SANDBOX_KEY", KEY)
        .env_remove("WAFLOW_API_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Wait until it answers.
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut listed = None;
    while Instant::now() < deadline {
        let out = assert_cmd::cargo::cargo_bin_cmd!("waflow")
            .args([
                "flows",
                "create",
                "--name",
                "Via child",
                "--base-url",
                &base,
                "--retries",
                "0",
            ])
            .env("WAFLOW_API_KEY", KEY)
            .env("WAFLOW_PARTNER_ID", "pPA")
            .env("WAFLOW_WABA_ACCOUNT_ID", "wWA")
            .output()
            .expect("runs");
        if out.status.code() == Some(0) {
            listed = Some(String::from_utf8_lossy(&out.stdout).into_owned());
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    let mut stdout = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut stdout)
        .expect("read");
    assert!(
        listed.is_some_and(|o| o.contains("created flow")),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("listening on {base}")), "{stderr}");
    assert!(stderr.contains("loopback only"), "{stderr}");
    assert!(!stderr.contains(KEY) && !stdout.contains(KEY));

    // No key: a usage error, nothing started.
    let out = assert_cmd::cargo::cargo_bin_cmd!("waflow")
        .args(["sandbox", "--addr", "127.0.0.1:0"])
        .env_remove("WAFLOW_API_KEY")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_proxy_never_sees_the_key_of_a_plain_http_loopback_url() {
    // A "proxy" that records whatever reaches it and answers 502.
    let proxy = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let proxy_url = format!("http://{}", proxy.local_addr().expect("addr"));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in proxy.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            log.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&buf[..n]).into_owned());
            let _ = std::io::Write::write_all(
                &mut stream,
                b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    let env = Env::new();
    env.create("Direct");
    let out = env
        .waflow()
        .args(["flows", "list", "--retries", "0"])
        .env("http_proxy", &proxy_url)
        .env("HTTP_PROXY", &proxy_url)
        .env("ALL_PROXY", &proxy_url)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("Direct"), "{stdout}");
    assert!(
        seen.lock().unwrap().is_empty(),
        "{:?}",
        seen.lock().unwrap()
    );
}

#[test]
fn sandbox_says_why_it_cannot_listen() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let out = assert_cmd::cargo::cargo_bin_cmd!("waflow")
        .args(["sandbox", "--addr", &addr])
        .env("WAFLOW_API_KEY", KEY)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("waflow: error: cannot listen on {addr}: ")),
        "{err}"
    );
    assert!(err.to_lowercase().contains("in use"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_key_passed_as_the_variable_name_is_not_echoed() {
    let env = Env::new();
    let key_like = "sk-live-0123456789abcdef";
    for args in [
        vec!["flows", "list", "--api-key-env", key_like],
        vec![
            "sandbox",
            "--addr",
            "127.0.0.1:0",
            "--api-key-env",
            key_like,
        ],
    ] {
        let (code, out, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("NAME of the variable"), "{args:?}: {err}");
        assert!(!out.contains(key_like) && !err.contains(key_like), "{err}");
    }
}
