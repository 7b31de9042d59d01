//! `waflow check` end to end: formats, exit codes, discovery.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn waflow() -> Command {
    let mut cmd = cargo_bin_cmd!("waflow");
    cmd.current_dir(repo()).env("NO_COLOR", "1");
    cmd
}

fn json_report(args: &[&str]) -> (Value, i32) {
    let out = waflow()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("run waflow");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    (v, out.status.code().unwrap_or(-1))
}

#[test]
fn bundled_examples_are_clean() {
    let (v, code) = json_report(&["examples"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["summary"]["errors"], 0, "{v:#}");
    assert!(v["summary"]["files"].as_u64().unwrap_or(0) >= 2);
}

#[test]
fn syntax_error_fails_with_its_position() {
    waflow()
        .args(["check", "-f", "concise", "fixtures/cli/trailing-comma.json"])
        .assert()
        .code(1)
        .stdout(
            "fixtures/cli/trailing-comma.json:4:33: error[INVALID_FLOW_JSON] the file is not valid JSON: trailing comma\n",
        );
}

#[test]
fn json_report_follows_the_contract_exactly() {
    let (v, code) = json_report(&[
        "fixtures/cli/trailing-comma.json",
        "fixtures/cli/duplicate-key.json",
    ]);
    assert_eq!(code, 1);
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["files", "summary"]);
    assert_eq!(keys(&v["summary"]), ["errors", "files", "warnings"]);
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    // Reported in the order given.
    assert_eq!(files[0]["path"], "fixtures/cli/trailing-comma.json");
    assert_eq!(
        files[0]["flow_version"],
        Value::Null,
        "unparsable file has no version"
    );
    assert_eq!(keys(&files[0]), ["diagnostics", "flow_version", "path"]);
    let d = &files[0]["diagnostics"][0];
    assert_eq!(
        keys(d),
        [
            "code",
            "column",
            "end_column",
            "end_line",
            "help",
            "line",
            "message",
            "path",
            "pointer",
            "rule",
            "severity"
        ]
    );
    assert_eq!(d["rule"], "json/syntax");
    assert_eq!(d["code"], "INVALID_FLOW_JSON");
    assert_eq!(d["severity"], "error");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(33))
    );
    let dup = files[1]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "json/duplicate-key")
        .expect("duplicate key reported");
    assert_eq!(dup["pointer"], "/version");
    assert_eq!(dup["path"], "version");
    assert_eq!(
        (dup["line"].as_u64(), dup["column"].as_u64()),
        (Some(1), Some(20))
    );
    assert_eq!(
        (dup["end_line"].as_u64(), dup["end_column"].as_u64()),
        (Some(1), Some(29))
    );
    assert_eq!(files[1]["flow_version"], "7.3");
}

#[test]
fn warnings_alone_pass_unless_fail_on_warning() {
    let (v, code) = json_report(&["fixtures/cli/frozen-4.0.json"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["summary"]["errors"], 0, "{v:#}");
    let rules: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(rules.contains(&"version/not-publishable"), "{rules:?}");
    waflow()
        .args([
            "check",
            "--fail-on",
            "warning",
            "fixtures/cli/frozen-4.0.json",
        ])
        .assert()
        .code(1);
}

#[test]
fn missing_path_is_an_io_error() {
    waflow()
        .args(["check", "no/such/flow.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/flow.json"));
}

#[test]
fn bad_usage_exits_2() {
    waflow().args(["check", "--format", "xml"]).assert().code(2);
}

#[test]
fn meta_format_groups_like_meta() {
    let out = waflow()
        .args(["check", "-f", "meta", "fixtures/cli/trailing-comma.json"])
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let e = &v["files"][0]["validation_errors"][0];
    assert_eq!(e["error"], "INVALID_FLOW_JSON");
    assert_eq!(e["error_type"], "FLOW_JSON_ERROR");
    assert_eq!(e["line_start"], 4);
    assert_eq!(e["column_start"], 33);
    assert_eq!(e["pointers"].as_array().map(Vec::len), Some(1));
}

#[test]
fn human_report_shows_the_snippet() {
    let out = waflow()
        .args(["check", "fixtures/cli/trailing-comma.json"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    insta::assert_snapshot!("human_trailing_comma", text);
}

#[test]
fn human_report_clips_minified_lines() {
    let out = waflow()
        .args(["check", "fixtures/cli/minified-bad-version.json"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.lines().all(|l| l.chars().count() <= 140),
        "a line was not clipped:\n{text}"
    );
    insta::assert_snapshot!("human_minified", text);
}

#[test]
fn directories_are_searched_for_flows_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let flow = std::fs::read(repo().join("examples/customer-feedback.json")).expect("example");
    for sub in ["flows", "node_modules/pkg", ".git", "target"] {
        std::fs::create_dir_all(root.join(sub)).expect("mkdir");
        std::fs::write(root.join(sub).join("f.json"), &flow).expect("write");
    }
    std::fs::write(root.join("flows/package.json"), br#"{"name": "x"}"#).expect("write");
    std::fs::write(root.join("flows/notes.txt"), b"\"screens\"").expect("write");
    let out = cargo_bin_cmd!("waflow")
        .current_dir(root)
        .args(["check", "-f", "json", "."])
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let paths: Vec<&str> = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, ["./flows/f.json"]);
}

#[test]
fn terminal_control_characters_in_a_flow_are_not_echoed() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A raw escape sequence in the text (shown in the snippet) and an escaped one in a string
    // value (quoted in the message).
    let raw = dir.path().join("raw.json");
    std::fs::write(
        &raw,
        "{\"version\": \"7.3\", \"screens\": [\x1b[2J\x1b]0;title\x07 ]}",
    )
    .expect("write");
    let quoted = dir.path().join("quoted.json");
    std::fs::write(&quoted, r#"{"version": "\u001b[2J", "screens": []}"#).expect("write");
    for format in ["human", "concise", "github"] {
        for file in [&raw, &quoted] {
            let out = cargo_bin_cmd!("waflow")
                .env("NO_COLOR", "1")
                .args(["check", "-f", format])
                .arg(file)
                .output()
                .expect("run");
            assert_eq!(out.status.code(), Some(1));
            let text = String::from_utf8(out.stdout).expect("utf-8");
            assert!(
                !text.contains(['\x1b', '\x07']),
                "{format} {}: {text:?}",
                file.display()
            );
        }
    }
    // The column of the finding is that of the file, control characters included.
    let out = cargo_bin_cmd!("waflow")
        .args(["check", "-f", "concise"])
        .arg(&raw)
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("raw.json:1:32: error"), "{text}");
}

#[cfg(unix)]
#[test]
fn dangling_links_and_linked_directories_in_a_search_are_not_flows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let flow = std::fs::read(repo().join("examples/customer-feedback.json")).expect("example");
    std::fs::create_dir_all(root.join("flows")).expect("mkdir");
    std::fs::create_dir_all(root.join("data")).expect("mkdir");
    std::fs::write(root.join("flows/f.json"), &flow).expect("write");
    // Emacs' lock file while f.json is edited, and a link to a directory named like a flow.
    std::os::unix::fs::symlink("user@host.1234:1700000000", root.join("flows/.#f.json"))
        .expect("symlink");
    std::os::unix::fs::symlink("../data", root.join("flows/linked.json")).expect("symlink");
    let out = cargo_bin_cmd!("waflow")
        .current_dir(root)
        .args(["check", "-f", "json", "."])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["summary"]["files"], 1, "{v:#}");
    assert_eq!(v["files"][0]["path"], "./flows/f.json");
}

#[test]
fn an_empty_search_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    cargo_bin_cmd!("waflow")
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(0)
        .stderr(predicates::str::contains("no Flow JSON files found"));
}
