//! Against our own endpoint, for what Meta's example cannot do: refuse, stall, answer badly,
//! redirect, send the wrong screen or data.

use std::process::Output;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Answer, RustEndpoint, Scratch, public_pem, waflow};

fn ping(endpoint: &RustEndpoint, extra: &[&str]) -> (Option<i32>, String, String) {
    let scratch = Scratch::new(&public_pem());
    let out = waflow()
        .args(["endpoint", "ping", &endpoint.url, "--public-key"])
        .arg(scratch.key())
        .args(extra)
        .output()
        .unwrap();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// How our endpoint answers, boxed for a table of cases.
type Respond = dyn Fn(&Value) -> Answer + Send + Sync;

fn healthy(_: &Value) -> Answer {
    Answer::Json(json!({"data": {"status": "active"}}))
}

#[test]
fn ping_sends_the_health_check_and_accepts_active() {
    let endpoint = RustEndpoint::start(healthy);
    let (code, stdout, stderr) = ping(&endpoint, &[]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.starts_with("healthy: "), "{stdout}");
    assert_eq!(
        endpoint.requests(),
        [json!({"version": "3.0", "action": "ping"})]
    );
}

#[test]
fn ping_says_why_an_endpoint_is_not_healthy() {
    let cases: Vec<(&str, Box<Respond>, &str)> = vec![
        (
            "421",
            Box::new(|_| Answer::Status(421)),
            "HTTP 421: the endpoint cannot decrypt the request",
        ),
        (
            "432",
            Box::new(|_| Answer::Status(432)),
            "not signed: pass --app-secret-env",
        ),
        (
            "427",
            Box::new(|_| Answer::Status(427)),
            "HTTP 427: the endpoint refused the flow token",
        ),
        ("500", Box::new(|_| Answer::Status(500)), "HTTP 500"),
        (
            "flipped IV",
            Box::new(|_| Answer::WrongIv(json!({"data": {"status": "active"}}))),
            "bitwise-inverted IV",
        ),
        (
            "plain JSON",
            Box::new(|_| Answer::Raw(r#"{"data":{"status":"active"}}"#.into(), "application/json")),
            "plain JSON",
        ),
        (
            "HTML",
            Box::new(|_| Answer::Raw("<html><body>Bad gateway</body></html>".into(), "text/html")),
            "HTML page",
        ),
        (
            "not JSON",
            Box::new(|_| Answer::EncryptedText("active")),
            "the decrypted reply is not JSON",
        ),
        (
            "inactive",
            Box::new(|_| Answer::Json(json!({"data": {"status": "inactive"}}))),
            "not {\"data\": {\"status\": \"active\"}}",
        ),
        (
            "huge",
            Box::new(|_| Answer::Raw("A".repeat(5 * 1024 * 1024), "text/plain")),
            "larger than 4194304 bytes",
        ),
    ];
    for (name, handler, reason) in cases {
        let endpoint = RustEndpoint::start(handler);
        let (code, stdout, stderr) = ping(&endpoint, &[]);
        assert_eq!(code, Some(3), "{name}: {stdout}{stderr}");
        assert!(
            stderr.starts_with("waflow: not healthy: "),
            "{name}: {stderr}"
        );
        assert!(stderr.contains(reason), "{name}: {stderr}");
    }
}

#[test]
fn ping_gives_up_after_the_timeout() {
    let endpoint = RustEndpoint::start(|_| {
        Answer::After(Duration::from_secs(30), Box::new(Answer::Status(200)))
    });
    let (code, _, stderr) = ping(&endpoint, &["--timeout", "0.5"]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("no reply within 0.5 s"), "{stderr}");
}

#[test]
fn a_redirect_is_reported_and_not_followed() {
    let elsewhere = RustEndpoint::start(healthy);
    let to = elsewhere.url.clone();
    let endpoint = RustEndpoint::start(move |_| Answer::Redirect(to.clone()));
    let (code, _, stderr) = ping(&endpoint, &[]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "HTTP 307: the endpoint redirects to {}",
            elsewhere.url
        )),
        "{stderr}"
    );
    assert_eq!(
        elsewhere.requests(),
        Vec::<Value>::new(),
        "the payload went nowhere else"
    );
}

#[test]
fn bad_input_is_a_usage_error_before_anything_is_sent() {
    let endpoint = RustEndpoint::start(healthy);
    let scratch = Scratch::new("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n");
    let run = |args: &[&str]| {
        let out = waflow()
            .args(args)
            .env_remove("WAFLOW_UNSET_SECRET")
            .output()
            .unwrap();
        (out.status.code(), text(&out.stderr))
    };
    let key = scratch.key();
    let key = key.to_str().unwrap();
    let good = scratch.write("good.pem", &public_pem());
    let good = good.to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["endpoint", "ping", &endpoint.url, "--public-key", key],
            "not a PEM RSA public key",
        ),
        (
            &["endpoint", "ping", "ftp://127.0.0.1/", "--public-key", good],
            "is not an http:// or https:// URL",
        ),
        (
            &["endpoint", "ping", "127.0.0.1:8080", "--public-key", good],
            "is not an http:// or https:// URL",
        ),
        (
            &[
                "endpoint",
                "ping",
                &endpoint.url,
                "--public-key",
                "/nonexistent/key.pem",
            ],
            "cannot read the public key",
        ),
        (
            &[
                "endpoint",
                "ping",
                &endpoint.url,
                "--public-key",
                good,
                "--app-secret-env",
                "WAFLOW_UNSET_SECRET",
            ],
            "WAFLOW_UNSET_SECRET (the app secret) is not set",
        ),
    ];
    for (args, message) in cases {
        let (code, stderr) = run(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert_eq!(endpoint.requests(), Vec::<Value>::new());
}

/// A two-screen endpoint flow: START (a name field, a Footer that asks the endpoint) routes to
/// DONE, whose Footer completes through the endpoint.
fn flow(data_api_version: &str, refresh_on_back: bool) -> String {
    serde_json::to_string_pretty(&json!({
        "version": "7.3",
        "data_api_version": data_api_version,
        "routing_model": {"START": ["DONE"], "DONE": []},
        "screens": [
            {"id": "START", "title": "Start",
             "data": {"greeting": {"type": "string", "__example__": "Hello"}},
             "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "TextInput", "name": "name", "label": "Name"},
                {"type": "Footer", "label": "Next", "on-click-action": {"name": "data_exchange",
                    "payload": {"name": "${form.name}", "greeting": "${data.greeting}"}}}]}},
            {"id": "DONE", "title": "Done", "terminal": true, "refresh_on_back": refresh_on_back,
             "data": {"required": ["name"],
                      "name": {"type": "string", "__example__": "Ann"},
                      "count": {"type": "integer", "__example__": 1}},
             "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "Footer", "label": "Finish", "on-click-action": {"name": "data_exchange",
                    "payload": {"name": "${data.name}"}}}]}}
        ]
    }))
    .unwrap()
}

/// A correct endpoint for [`flow`], except for what `fault` names.
fn served(fault: &'static str) -> impl Fn(&Value) -> Answer + Send + Sync {
    move |request: &Value| {
        let token = request["flow_token"].clone();
        if request["data"].get("error").is_some() {
            return Answer::Json(json!({"data": {"acknowledged": fault != "no-ack"}}));
        }
        match (
            request["action"].as_str().unwrap(),
            request["screen"].as_str(),
        ) {
            ("INIT", _) if fault == "init-421" => Answer::Status(421),
            ("INIT", _) => Answer::Json(json!({"screen": "START", "data": {"greeting": "Hi"}})),
            ("BACK", Some(screen)) => {
                Answer::Json(json!({"screen": screen, "data": {"name": "Bo", "count": 2}}))
            }
            ("data_exchange", Some("START")) => match fault {
                "unknown-screen" => Answer::Json(json!({"screen": "NOWHERE", "data": {}})),
                "slow" => Answer::After(
                    Duration::from_millis(1200),
                    Box::new(Answer::Json(
                        json!({"screen": "DONE", "data": {"name": "Bo", "count": 2}}),
                    )),
                ),
                "wrong-data" => {
                    Answer::Json(json!({"screen": "DONE", "data": {"count": 2.5, "extra": 1}}))
                }
                _ => Answer::Json(
                    json!({"screen": "DONE", "data": {"name": request["data"]["name"], "count": 2}}),
                ),
            },
            ("data_exchange", Some("DONE")) => match fault {
                "unrouted" => {
                    Answer::Json(json!({"screen": "START", "data": {"greeting": "again"}}))
                }
                "no-token" => Answer::Json(
                    json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {}}}}),
                ),
                "500" => Answer::Status(500),
                _ => Answer::Json(
                    json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"flow_token": token}}}}),
                ),
            },
            _ => Answer::Status(400),
        }
    }
}

struct Checked {
    out: Output,
    scratch: Scratch,
    requests: Vec<Value>,
}

impl Checked {
    fn stdout(&self) -> String {
        text(&self.out.stdout)
    }

    fn path(&self) -> String {
        self.scratch
            .dir
            .path()
            .join("flow.json")
            .display()
            .to_string()
    }
}

fn check(fault: &'static str, flow_text: &str) -> Checked {
    check_with(fault, flow_text, &[], &[])
}

fn check_with(
    fault: &'static str,
    flow_text: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Checked {
    check_in_project(fault, flow_text, &[], extra, env)
}

/// [`check_with`] with more files (`waflow.toml`, say) beside the flow, run in their directory.
fn check_in_project(
    fault: &'static str,
    flow_text: &str,
    files: &[(&str, &str)],
    extra: &[&str],
    env: &[(&str, &str)],
) -> Checked {
    let endpoint = RustEndpoint::start(served(fault));
    let scratch = Scratch::new(&public_pem());
    for (name, content) in files {
        scratch.write(name, content);
    }
    let path = scratch.write("flow.json", flow_text);
    let out = waflow()
        .current_dir(scratch.dir.path())
        .args(["endpoint", "check", "-f", "concise"])
        .arg(&path)
        .args(["--url", &endpoint.url, "--public-key"])
        .arg(scratch.key())
        .args(extra)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Checked {
        out,
        scratch,
        requests: endpoint.requests(),
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_correct_endpoint_is_clean_and_gets_whatsapp_requests() {
    let checked = check("", &flow("3.0", false));
    assert_eq!(
        checked.out.status.code(),
        Some(0),
        "{}{}",
        checked.stdout(),
        text(&checked.out.stderr)
    );
    let requests = &checked.requests;
    let actions: Vec<(&str, Option<&str>)> = requests
        .iter()
        .map(|r| (r["action"].as_str().unwrap(), r["screen"].as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("INIT", None),
            ("data_exchange", Some("START")),
            ("data_exchange", Some("DONE")),
            ("data_exchange", Some("START"))
        ]
    );
    let token = requests[0]["flow_token"].as_str().unwrap();
    assert!(
        requests
            .iter()
            .all(|r| r["flow_token"] == token && r["version"] == "3.0"),
        "{requests:?}"
    );
    assert!(
        requests
            .iter()
            .all(|r| r.get("flow_token_signature").is_none())
    );
    // Payloads as a user would send them: the form field filled, data from the examples.
    assert_eq!(
        requests[1]["data"],
        json!({"name": "Example text", "greeting": "Hello"})
    );
    assert_eq!(requests[2]["data"], json!({"name": "Ann"}));
    assert_eq!(requests[3]["data"]["error"], "payload-schema-error");
}

#[test]
fn contract_faults_are_located_in_the_flow() {
    let text = flow("3.0", false);
    let start_footer = line_of(&text, "\"label\": \"Next\"") + 1; // its on-click-action
    let done_footer = line_of(&text, "\"label\": \"Finish\"") + 1;
    let count_type = line_of(&text, "\"count\": {") + 1; // its "type"
    let cases: [(&str, i32, usize, &str); 7] = [
        (
            "unknown-screen",
            1,
            start_footer,
            "error[invalid-screen-transition] the reply to data_exchange from the Footer on START opens screen `NOWHERE`, which the flow does not have",
        ),
        (
            "unrouted",
            1,
            done_footer,
            "error[invalid-screen-transition] the reply to data_exchange from the Footer on DONE opens screen START, but the routing model has no route from DONE to START",
        ),
        (
            "no-token",
            1,
            done_footer,
            "error[WAFLOW_ENDPOINT_SUCCESS_PARAMS] the reply to data_exchange from the Footer on DONE completes the flow (SUCCESS) but has no `flow_token`",
        ),
        (
            "500",
            1,
            done_footer,
            "error[unexpected_http_status_code] data_exchange from the Footer on DONE: HTTP 500",
        ),
        (
            "wrong-data",
            1,
            count_type,
            "error[payload-schema-error] `data.count` in the reply to data_exchange from the Footer on START is a number, but the data model declares an `integer`",
        ),
        (
            "slow",
            0,
            start_footer,
            "warning[WAFLOW_ENDPOINT_SLOW] the reply to data_exchange from the Footer on START took",
        ),
        (
            "no-ack",
            0,
            line_of(&text, "\"data_api_version\""),
            "warning[WAFLOW_ENDPOINT_ERROR_NOT_ACKNOWLEDGED]",
        ),
    ];
    for (fault, code, line, message) in cases {
        let checked = check(fault, &text);
        let stdout = checked.stdout();
        assert_eq!(checked.out.status.code(), Some(code), "{fault}: {stdout}");
        let expected = format!("{}:{line}:", checked.path());
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&expected) && l.contains(message)),
            "{fault}: want {expected} … {message}\n{stdout}"
        );
    }
    // The required field missing and the undeclared one are named too.
    let checked = check("wrong-data", &text);
    let stdout = checked.stdout();
    assert!(stdout.contains("error[payload-schema-error] the reply to data_exchange from the Footer on START has no `data.name`, which screen DONE requires"), "{stdout}");
    assert!(stdout.contains("warning[WAFLOW_ENDPOINT_UNDECLARED_FIELD] the reply to data_exchange from the Footer on START sends `data.extra`"), "{stdout}");
}

#[test]
fn rules_levels_ignores_and_fail_on_of_waflow_toml_apply() {
    let flow_text = flow("3.0", false);
    let rules = concat!(
        "[rules]\n",
        "\"endpoint/data-type\" = \"off\"\n",
        "\"payload-schema-error\" = \"warning\"\n",
        "\"endpoint/data-undeclared\" = \"info\"\n",
    );
    let strict = "[check]\nfail_on = \"warning\"\n";
    let ignore = "[[ignore]]\nfiles = \"flow.json\"\npointer = \"/screens/1/data/count\"\nreason = \"the endpoint is a stub\"\n";
    let files = [
        ("waflow.toml", rules),
        ("strict.toml", strict),
        ("ignore.toml", ignore),
    ];
    let run = |extra: &[&str]| {
        let checked = check_in_project("wrong-data", &flow_text, &files, extra, &[]);
        let stderr = text(&checked.out.stderr);
        assert!(!stderr.contains("no effect"), "{stderr}");
        (checked.out.status.code(), checked.stdout())
    };
    // The closest waflow.toml: the type finding is off, the missing field a warning, the
    // undeclared one informational; nothing fails.
    let (code, stdout) = run(&[]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        !stdout.contains("is a number, but the data model declares"),
        "{stdout}"
    );
    assert!(stdout.contains("warning[payload-schema-error] the reply to data_exchange from the Footer on START has no `data.name`"), "{stdout}");
    assert!(
        stdout.contains("info[WAFLOW_ENDPOINT_UNDECLARED_FIELD]"),
        "{stdout}"
    );
    // --config: its fail_on, and the default levels (the data-type error fails).
    let (code, stdout) = run(&["--config", "strict.toml"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("error[payload-schema-error] `data.count`"),
        "{stdout}"
    );
    // An ignore drops the findings at its pointer or below (the type of `count`), not the
    // others (the missing `name`, still an error).
    let (code, stdout) = run(&["--config", "ignore.toml"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(!stdout.contains("`data.count`"), "{stdout}");
    assert!(stdout.contains("error[payload-schema-error] the reply to data_exchange from the Footer on START has no `data.name`"), "{stdout}");
}

#[test]
fn a_refusal_stops_the_replay_with_exit_3() {
    let checked = check("init-421", &flow("3.0", false));
    let stderr = text(&checked.out.stderr);
    assert_eq!(checked.out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("waflow: the replay stopped: HTTP 421"),
        "{stderr}"
    );
    assert_eq!(checked.requests.len(), 1, "nothing sent after the refusal");
}

#[test]
fn refresh_on_back_screens_get_a_back_request() {
    let checked = check("", &flow("3.0", true));
    assert_eq!(checked.out.status.code(), Some(0), "{}", checked.stdout());
    let back: Vec<&Value> = checked
        .requests
        .iter()
        .filter(|r| r["action"] == "BACK")
        .collect();
    assert_eq!(back.len(), 1, "{:?}", checked.requests);
    assert_eq!(back[0]["screen"], "DONE");
}

#[test]
fn data_api_4_requests_carry_the_version_and_the_flow_token_signature() {
    let checked = check_with(
        "",
        &flow("4.0", false),
        &["--app-secret-env", "WAFLOW_TEST_APP_SECRET"],
        &[("WAFLOW_TEST_APP_SECRET", "s3")],
    );
    assert_eq!(checked.out.status.code(), Some(0), "{}", checked.stdout());
    for request in &checked.requests {
        assert_eq!(request["version"], "4.0");
        let jwt = request["flow_token_signature"].as_str().unwrap();
        assert_eq!(jwt.split('.').count(), 3, "{jwt}");
    }
}

#[test]
fn a_flow_that_is_not_an_endpoint_flow_is_a_usage_error() {
    let checked = check("", r#"{"version": "7.3", "screens": []}"#);
    assert_eq!(checked.out.status.code(), Some(2));
    assert!(text(&checked.out.stderr).contains("not an endpoint flow"));
    assert_eq!(checked.requests.len(), 0);
}
