//! The deploy lifecycle under concurrency and the less common paths: an expired download link,
//! a lost create race, a partly failed migration, and what publish changes when it refuses.

use crate::support::{DUPLICATE_IDS, Env, VALID, valid_with_text};
use waflow_sandbox::{Fault, FaultMatch};

/// The download route of the sandbox's asset links.
const DOWNLOAD: &str = "/sandbox/assets/";

#[test]
fn an_expired_download_link_lists_the_assets_again() {
    let env = Env::new();
    env.write("flow.json", VALID);
    let id = env.create("Busy");
    env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    env.write("flow.json", &valid_with_text("Changed meanwhile"));
    // Another client's upload retired the link between the asset list and the download.
    env.faults().push(
        FaultMatch::new("GET", DOWNLOAD),
        Fault::Reply {
            status: 404,
            body: r#"{"meta": {"success": false, "developer_message": "unknown or expired asset link"}}"#
                .into(),
        },
        2,
    );
    let before = env.log().len();
    let (_, err) = env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    assert!(err.contains("uploaded"), "{err}");
    let calls = env.calls_since(before);
    let listed = calls
        .iter()
        .filter(|c| c.starts_with("GET") && c.ends_with("/assets"))
        .count();
    assert_eq!(
        listed, 3,
        "listed once, then again after each 404: {calls:?}"
    );
    // Unchanged bytes are still recognised after a re-list (nothing uploaded).
    env.faults().push(
        FaultMatch::new("GET", DOWNLOAD),
        Fault::Status {
            status: 404,
            retry_after: None,
        },
        1,
    );
    let (_, err) = env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    assert!(err.contains("unchanged"), "{err}");
    // A link that never works ends the command, after a bounded number of lists.
    env.faults().push(
        FaultMatch::new("GET", DOWNLOAD),
        Fault::Status {
            status: 404,
            retry_after: None,
        },
        100,
    );
    let before = env.log().len();
    env.expect(3, &["push", "flow.json", "--flow-id", &id]);
    let listed = env
        .calls_since(before)
        .iter()
        .filter(|c| c.starts_with("GET") && c.ends_with("/assets"))
        .count();
    assert_eq!(listed, 4);
}

/// Makes the next flow list answer "no flows", as when another client creates the flow right
/// after this one looked for it.
fn hide_flows_once(env: &Env) {
    env.faults().push(
        FaultMatch::new("GET", "/flows"),
        Fault::Reply {
            status: 200,
            body: r#"{"flows": [], "count": 0, "total": 0}"#.into(),
        },
        1,
    );
}

#[test]
fn a_lost_create_race_uses_the_flow_the_winner_created() {
    let env = Env::new();
    env.write("flow.json", VALID);
    let id = env.create("Race");
    hide_flows_once(&env);
    let (_, err) = env.expect(0, &["push", "flow.json", "--name", "Race"]);
    assert!(
        err.contains(&format!(
            "created by another client meanwhile; using it: flow {id}"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("flow {id}: uploaded")), "{err}");

    env.write("flow.json", &valid_with_text("Published"));
    hide_flows_once(&env);
    let (out, err) = env.expect(0, &["publish", "flow.json", "--name", "Race"]);
    assert!(out.trim().starts_with("http"), "{out}\n{err}");
    assert!(err.contains(&format!("published flow {id}")), "{err}");
    assert_eq!(env.flows().len(), 1);

    // `flows create` asks for a new flow: a taken name stays an error there.
    let (_, err) = env.expect(3, &["flows", "create", "--name", "Race"]);
    assert!(err.contains("Meta error 100"), "{err}");
}

#[test]
fn a_migration_with_failed_flows_exits_3() {
    let env = Env::new();
    for name in ["Src A", "Src B"] {
        env.expect(
            0,
            &[
                "flows",
                "create",
                "--name",
                name,
                "--waba-account-id",
                "srcWA",
            ],
        );
    }
    let migrate = ["flows", "migrate", "--source-waba-account-id", "srcWA"];
    env.expect(0, &[&migrate[..], &["--name", "Src A"]].concat());
    // "Src A" is now taken here, and "Nope" does not exist in the source.
    let (out, err) = env.expect(
        3,
        &[
            &migrate[..],
            &["--name", "Src A", "--name", "Src B", "--name", "Nope"],
        ]
        .concat(),
    );
    assert!(
        out.contains("copied as") && out.contains("failed ("),
        "{out}"
    );
    assert!(err.contains("not copied (see the table)"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    let (out, err) = env.expect(3, &[&migrate[..], &["--name", "Src A", "--json"]].concat());
    let v: serde_json::Value = serde_json::from_str(&out).expect("json on stdout");
    assert_eq!(v["failed_flows"][0]["source_name"], "Src A");
    assert!(
        err.contains("1 of 1 flow not copied (see failed_flows)"),
        "{err}"
    );
}

#[test]
fn list_columns_follow_fields() {
    let env = Env::new();
    env.write("flow.json", VALID);
    let id = env.create("Columns");
    env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    let (out, _) = env.expect(0, &["flows", "list", "--fields", "name,json_version,id"]);
    let mut lines = out.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(header, ["NAME", "JSON_VERSION", "ID"], "{out}");
    let row: Vec<&str> = lines
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(row, ["Columns", "7.3", id.as_str()], "{out}");
    // Without --fields: the API's default set.
    let (out, _) = env.expect(0, &["flows", "list"]);
    let header: Vec<&str> = out
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        ["ID", "NAME", "STATUS", "CATEGORIES", "ERRORS"],
        "{out}"
    );
}

#[test]
fn empty_names_are_refused_before_anything_is_sent() {
    let env = Env::new();
    env.write("flow.json", VALID);
    for args in [
        vec!["flows", "create", "--name", ""],
        vec!["flows", "create", "--name", "  "],
        vec!["flows", "update", "1", "--name", ""],
        vec!["push", "flow.json", "--name", ""],
        vec!["publish", "flow.json", "--name", " "],
    ] {
        let (_, err) = env.expect(2, &args);
        assert!(
            err.contains("a flow name must not be empty"),
            "{args:?}: {err}"
        );
    }
    env.write("waflow.toml", "[flows.\"flow.json\"]\nname = \"\"\n");
    let (_, err) = env.expect(2, &["push", "flow.json"]);
    assert!(err.contains("the flow's name is empty"), "{err}");
    assert!(env.log().is_empty(), "{:?}", env.log());
}

#[test]
fn a_refused_publish_does_not_set_the_endpoint_first() {
    let env = Env::new();
    // A Meta-only error (the local rules are off) in a flow that talks to an endpoint.
    env.write(
        "waflow.toml",
        "[rules]\nDUPLICATE_SCREEN_IDS = \"off\"\nINVALID_ROUTING_MODEL = \"off\"\n\"endpoint/data-api-version-needs-routing-model\" = \"off\"\n",
    );
    let dup = DUPLICATE_IDS.replacen(
        "\"version\": \"7.3\",",
        "\"version\": \"7.3\",\n  \"data_api_version\": \"3.0\",",
        1,
    );
    env.write("dup.json", &dup);
    let id = env.create("Err flow");
    let uri = "https://example.com/ep";
    let before = env.log().len();
    let (_, err) = env.expect(
        1,
        &[
            "publish",
            "dup.json",
            "--flow-id",
            &id,
            "--endpoint-uri",
            uri,
        ],
    );
    assert!(
        err.contains("not published: Meta reports validation errors"),
        "{err}"
    );
    assert!(!err.contains("set endpoint_uri"), "{err}");
    assert!(
        !env.calls_since(before)
            .iter()
            .any(|c| c.starts_with("PATCH")
                || c.starts_with("POST /flows/") && c.ends_with("/publish")),
        "{:?}",
        env.calls_since(before)
    );
    assert!(
        env.flow(&id).get("endpoint_uri").is_none(),
        "{}",
        env.flow(&id)
    );
}

#[test]
fn the_clone_hint_is_toml_that_can_be_pasted() {
    let env = Env::new();
    env.write("waflow.toml", "");
    env.write("flows/my \"flow\".json", VALID);
    let file = "flows/my \"flow\".json";
    env.expect(0, &["publish", file, "--name", "Live"]);
    env.write(file, &valid_with_text("Version 2"));
    let (_, err) = env.expect(
        0,
        &["publish", file, "--name", "Live", "--clone-if-published"],
    );
    let at = err.find("Point waflow.toml at it:").expect("hint");
    let pasted: String = err[at..]
        .lines()
        .skip(1)
        .take(2)
        .map(|l| format!("{}\n", l.trim()))
        .collect();
    let table: toml::Table = pasted.parse().unwrap_or_else(|e| panic!("{pasted}: {e}"));
    let clone = env
        .flows()
        .into_iter()
        .find(|f| f["name"] == "Live v2")
        .expect("clone");
    assert_eq!(
        table["flows"]["flows/my \"flow\".json"]["flow_id"].as_str(),
        clone["id"].as_str(),
        "{pasted}"
    );
}

#[test]
fn one_warning_is_it_not_them() {
    let env = Env::new();
    env.write("old.json", &VALID.replace("\"7.3\"", "\"2.1\""));
    let (_, err) = env.expect(1, &["publish", "old.json", "--name", "W"]);
    assert!(
        err.contains("reports 1 warning (nothing was sent); fix it or"),
        "{err}"
    );
}
