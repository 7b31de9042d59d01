//! `waflow push` end to end against the sandbox: the local gate, exact bytes, unchanged files,
//! creation by name, Meta's errors on local lines, multi-file progress.

use crate::support::{DUPLICATE_IDS, Env, VALID, valid_with_text};
use serde_json::Value;

#[test]
fn local_errors_stop_the_push_before_anything_is_sent() {
    let env = Env::new();
    env.write("bad.json", DUPLICATE_IDS);
    for format in ["human", "concise", "json"] {
        let (out, err) = env.expect(
            1,
            &["push", "bad.json", "--flow-id", "123", "--format", format],
        );
        assert!(
            out.contains("DUPLICATE_SCREEN_IDS") || out.contains("duplicate"),
            "{out}"
        );
        assert!(err.contains("nothing was sent"), "{err}");
    }
    let (out, _) = env.expect(1, &["push", "bad.json", "--name", "New", "-f", "concise"]);
    assert!(
        out.starts_with("bad.json:"),
        "same renderer as check: {out}"
    );
    assert!(env.log().is_empty(), "no request at all: {:?}", env.log());
    // Even a missing key does not matter: the gate comes first.
    let out = env
        .waflow()
        .env_remove("WAFLOW_API_KEY")
        .args(["push", "bad.json", "--flow-id", "1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn push_uploads_exact_bytes_then_skips_unchanged_files() {
    let env = Env::new();
    let id = env.create("Welcome");
    // Odd but valid formatting must survive byte for byte.
    let text = VALID.replace("  ", "\t").replace('\n', "\r\n");
    env.write("flow.json", &text);

    let before = env.log().len();
    let (out, err) = env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    assert!(out.is_empty(), "nothing to report: {out}");
    assert!(err.contains(&format!("flow {id}: uploaded")), "{err}");
    assert!(err.contains("Meta reports no error"), "{err}");
    let calls = env.calls_since(before);
    assert_eq!(
        calls
            .iter()
            .filter(|c| c.starts_with("POST") && c.ends_with("/assets"))
            .count(),
        1,
        "{calls:?}"
    );

    // The remote copy is byte-identical.
    let (out, _) = env.expect(0, &["flows", "assets", &id, "--json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    let url = v["assets"][0]["download_url"].as_str().expect("url");
    assert!(url.starts_with(&env.url), "sandbox-local link: {url}");

    // Unchanged: reads only, no upload.
    let before = env.log().len();
    let (_, err) = env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    assert!(err.contains("unchanged"), "{err}");
    let calls = env.calls_since(before);
    assert!(calls.iter().all(|c| c.starts_with("GET")), "{calls:?}");
    let api_reads: Vec<&String> = calls.iter().filter(|c| c.contains("/flows")).collect();
    assert_eq!(api_reads.len(), 2, "flow + asset list: {calls:?}");
    assert_eq!(calls.len(), 3, "plus the asset download: {calls:?}");

    // A change is uploaded again.
    env.write("flow.json", &valid_with_text("Hi again"));
    let before = env.log().len();
    let (_, err) = env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    assert!(err.contains("uploaded"), "{err}");
    assert!(
        env.calls_since(before)
            .iter()
            .any(|c| c == &format!("POST /flows/{id}/assets"))
    );
}

#[test]
fn push_by_name_creates_the_flow_once() {
    let env = Env::new();
    env.write("flow.json", VALID);
    let (_, err) = env.expect(
        0,
        &[
            "push",
            "flow.json",
            "--name",
            "Onboarding",
            "--category",
            "SIGN_UP",
        ],
    );
    assert!(err.contains("created flow"), "{err}");
    let (_, err) = env.expect(0, &["push", "flow.json", "--name", "Onboarding"]);
    assert!(
        !err.contains("created flow") && err.contains("unchanged"),
        "{err}"
    );
    let flows = env.flows();
    assert_eq!(flows.len(), 1);
    assert_eq!(flows[0]["categories"][0], "SIGN_UP");
}

#[test]
fn meta_errors_are_mapped_onto_local_lines_in_every_format() {
    let env = Env::new();
    // The local check has this rule switched off; Meta (the sandbox) still reports it.
    env.write(
        "waflow.toml",
        "[rules]\nDUPLICATE_SCREEN_IDS = \"off\"\nINVALID_ROUTING_MODEL = \"off\"\n\n[flows.\"flows/dup.json\"]\nname = \"Dup\"\n",
    );
    env.write("flows/dup.json", DUPLICATE_IDS);
    let (out, err) = env.expect(1, &["push", "flows/dup.json", "-f", "concise"]);
    assert!(
        err.contains("Meta reports 1 error") || err.contains("Meta reports"),
        "{err}"
    );
    let line = out
        .lines()
        .find(|l| l.contains("(reported by Meta)"))
        .unwrap_or_else(|| panic!("a Meta finding: {out}"));
    // The second screen's id is on line 16 of DUPLICATE_IDS.
    let want = DUPLICATE_IDS
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("\"id\": \"WELCOME\""))
        .map(|(n, _)| n + 1)
        .collect::<Vec<_>>();
    assert!(
        want.iter()
            .any(|n| line.starts_with(&format!("flows/dup.json:{n}:"))),
        "{line} not on {want:?}"
    );

    // Unchanged now: the errors come from the flow itself, same lines.
    let (out_again, err) = env.expect(1, &["push", "flows/dup.json", "-f", "concise"]);
    assert!(err.contains("unchanged"), "{err}");
    assert_eq!(out, out_again);

    let (out, _) = env.expect(1, &["push", "flows/dup.json", "-f", "human"]);
    assert!(out.contains("reported by Meta"), "{out}");
    let (out, _) = env.expect(1, &["push", "flows/dup.json", "-f", "json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    let d = &v["files"][0]["diagnostics"][0];
    assert!(
        d["line"]
            .as_u64()
            .is_some_and(|l| want.contains(&(l as usize))),
        "{v}"
    );
    let (out, _) = env.expect(1, &["push", "flows/dup.json", "-f", "meta"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert!(
        v["files"][0]["validation_errors"][0]["error"].is_string(),
        "{v}"
    );
}

#[test]
fn several_files_report_progress_and_need_the_project_file() {
    let env = Env::new();
    env.write("a.json", VALID);
    env.write("b.json", &valid_with_text("B"));
    let (_, err) = env.expect(2, &["push", "a.json", "b.json", "--name", "X"]);
    assert!(err.contains("one file"), "{err}");
    let (_, err) = env.expect(2, &["push", "a.json", "b.json"]);
    assert!(err.contains("which flow?"), "{err}");
    // Without a project file, where to write one; with one, its name.
    assert!(
        err.contains("add [flows.\"a.json\"] with flow_id or name to a waflow.toml in . (there is none; `waflow init` writes one)"),
        "{err}"
    );
    env.write("flows/c.json", VALID);
    let (_, err) = env.expect(2, &["push", "flows/c.json"]);
    assert!(
        err.contains("[flows.\"c.json\"] with flow_id or name to a waflow.toml in flows (there is none; `waflow init flows` writes one)"),
        "{err}"
    );
    env.write("flows/waflow.toml", "");
    let (_, err) = env.expect(2, &["push", "flows/c.json"]);
    assert!(
        err.contains("[flows.\"c.json\"] with flow_id or name to flows/waflow.toml"),
        "{err}"
    );
    env.write(
        "waflow.toml",
        "[flows.\"a.json\"]\nname = \"A\"\n\n[flows.\"./b.json\"]\nname = \"B\"\ncategories = [\"SURVEY\"]\n",
    );
    let (_, err) = env.expect(0, &["push", "a.json", "b.json"]);
    assert!(
        err.contains("[1/2] a.json") && err.contains("[2/2] b.json"),
        "{err}"
    );
    assert_eq!(env.flows().len(), 2);
}

#[test]
fn pushing_to_a_published_flow_explains_the_lifecycle() {
    let env = Env::new();
    let id = env.create("Live");
    env.write("flow.json", VALID);
    env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    env.expect(0, &["flows", "publish", &id]);
    // The same content: nothing to do.
    env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    env.write("flow.json", &valid_with_text("Changed"));
    let (_, err) = env.expect(3, &["push", "flow.json", "--flow-id", &id]);
    assert!(err.contains("PUBLISHED") && err.contains("139001"), "{err}");
    assert!(err.contains("--clone-if-published"), "{err}");
    env.expect(0, &["flows", "deprecate", &id]);
    let (_, err) = env.expect(3, &["push", "flow.json", "--flow-id", &id]);
    assert!(err.contains("DEPRECATED"), "{err}");
}

#[test]
fn published_flows_return_to_draft_under_the_newer_rule() {
    let env = Env::with(|c| c.published_edits_return_to_draft = true);
    let id = env.create("Live");
    env.write("flow.json", VALID);
    env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    env.expect(0, &["flows", "publish", &id]);
    env.write("flow.json", &valid_with_text("Changed"));
    let (_, err) = env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    assert!(err.contains("note:") && err.contains("DRAFT"), "{err}");
    assert_eq!(env.flow(&id)["status"], "DRAFT");
}

#[test]
fn bad_files_are_one_line_usage_errors_before_anything_is_sent() {
    let env = Env::new();
    std::fs::create_dir(env.dir.path().join("x.json")).expect("mkdir");
    env.write("empty.json", "");
    let before = env.log().len();
    for (args, says) in [
        (
            vec!["push", "x.json", "--flow-id", "1"],
            "x.json is a directory",
        ),
        (
            vec!["publish", "x.json", "--flow-id", "1"],
            "x.json is a directory",
        ),
        (
            vec!["push", "missing.json", "--flow-id", "1"],
            "missing.json: ",
        ),
    ] {
        let (out, err) = env.expect(2, &args);
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(
            err.starts_with("waflow: error: ") && err.contains(says),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    // An empty file is a flow with an error: exit 1, still nothing sent.
    let (_, err) = env.expect(1, &["push", "empty.json", "--flow-id", "1"]);
    assert!(err.contains("nothing was sent"), "{err}");
    assert_eq!(env.log().len(), before, "nothing was sent");
}
