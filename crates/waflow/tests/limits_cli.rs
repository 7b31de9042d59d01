//! The cap on findings per file from the command line: `--max-findings`, `max_findings` in
//! `waflow.toml`, ignores applied before the cap, and the exit status counting what was cut.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::{Value, json};

/// A terminal screen per entry of `children`, each child a number (one schema error each); no
/// screen has a Footer (one more error per screen).
fn numbers_flow(children: &[usize]) -> String {
    let screens: Vec<Value> = children
        .iter()
        .zip(["A", "B", "C"])
        .map(|(&n, id)| {
            json!({"id": id, "title": "t", "terminal": true,
                "layout": {"type": "SingleColumnLayout", "children": vec![1; n]}})
        })
        .collect();
    json!({"version": "7.3", "screens": screens}).to_string()
}

/// `check -f json FILES… ARGS…` in `dir` → (pointers of the findings, exit code).
fn check(dir: &Path, args: &[&str]) -> (Vec<String>, i32) {
    let out = cargo_bin_cmd!("waflow")
        .current_dir(dir)
        .args(["check", "-f", "json"])
        .args(args)
        .output()
        .expect("run waflow");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let pointers = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .map(|d| d["pointer"].as_str().unwrap().to_owned())
        .collect();
    (pointers, out.status.code().unwrap_or(-1))
}

#[test]
fn max_findings_flag_and_setting_cap_each_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("a.json"), numbers_flow(&[1_200])).unwrap();
    std::fs::write(dir.join("b.json"), numbers_flow(&[30])).unwrap();
    // Default: 1,000 per file.
    let (found, code) = check(dir, &["a.json", "b.json"]);
    assert_eq!(found.len(), 1_000 + 31);
    assert_eq!(code, 1);
    let (found, _) = check(dir, &["a.json", "b.json", "--max-findings", "7"]);
    assert_eq!(found.len(), 14);
    let (found, _) = check(dir, &["a.json", "--max-findings", "0"]);
    assert_eq!(found.len(), 1_201);
    std::fs::write(dir.join("waflow.toml"), "[check]\nmax_findings = 3\n").unwrap();
    let (found, _) = check(dir, &["a.json", "b.json"]);
    assert_eq!(found.len(), 6);
    // The flag wins over the configuration.
    let (found, _) = check(dir, &["a.json", "--max-findings", "5"]);
    assert_eq!(found.len(), 5);
    std::fs::write(dir.join("waflow.toml"), "[check]\nmax_findings = -1\n").unwrap();
    let out = cargo_bin_cmd!("waflow")
        .current_dir(dir)
        .args(["check", "a.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("waflow.toml:2"));
}

#[test]
fn ignored_findings_do_not_take_room_under_the_cap() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("a.json"), numbers_flow(&[40, 10])).unwrap();
    std::fs::write(
        dir.join("waflow.toml"),
        "[check]\nmax_findings = 5\n\n[[ignore]]\nfiles = \"a.json\"\npointer = \"/screens/0\"\nreason = \"generated\"\n",
    )
    .unwrap();
    let (found, _) = check(dir, &["a.json"]);
    assert_eq!(found.len(), 5);
    assert!(
        found.iter().all(|p| p.starts_with("/screens/1/")),
        "{found:?}"
    );
}

#[test]
fn an_error_past_the_cap_still_fails_the_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A frozen version (a warning, found first), then a terminal screen without Footer (an error).
    let flow = json!({"version": "4.0", "screens": [{"id": "A", "title": "t", "terminal": true,
        "layout": {"type": "SingleColumnLayout", "children": [{"type": "TextBody", "text": "x"}]}}]});
    std::fs::write(dir.join("a.json"), flow.to_string()).unwrap();
    let (found, code) = check(dir, &["a.json", "--max-findings", "1"]);
    assert_eq!(found, ["/version"]);
    assert_eq!(code, 1, "the error past the cap must fail the check");
    let (_, code) = check(
        dir,
        &["a.json", "--max-findings", "1", "--fail-on", "warning"],
    );
    assert_eq!(code, 1);
}
