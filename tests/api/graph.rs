//! The same commands with `--backend graph` (or `WAFLOW_BACKEND=graph`) against the sandbox's
//! Graph paths: the token from `WAFLOW_GRAPH_TOKEN`, the WABA id, the guarantees of the Partner
//! API (nothing invalid is sent, nothing with errors is published, create is not repeated
//! blindly, the token never shows).

use assert_cmd::Command;

use crate::spawned::Spawned;
use crate::support::{DUPLICATE_IDS, Env, KEY, VALID, valid_with_text};

const WABA_ID: &str = "102290129340398";

/// `waflow` set up for the Graph backend through the environment only.
fn graph(env: &Env) -> Command {
    let mut cmd = env.waflow();
    cmd.env_remove("WAFLOW_API_KEY")
        .env_remove("WAFLOW_PARTNER_ID")
        .env_remove("WAFLOW_WABA_ACCOUNT_ID")
        .env("WAFLOW_BACKEND", "graph")
        .env("WAFLOW_WABA_ID", WABA_ID)
        .env("WAFLOW_GRAPH_TOKEN", KEY);
    cmd
}

fn run(mut cmd: Command, args: &[&str]) -> (i32, String, String) {
    let out = cmd.args(args).output().expect("waflow runs");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(
        !stdout.contains(KEY) && !stderr.contains(KEY),
        "the token was shown: {stdout}{stderr}"
    );
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

#[test]
fn a_graph_user_pushes_and_publishes_a_new_flow() {
    let env = Env::new();
    env.write("flow.json", VALID);
    let (code, _, err) = run(graph(&env), &["push", "flow.json", "--name", "Sign up"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("created with this flow.json"), "{err}");
    let paths: Vec<String> = env
        .log()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        paths
            .iter()
            .all(|p| p.contains(" /v26.0/") || p.contains(" /sandbox/")),
        "{paths:?}"
    );
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("POST") && p.ends_with("/assets")),
        "created and uploaded in one call: {paths:?}"
    );

    let (code, _, err) = run(graph(&env), &["push", "flow.json", "--name", "Sign up"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("unchanged"), "{err}");

    let before = env.log().len();
    let (code, out, err) = run(graph(&env), &["publish", "flow.json", "--name", "Sign up"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("published flow"), "{err}");
    assert!(out.contains("http://127.0.0.1:"), "the preview link: {out}");
    let calls: Vec<String> = env.log()[before..]
        .iter()
        .map(|r| r.query.clone().unwrap_or_default())
        .collect();
    assert!(
        calls.iter().any(|q| q.contains("health_status")),
        "health read first: {calls:?}"
    );

    let (code, out, _) = run(graph(&env), &["flows", "list", "--json"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"PUBLISHED\""), "{out}");
}

#[test]
fn nothing_invalid_is_sent_and_errors_are_never_published_on_graph() {
    let env = Env::new();
    env.write("bad.json", DUPLICATE_IDS);
    let (code, _, err) = run(graph(&env), &["push", "bad.json", "--name", "Bad"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, _) = run(graph(&env), &["publish", "bad.json", "--name", "Bad"]);
    assert_eq!(code, 1);
    assert!(env.log().is_empty(), "no request at all: {:?}", env.log());

    // A valid flow goes through the same gates and is published.
    env.write("ok.json", &valid_with_text("Hi"));
    let (code, _, err) = run(graph(&env), &["publish", "ok.json", "--name", "Ok"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn flags_select_the_backend_and_a_wrong_token_gets_the_graph_hint() {
    let env = Env::new();
    // `flows list --backend graph` with the token in the environment and flags after.
    let list = |token: &str, flags: &[&str]| {
        let mut cmd = env.waflow();
        cmd.env("WAFLOW_GRAPH_TOKEN", token);
        let mut args = vec!["flows", "list", "--backend", "graph"];
        args.extend(flags);
        run(cmd, &args)
    };
    let (code, _, err) = list(
        "EAAWrong-token-0000",
        &["--waba-id", WABA_ID, "--retries", "0"],
    );
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("WAFLOW_GRAPH_TOKEN"), "{err}");
    assert!(!err.contains("EAAWrong"), "{err}");

    let (code, _, err) = list(KEY, &["--waba-id", WABA_ID, "--graph-version", "24.0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("v26.0"), "{err}");
    let (code, _, err) = list(KEY, &["--graph-version", "v23.0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("WAFLOW_WABA_ID"), "{err}");
}

#[test]
fn waflow_toml_selects_graph_per_environment() {
    let env = Env::new();
    env.write(
        "waflow.toml",
        &format!(
            "[env.meta]\nbackend = \"graph\"\nwaba_id = \"{WABA_ID}\"\ngraph_version = \"v23.0\"\napi_key_env = \"META_TOKEN\"\n"
        ),
    );
    let mut cmd = env.waflow();
    cmd.env("META_TOKEN", KEY);
    let (code, _, err) = run(cmd, &["flows", "list", "--env", "meta"]);
    assert_eq!(code, 0, "{err}");
    let last = env.log().pop().expect("a request");
    assert_eq!(last.path, format!("/v23.0/{WABA_ID}/flows"));
}

#[test]
fn graph_rate_limits_are_retried_and_explained_like_a_429() {
    // Meta's rate limits come as HTTP 400 with codes 4, 80007 or 130429; the sandbox sends them
    // from its command line.
    let sandbox = Spawned::start(
        &[("flow.json", VALID)],
        &[
            "--fault",
            "POST /publish rate_limit code=130429 times=2",
            "--fault",
            "GET /flows rate_limit code=80007 skip=1 times=20",
        ],
    );
    let (code, out, err) = run(graph(&sandbox), &["publish", "flow.json", "--name", "Busy"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("http://127.0.0.1:"), "{out}");
    assert_eq!(
        err.matches("retrying in").count(),
        2,
        "the publish is retried (Meta did not act): {err}"
    );
    assert!(err.contains("Meta error 130429"), "{err}");

    let (code, _, err) = run(graph(&sandbox), &["flows", "list", "--retries", "1"]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("Meta error 80007") && err.contains("(HTTP 400)"),
        "{err}"
    );
    assert!(
        err.contains("hint: the API is rate limiting this key; wait and run the command again"),
        "{err}"
    );
}
