//! `waflow flows …` end to end against the sandbox on 127.0.0.1: every operation, tables and
//! `--json`, exit codes of remote failures.

use crate::support::{Env, VALID};
use serde_json::Value;

#[test]
fn create_list_get_update_assets_preview_publish_deprecate_delete() {
    let env = Env::new();

    // create: table and --json ({"id": …}).
    let (out, _) = env.expect(
        0,
        &[
            "flows",
            "create",
            "--name",
            "Sign up",
            "--category",
            "SIGN_UP",
        ],
    );
    assert!(out.starts_with("created flow "), "{out}");
    let id = out.split_whitespace().nth(2).expect("id").to_owned();
    let id2 = env.create("Survey");
    assert_ne!(id, id2);

    // list: a table by default, raw JSON with --json.
    let (out, _) = env.expect(0, &["flows", "list"]);
    let header = out.lines().next().expect("header");
    for column in ["ID", "NAME", "STATUS", "CATEGORIES", "ERRORS"] {
        assert!(header.contains(column), "{out}");
    }
    assert!(out.contains("Sign up") && out.contains("DRAFT") && out.contains("SIGN_UP"));
    assert!(out.trim_end().ends_with("2 flows"), "{out}");
    let flows = env.flows();
    assert_eq!(flows.len(), 2);
    let (out, _) = env.expect(0, &["flows", "list", "--fields", "id,name", "--json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert!(
        v["flows"][0].get("status").is_none(),
        "only the fields asked for: {v}"
    );

    // get.
    let (out, _) = env.expect(0, &["flows", "get", &id]);
    assert!(
        out.contains(&format!("id: {id}")) && out.contains("status: DRAFT"),
        "{out}"
    );
    assert_eq!(env.flow(&id)["name"], "Sign up");

    // update.
    let (out, _) = env.expect(0, &["flows", "update", &id, "--name", "Sign up 2"]);
    assert_eq!(out.trim(), format!("updated flow {id}"));
    assert_eq!(env.flow(&id)["name"], "Sign up 2");
    env.expect(2, &["flows", "update", &id]);

    // assets: none yet, then the uploaded flow.json.
    let (out, _) = env.expect(0, &["flows", "assets", &id, "--json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["assets"].as_array().map(Vec::len), Some(0), "{v}");
    env.write("flow.json", VALID);
    env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    let (out, _) = env.expect(0, &["flows", "assets", &id]);
    assert!(
        out.contains("flow.json") && out.contains("FLOW_JSON"),
        "{out}"
    );

    // preview: the same link until invalidated.
    let (first, _) = env.expect(0, &["flows", "preview", &id]);
    let (again, _) = env.expect(0, &["flows", "preview", &id]);
    let (fresh, _) = env.expect(0, &["flows", "preview", &id, "--invalidate"]);
    assert_eq!(first, again);
    assert_ne!(first, fresh);
    let (out, _) = env.expect(0, &["flows", "preview", &id, "--json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert!(v["preview"]["preview_url"].is_string(), "{v}");

    // publish, deprecate; delete only drafts.
    let (out, _) = env.expect(0, &["flows", "publish", &id]);
    assert_eq!(out.trim(), format!("published flow {id}"));
    let (_, err) = env.expect(3, &["flows", "delete", &id]);
    assert!(err.contains("139004") && err.contains("hint:"), "{err}");
    let (out, _) = env.expect(0, &["flows", "deprecate", &id, "--json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["success"], true);
    assert_eq!(env.flow(&id)["status"], "DEPRECATED");
    let (out, _) = env.expect(0, &["flows", "delete", &id2]);
    assert_eq!(out.trim(), format!("deleted flow {id2}"));
    assert_eq!(env.flows().len(), 1);
}

#[test]
fn migrate_copies_flows_from_another_waba_account() {
    let env = Env::new();
    env.expect(
        0,
        &[
            "flows",
            "create",
            "--name",
            "Lead gen",
            "--waba-account-id",
            "sourceWA",
        ],
    );
    env.expect(
        0,
        &[
            "flows",
            "create",
            "--name",
            "Other",
            "--waba-account-id",
            "sourceWA",
        ],
    );
    let (out, _) = env.expect(
        0,
        &[
            "flows",
            "migrate",
            "--source-waba-account-id",
            "sourceWA",
            "--name",
            "Lead gen",
        ],
    );
    assert!(
        out.contains("Lead gen") && out.contains("copied as"),
        "{out}"
    );
    let names: Vec<String> = env
        .flows()
        .iter()
        .filter_map(|f| f["name"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(names, ["Lead gen"]);
    // "Lead gen" is already here: not copied again, so the migration as a whole failed.
    let (out, _) = env.expect(
        3,
        &[
            "flows",
            "migrate",
            "--source-waba-account-id",
            "sourceWA",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["failed_flows"][0]["source_name"], "Lead gen", "{v}");
}

#[test]
fn remote_failures_exit_3_with_one_line_and_meta_code() {
    let env = Env::new();
    let id = env.create("Draft");
    let (out, err) = env.expect(3, &["flows", "deprecate", &id]);
    assert!(out.is_empty());
    let first = err.lines().next().expect("a line");
    assert!(first.starts_with("waflow: error: deprecate flow"), "{err}");
    assert!(first.contains("Meta error 139003"), "{err}");

    let (_, err) = env.expect(3, &["flows", "get", "999999"]);
    assert!(err.starts_with("waflow: error: get flow 999999"), "{err}");

    let (_, err) = env.expect(3, &["flows", "create", "--name", "Draft"]);
    assert!(err.contains("Meta error 100"), "{err}");

    // A wrong key: authentication failure, with a hint, without the key.
    let (code, _, err) = {
        let out = env
            .waflow()
            .env("WAFLOW_API_KEY", "wrong-key-0000")
            .args(["flows", "list"])
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("HTTP 401") && err.contains("hint:"), "{err}");
    assert!(!err.contains("wrong-key-0000"));

    // Nothing listens: network failure.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let (_, err) = env.expect(
        3,
        &[
            "flows",
            "list",
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
            "--retries",
            "0",
        ],
    );
    // What failed, where, and the system's reason; not the HTTP library's layers.
    assert!(
        err.contains(&format!(
            "list flows: cannot connect to 127.0.0.1:{port}: Connection refused"
        )),
        "{err}"
    );
    assert!(
        !err.contains("client error") && !err.contains("tcp connect error"),
        "{err}"
    );
}

#[test]
fn configuration_problems_exit_2() {
    let env = Env::new();
    let out = env
        .waflow()
        .env_remove("WAFLOW_API_KEY")
        .args(["flows", "list"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("WAFLOW_API_KEY"));

    let out = env
        .waflow()
        .env_remove("WAFLOW_PARTNER_ID")
        .args(["flows", "list"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));

    let (_, err) = env.expect(2, &["flows", "list", "--base-url", "http://example.com"]);
    assert!(err.contains("loopback"), "{err}");
    env.expect(2, &["flows", "get", "a/b"]);
    env.expect(2, &["flows", "create", "--name", "x", "--category", "NOPE"]);
    // The key is not accepted on the command line.
    env.expect(2, &["flows", "list", "--api-key", "x"]);
    assert!(env.log().is_empty(), "nothing was sent");
}

#[test]
fn env_tables_of_waflow_toml_select_ids_and_key_variable() {
    let env = Env::new();
    env.write(
        "waflow.toml",
        &format!(
            "[env.staging]\nbase_url = \"{}\"\npartner_id = \"stagePA\"\nwaba_account_id = \"stageWA\"\napi_key_env = \"STAGING_KEY\"\n",
            env.url
        ),
    );
    let out = env
        .waflow()
        .env_remove("WAFLOW_API_KEY")
        .env("STAGING_KEY", crate::support::KEY)
        .env("WAFLOW_BASE_URL", "http://127.0.0.1:9")
        .args(["flows", "create", "--name", "Staged", "--env", "staging"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = env.log().pop().expect("a request");
    assert!(
        last.path
            .contains("/partners/stagePA/waba_accounts/stageWA/flows"),
        "{last:?}"
    );
    let (_, err) = env.expect(2, &["flows", "list", "--env", "prod"]);
    assert!(
        err.contains("no [env.prod]") && err.contains("staging"),
        "{err}"
    );
    env.write("waflow.toml", "[env.staging]\napi_key = \"x\"\n");
    let (_, err) = env.expect(2, &["flows", "list", "--env", "staging"]);
    assert!(err.contains("never reads the key"), "{err}");
}

#[test]
fn names_from_the_server_cannot_drive_the_terminal() {
    let env = Env::new();
    let id = env.create("Evil\x1b[2J\x1b]0;title\x07 flow");
    for args in [vec!["flows", "list"], vec!["flows", "get", &id]] {
        let (out, _) = env.expect(0, &args);
        assert!(out.contains("Evil?[2J?]0;title? flow"), "{args:?}: {out:?}");
        assert!(!out.contains(['\x1b', '\x07']), "{args:?}: {out:?}");
    }
    // JSON output keeps the exact name (escaped by JSON itself).
    assert_eq!(env.flow(&id)["name"], "Evil\x1b[2J\x1b]0;title\x07 flow");
}

#[test]
fn dot_segments_are_not_flow_ids() {
    // URL normalisation drops "." and "..": `flows delete ..` would otherwise become a DELETE
    // of the flows collection.
    let env = Env::new();
    env.write("flow.json", VALID);
    let before = env.log().len();
    for args in [
        vec!["flows", "get", ".."],
        vec!["flows", "delete", "."],
        vec!["flows", "publish", ".."],
        vec!["push", "flow.json", "--flow-id", ".."],
        vec!["publish", "flow.json", "--flow-id", "."],
    ] {
        let (_, err) = env.expect(2, &args);
        assert!(err.contains("is not a flow id"), "{args:?}: {err}");
    }
    assert_eq!(env.log().len(), before, "nothing was sent");
}
