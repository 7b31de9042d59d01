//! The API key never appears in any output: stdout and stderr of every command, successes,
//! failures, `--json`, and the sandbox command.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::bin::WAFLOW;
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
    let bin = WAFLOW;
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
        let out = assert_cmd::Command::new(WAFLOW)
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
    let out = assert_cmd::Command::new(WAFLOW)
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
    let out = assert_cmd::Command::new(WAFLOW)
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

/// Every spelling of the key a hostile or careless server might echo: plain, upper- and
/// lower-cased, percent-encoded, and (in a JSON body) written as `\u` escapes.
fn echoes() -> Vec<String> {
    vec![
        KEY.to_owned(),
        KEY.to_uppercase(),
        KEY.to_lowercase(),
        KEY.replace('-', "%2D"),
        KEY.chars()
            .map(|c| format!("\\u{:04x}", c as u32))
            .collect(),
    ]
}

/// Whether `text` shows the key in any of the forms [`echoes`] sends (once decoded).
fn shows_key(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains(&KEY.to_lowercase()) || lower.contains(&KEY.replace('-', "%2D").to_lowercase())
}

#[test]
fn an_encoded_echo_of_the_key_in_an_error_is_redacted() {
    let env = Env::new();
    for echo in echoes() {
        env.faults().clear();
        env.faults().push(
            FaultMatch::new("GET", "/flows"),
            Fault::Reply {
                status: 401,
                body: format!(
                    r#"{{"meta": {{"success": false, "developer_message": "key {echo} is not valid"}}}}"#
                ),
            },
            1,
        );
        let (code, out, err) = env.run(&["flows", "list", "--retries", "0"]);
        assert_eq!(code, 3, "{echo}: {err}");
        assert!(!shows_key(&out) && !shows_key(&err), "{echo}: {err}");
        assert!(err.contains("key <redacted> is not valid"), "{echo}: {err}");
    }
}

#[test]
fn the_key_in_a_successful_answer_is_redacted() {
    let env = Env::new();
    env.write("flow.json", VALID);
    let id = env.create("Echo");
    for echo in echoes() {
        // A flow name, in the table and in --json.
        let list = format!(
            r#"{{"flows": [{{"id": "1", "name": "{echo}", "status": "DRAFT", "categories": ["OTHER"], "validation_errors": []}}], "count": 1, "total": 1}}"#
        );
        for args in [vec!["flows", "list"], vec!["flows", "list", "--json"]] {
            env.faults().clear();
            env.faults().push(
                FaultMatch::new("GET", "/flows"),
                Fault::Reply {
                    status: 200,
                    body: list.clone(),
                },
                1,
            );
            let (code, out, err) = env.run(&args);
            assert_eq!(code, 0, "{args:?} {echo}: {err}");
            assert!(
                !shows_key(&out) && !shows_key(&err),
                "{args:?} {echo}: {out}"
            );
            assert!(out.contains("<redacted>"), "{args:?} {echo}: {out}");
        }
        // Meta's validation message after an upload, in every machine format.
        env.write(
            "flow.json",
            &valid_with_text(&format!("text {}", echo.len())),
        );
        for format in ["json", "sarif", "meta", "human"] {
            env.faults().clear();
            env.faults().push(
                FaultMatch::new("POST", "/assets"),
                Fault::Reply {
                    status: 200,
                    body: format!(
                        r#"{{"success": true, "validation_errors": [{{"error": "X", "error_type": "FLOW_JSON_ERROR", "message": "your key is {echo}", "line_start": 1, "line_end": 1, "column_start": 1, "column_end": 2, "pointers": []}}]}}"#
                    ),
                },
                1,
            );
            let (code, out, err) = env.run(&["push", "flow.json", "--flow-id", &id, "-f", format]);
            assert_eq!(code, 1, "{format} {echo}: {err}");
            assert!(
                !shows_key(&out) && !shows_key(&err),
                "{format} {echo}: {out}"
            );
            assert!(
                out.contains("your key is <redacted>"),
                "{format} {echo}: {out}"
            );
        }
    }
}

#[test]
fn a_key_in_waflow_toml_is_refused_under_every_spelling() {
    let env = Env::new();
    env.write("flow.json", VALID);
    for (text, at) in [
        ("api-key = \"sk-CANARY-1\"\n", "api-key"),
        ("API-KEY = \"sk-CANARY-1\"\n", "API-KEY"),
        ("apiKey = \"sk-CANARY-1\"\n", "apiKey"),
        ("secret = \"sk-CANARY-1\"\n", "secret"),
        (
            "[env.prod]\napi-key = \"sk-CANARY-1\"\n",
            "env.prod.api-key",
        ),
        (
            "[env.prod]\naccess_token = \"sk-CANARY-1\"\n",
            "env.prod.access_token",
        ),
        (
            "[flows.\"flow.json\"]\nname = \"F\"\nAPI_Key = \"sk-CANARY-1\"\n",
            "flows.\"flow.json\".API_Key",
        ),
    ] {
        std::fs::write(env.dir.path().join("waflow.toml"), text).expect("write");
        let before = env.log().len();
        for args in [
            vec!["flows", "list", "--retries", "0"],
            vec!["push", "flow.json", "--flow-id", "1"],
            vec!["check", "flow.json"],
        ] {
            let (code, out, err) = env.run(&args);
            assert_eq!(code, 2, "{text} {args:?}: {err}");
            assert!(
                err.contains(&format!("`{at}` looks like an API key")),
                "{text} {args:?}: {err}"
            );
            assert!(
                !out.contains("sk-CANARY") && !err.contains("sk-CANARY"),
                "{err}"
            );
        }
        assert_eq!(env.log().len(), before, "{text}: a request was sent");
    }
    // Flow paths and environment names are not settings: a "token" in them is fine.
    std::fs::write(
        env.dir.path().join("waflow.toml"),
        "[flows.\"token-refresh.json\"]\nname = \"T\"\n[env.secret-staging]\npartner_id = \"p\"\n",
    )
    .expect("write");
    env.expect(0, &["flows", "list"]);
    env.expect(0, &["check", "flow.json"]);
}

/// Runs `waflow args…` with the environment variable `var` set to `value`; returns the exit
/// code and standard error.
fn run_with(env: &Env, args: &[&str], var: &str, value: &str) -> (Option<i32>, String) {
    let out = env
        .waflow()
        .args(args)
        .env(var, value)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn values_given_by_mistake_are_never_echoed() {
    let env = Env::new();
    // An all-capitals key is a valid variable name: named by --api-key-env, it is not set.
    let capital_key = "ABCD1234EFGH5678IJKL";
    let (_, err) = env.expect(2, &["flows", "list", "--api-key-env", capital_key]);
    assert!(!err.contains(capital_key), "{err}");
    assert!(
        err.contains("the environment variable named by --api-key-env is not set"),
        "{err}"
    );
    // In the base URL (a flag, the environment, the password or query of a URL) or --config.
    let key_like = "sk-CANARY-9f8e7d6c5b4a3210";
    let with_password = format!("https://user:{key_like}@hub.360dialog.io/x?k={key_like}");
    for (args, url) in [
        (
            vec!["flows", "list", "--base-url", key_like],
            env.url.as_str(),
        ),
        (vec!["flows", "list"], key_like),
        (vec!["flows", "list"], with_password.as_str()),
        (
            vec!["flows", "list", "--config", key_like],
            env.url.as_str(),
        ),
        (
            vec!["push", "flow.json", "--config", key_like],
            env.url.as_str(),
        ),
        (
            vec!["check", "flow.json", "--config", key_like],
            env.url.as_str(),
        ),
    ] {
        let (code, err) = run_with(&env, &args, "WAFLOW_BASE_URL", url);
        assert_eq!(code, Some(2), "{args:?} {url}: {err}");
        assert!(!err.contains(key_like), "{args:?} {url}: {err}");
    }
    let (_, err) = run_with(
        &env,
        &["flows", "list"],
        "WAFLOW_BASE_URL",
        &format!("https://user:{key_like}@example.com"),
    );
    assert!(
        err.contains("base URL https://example.com: it must not have"),
        "{err}"
    );
}

#[test]
fn a_key_that_cannot_be_a_header_is_refused_not_dropped() {
    let env = Env::new();
    let before = env.log().len();
    for bad in [
        format!("{KEY}\r\nX-Other: 1"),
        format!("{KEY}\u{7f}"),
        "clé-secrète".to_owned(),
    ] {
        let (code, err) = run_with(
            &env,
            &["flows", "list", "--retries", "0"],
            "WAFLOW_API_KEY",
            &bad,
        );
        assert_eq!(code, Some(2), "{bad:?}: {err}");
        assert!(
            err.contains("cannot be sent in the X-API-Key header"),
            "{err}"
        );
        assert!(!err.contains(KEY) && !err.contains("secrète"), "{err}");
    }
    assert_eq!(env.log().len(), before, "a request went out");
    // Empty is not the same as unset.
    let (code, err) = run_with(&env, &["flows", "list"], "WAFLOW_API_KEY", "");
    assert_eq!(code, Some(2));
    assert!(
        err.contains("the environment variable WAFLOW_API_KEY is empty"),
        "{err}"
    );
}
