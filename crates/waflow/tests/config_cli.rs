//! `waflow.toml` end to end: discovery (closest wins), `--config`, levels, ignores, `fail_on`,
//! include/exclude, `--force-exclude`, and configuration errors.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

/// A flow whose only finding is the frozen-version warning (the lead's CLI fixture).
static FROZEN: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/cli/frozen-4.0.json"),
    )
    .expect("fixture")
});

/// A flow whose only finding is an unknown version.
fn bad_version() -> String {
    FROZEN.replace("\"4.0\"", "\"9.9\"")
}

fn waflow(dir: &Path) -> Command {
    let mut cmd = cargo_bin_cmd!("waflow");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// `check -f json` → (report, exit code, stderr).
fn check(dir: &Path, args: &[&str]) -> (Value, i32, String) {
    let out = waflow(dir)
        .args(["check", "-f", "json"])
        .args(args)
        .output()
        .expect("run");
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        report,
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `text` as `root/waflow.toml`, checks `flows` (exit 2 expected) and returns stderr.
fn refused(root: &Path, text: &str) -> String {
    write(root, "waflow.toml", text);
    let (_, code, stderr) = check(root, &["flows"]);
    assert_eq!(code, 2, "{stderr}");
    stderr
}

fn codes(report: &Value, path: &str) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in {report:#}"))["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn closest_configuration_wins_and_config_flag_overrides() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(
        root,
        "waflow.toml",
        "[version]\nnon_publishable = \"error\"\n",
    );
    write(root, "flows/a.json", &FROZEN);
    write(
        root,
        "flows/legacy/waflow.toml",
        "[rules]\nINVALID_FLOW_JSON_VERSION_STATE = \"info\"\n",
    );
    write(root, "flows/legacy/b.json", &FROZEN);

    let (report, code, _) = check(root, &["flows"]);
    assert_eq!(
        codes(&report, "flows/a.json"),
        ["error:INVALID_FLOW_JSON_VERSION_STATE"]
    );
    // The closest file is the whole configuration: the root's policy does not reach legacy/.
    assert_eq!(
        codes(&report, "flows/legacy/b.json"),
        ["info:INVALID_FLOW_JSON_VERSION_STATE"]
    );
    assert_eq!(code, 1);

    write(root, "other.toml", "[version]\nnon_publishable = \"off\"\n");
    let (report, code, _) = check(root, &["--config", "other.toml", "flows"]);
    assert!(codes(&report, "flows/a.json").is_empty());
    assert!(codes(&report, "flows/legacy/b.json").is_empty());
    assert_eq!(code, 0);
}

#[test]
fn fail_on_comes_from_the_configuration_and_the_flag_wins() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "flows/a.json", &FROZEN);
    write(root, "waflow.toml", "");
    assert_eq!(
        check(root, &["flows"]).1,
        0,
        "a warning does not fail by default"
    );
    write(root, "waflow.toml", "[check]\nfail_on = \"warning\"\n");
    assert_eq!(check(root, &["flows"]).1, 1);
    assert_eq!(check(root, &["flows", "--fail-on", "error"]).1, 0);
}

/// Exit code and standard error of `waflow args…` run in `dir`.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = waflow(dir)
        .args(args)
        .env_remove("WAFLOW_API_KEY")
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn fail_on_is_each_files_own_for_check_and_push() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    // Only app/ fails on warnings; both flows have only the frozen-version warning.
    write(root, "app/waflow.toml", "[check]\nfail_on = \"warning\"\n");
    write(root, "app/flows/a.json", &FROZEN);
    write(root, "lib/waflow.toml", "");
    write(root, "lib/b.json", &FROZEN);
    // From the directory above both projects, whatever the order of the paths.
    for paths in [
        ["lib/b.json", "app/flows/a.json"],
        ["app/flows/a.json", "lib/b.json"],
    ] {
        assert_eq!(check(root, &paths).1, 1, "{paths:?}");
    }
    assert_eq!(check(root, &["lib/b.json"]).1, 0);
    assert_eq!(
        check(
            root,
            &["lib/b.json", "app/flows/a.json", "--fail-on", "error"]
        )
        .1,
        0
    );
    // push decides the same way before anything is sent.
    let (code, err) = run(root, &["push", "app/flows/a.json", "--flow-id", "1"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("not pushed: fix the local findings first"),
        "{err}"
    );
    let (code, err) = run(root, &["push", "lib/b.json", "--flow-id", "1"]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("not pushed"), "{err}");
    assert!(
        err.contains("WAFLOW_"),
        "stops at the connection settings: {err}"
    );
}

#[test]
fn ignores_need_a_reason_and_unused_ones_are_reported() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "flows/a.json", &bad_version());
    write(root, "flows/b.json", &bad_version());
    write(
        root,
        "waflow.toml",
        r#"
[[ignore]]
files = "flows/a.json"
pointer = "/version"
rules = ["INVALID_FLOW_JSON_VERSION"]
reason = "migrating next sprint"

[[ignore]]
files = "flows/b.json"
pointer = "/screens"
reason = "nothing there any more"
"#,
    );
    let (report, code, stderr) = check(root, &["flows"]);
    assert!(codes(&report, "flows/a.json").is_empty());
    assert_eq!(
        codes(&report, "flows/b.json"),
        ["error:INVALID_FLOW_JSON_VERSION"]
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "waflow.toml:9: this ignore (files = \"flows/b.json\", pointer = \"/screens\""
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("flows/a.json\", pointer"), "{stderr}");

    let stderr = refused(root, "[[ignore]]\nfiles = \"*.json\"\nreason = \"  \"\n");
    assert!(
        stderr.contains("waflow.toml:3:10: an ignore needs a reason"),
        "{stderr}"
    );
}

#[test]
fn unknown_keys_are_configuration_errors_with_position() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "flows/a.json", &FROZEN);
    let stderr = refused(
        root,
        "[files]\nexclude = []\n\n[check]\nfailon = \"warning\"\n",
    );
    assert!(
        stderr.contains("waflow.toml:5:1: unknown field `failon`, expected one of `fail_on`"),
        "{stderr}"
    );
    // The uploader's tables are accepted, and checked by the same parser.
    write(
        root,
        "waflow.toml",
        "[env.prod]\nwaba_id = \"1\"\n[flows]\n\"flows/a.json\" = { name = \"A\" }\n",
    );
    assert_eq!(check(root, &["flows"]).1, 0);
    let stderr = refused(
        root,
        "[env.prod]\nwaba_id = \"1\"\n[flows]\n\"flows/a.json\" = { prod = \"123\" }\n",
    );
    assert!(
        stderr.contains("waflow.toml:4:20: unknown field `prod`"),
        "{stderr}"
    );
    // A rule nobody has is a warning, not an error.
    write(
        root,
        "waflow.toml",
        "[rules]\n\"routing/no-such-rule\" = \"off\"\n",
    );
    let (_, code, stderr) = check(root, &["flows"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("no rule has the id or Meta code \"routing/no-such-rule\""),
        "{stderr}"
    );
}

#[test]
fn include_exclude_and_force_exclude() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(
        root,
        "waflow.toml",
        "[files]\nexclude = [\"flows/drafts/**\"]\n",
    );
    write(root, "flows/a.json", &FROZEN);
    write(root, "flows/drafts/wip.json", &bad_version());
    write(root, "package.json", "{\"name\": \"x\"}");
    let (report, code, _) = check(root, &["."]);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["flows/a.json"]);
    assert_eq!(code, 0);

    // Named explicitly, an excluded file is checked...
    let (_, code, _) = check(root, &["flows/drafts/wip.json"]);
    assert_eq!(code, 1);
    // ...unless --force-exclude (what the pre-commit hooks pass); non-flows are skipped too.
    let (report, code, _) = check(
        root,
        &[
            "--force-exclude",
            "flows/drafts/wip.json",
            "package.json",
            "flows/a.json",
        ],
    );
    assert_eq!(report["summary"]["files"], 1, "{report:#}");
    assert_eq!(code, 0);

    // With `include`, only matching files are searched.
    write(
        root,
        "waflow.toml",
        "[files]\ninclude = [\"flows/drafts/*.json\"]\n",
    );
    let (report, _, _) = check(root, &["flows"]);
    assert_eq!(report["summary"]["files"], 1, "{report:#}");
    assert_eq!(report["files"][0]["path"], "flows/drafts/wip.json");
}

#[test]
fn documented_configuration_parses() {
    // The sample in docs/configuration.md, used as it is.
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/configuration.md"),
    )
    .expect("docs/configuration.md");
    let start = doc.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + doc[start..].find("```").expect("block end");
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "waflow.toml", &doc[start..end]);
    write(tmp.path(), "flows/a.json", &FROZEN);
    let (report, code, stderr) = check(tmp.path(), &["flows"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        codes(&report, "flows/a.json"),
        ["error:INVALID_FLOW_JSON_VERSION_STATE"]
    );
}

/// A project with one flow and one `[[ignore]]` whose `files` glob matches nothing, and the
/// start of the warning it earns.
fn project_with_unmatched_ignore(glob: &str) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "flows/a.json", &bad_version());
    write(
        tmp.path(),
        "waflow.toml",
        &format!("[[ignore]]\nfiles = \"{glob}\"\nreason = \"typo in the directory\"\n"),
    );
    (
        tmp,
        format!("waflow.toml:2: this ignore (files = \"{glob}\""),
    )
}

#[test]
fn an_ignore_whose_glob_matches_no_file_is_reported_when_the_whole_tree_was_searched() {
    let (tmp, warning) = project_with_unmatched_ignore("flow/*.json");
    let root = tmp.path();
    for args in [&["."][..], &[][..], &["flows", "."][..]] {
        let (_, code, stderr) = check(root, args);
        assert_eq!(code, 1);
        assert!(stderr.contains(&warning), "{args:?}: {stderr}");
        assert!(stderr.contains("matched no file checked"), "{stderr}");
    }
    // Checking some files only (as pre-commit does) says nothing about the others' ignores.
    for args in [&["flows/a.json"][..], &["flows"][..]] {
        let (_, _, stderr) = check(root, args);
        assert!(!stderr.contains(&warning), "{args:?}: {stderr}");
    }
}

#[test]
fn an_ignore_whose_glob_matches_no_file_is_reported_when_its_directory_was_searched() {
    let (tmp, warning) = project_with_unmatched_ignore("flows/nothing/*.json");
    let (_, _, stderr) = check(tmp.path(), &["flows"]);
    assert!(stderr.contains(&warning), "{stderr}");
    // A file named alone says nothing about a directory it does not search.
    let (_, _, stderr) = check(tmp.path(), &["flows/a.json"]);
    assert!(!stderr.contains(&warning), "{stderr}");
}

#[test]
fn configuration_errors_name_the_file_relative_to_the_working_directory() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "flows/a.json", &FROZEN);
    write(root, "waflow.toml", "[check]\nfial_on = 1\n");
    let (_, code, stderr) = check(root, &["flows"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("waflow: error: waflow.toml:2:1: unknown field `fial_on`"),
        "{stderr}"
    );
    let (_, code, stderr) = check(&root.join("flows"), &["a.json"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("waflow: error: ../waflow.toml:2:1: "),
        "{stderr}"
    );
    // Warnings too.
    write(root, "waflow.toml", "[rules]\n\"routing/nope\" = \"off\"\n");
    let (_, _, stderr) = check(&root.join("flows"), &["a.json"]);
    assert!(
        stderr.starts_with("waflow: warning: ../waflow.toml:2: no rule has the id"),
        "{stderr}"
    );
}
