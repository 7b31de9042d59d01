//! `waflow check --fix`, `--unsafe-fixes` and `--diff` end to end: what is written (atomically,
//! only when something changed), what is shown, and the exit status of what remains.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/fixes")
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(fixtures().join(path)).unwrap()
}

fn waflow(dir: &Path) -> Command {
    let mut cmd = cargo_bin_cmd!("waflow");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// A directory with `safe.json` (a route to add: a safe fix), `unsafe.json` (a misspelt key:
/// an unsafe fix) and `clean.json` (nothing to fix), the last with an old modification time.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("safe.json"),
        fixture("routing/undeclared-navigate/before.json"),
    )
    .unwrap();
    std::fs::write(
        p.join("unsafe.json"),
        fixture("schema/unknown-property/before.json"),
    )
    .unwrap();
    std::fs::write(
        p.join("clean.json"),
        fixture("schema/unknown-property/after.json"),
    )
    .unwrap();
    let old = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(p.join("clean.json"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn modified(dir: &Path, name: &str) -> SystemTime {
    std::fs::metadata(dir.join(name))
        .unwrap()
        .modified()
        .unwrap()
}

#[test]
fn fix_applies_the_safe_fixes_and_reports_what_remains() {
    let dir = project();
    let p = dir.path();
    let clean_time = modified(p, "clean.json");
    let out = waflow(p)
        .args(["check", "--fix", "-f", "concise", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The misspelt key remains (an unsafe fix), so the run fails.
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(
        read(p, "safe.json"),
        fixture("routing/undeclared-navigate/after.json")
    );
    assert_eq!(
        read(p, "unsafe.json"),
        fixture("schema/unknown-property/before.json")
    );
    assert!(
        stdout.contains("unsafe.json:34:13: error[INVALID_PROPERTY_KEY]"),
        "{stdout}"
    );
    assert!(
        !stdout.lines().any(|l| l.starts_with("safe.json:")),
        "{stdout}"
    );
    assert_eq!(
        stderr.trim(),
        "waflow: fixed 1 finding in 1 file; 1 more finding has an unsafe fix (--unsafe-fixes)"
    );
    // A file with nothing to fix is not written.
    assert_eq!(modified(p, "clean.json"), clean_time);

    // Fixing again changes nothing.
    let safe_time = modified(p, "safe.json");
    let again = waflow(p)
        .args(["check", "--fix", "-q", "."])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(modified(p, "safe.json"), safe_time);
}

#[test]
fn unsafe_fixes_apply_the_rest_and_the_run_passes() {
    let dir = project();
    let p = dir.path();
    waflow(p)
        .args(["check", "--fix", "--unsafe-fixes", "."])
        .assert()
        .code(0)
        .stderr("waflow: fixed 2 findings in 2 files\n");
    assert_eq!(
        read(p, "unsafe.json"),
        fixture("schema/unknown-property/after.json")
    );
}

#[test]
fn unsafe_fixes_alone_is_a_usage_error_not_a_silent_check() {
    let dir = project();
    let p = dir.path();
    let before = read(p, "unsafe.json");
    let out = waflow(p)
        .args(["check", "--unsafe-fixes", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--fix") && err.contains("--diff"), "{err}");
    assert_eq!(read(p, "unsafe.json"), before);
    // With --diff it is accepted.
    waflow(p)
        .args(["check", "--diff", "--unsafe-fixes", "."])
        .assert()
        .code(1);
}

#[cfg(unix)]
#[test]
fn fixed_files_are_replaced_atomically_with_their_permissions() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let dir = project();
    let p = dir.path();
    let file = p.join("safe.json");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = std::fs::metadata(&file).unwrap().ino();
    waflow(p)
        .args(["check", "--fix", "safe.json"])
        .assert()
        .code(0);
    let meta = std::fs::metadata(&file).unwrap();
    // A new file renamed over the old one: another inode, the same permissions, no leftovers.
    assert_ne!(meta.ino(), before);
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    let names: Vec<String> = std::fs::read_dir(p)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let dir = project();
    let p = dir.path();
    let out = waflow(p)
        .args([
            "check",
            "--diff",
            "--unsafe-fixes",
            "unsafe.json",
            "clean.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout), @r#"
    --- a/unsafe.json
    +++ b/unsafe.json
    @@ -31,7 +31,7 @@
             "children": [
               {
                 "type": "Footer",
    -            "lable": "Done",
    +            "label": "Done",
                 "on-click-action": {
                   "name": "complete",
                   "payload": {}
    "#);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "waflow: would fix 1 finding in 1 file\n"
    );
    assert_eq!(
        read(p, "unsafe.json"),
        fixture("schema/unknown-property/before.json")
    );
    // Nothing to fix and nothing left: exit 0, no diff.
    waflow(p)
        .args(["check", "--diff", "clean.json"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn standard_input_is_diffed_but_not_fixed_in_place() {
    let dir = project();
    let p = dir.path();
    let text = fixture("version/invalid/before.json");
    let out = waflow(p)
        .args(["check", "--diff", "-"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("-  \"version\": 7.3,\n+  \"version\": \"7.3\",\n"),
        "{diff}"
    );
    waflow(p)
        .args(["check", "--fix", "-"])
        .write_stdin(text)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "standard input cannot be fixed in place",
        ));
}

#[test]
fn rules_and_explain_say_which_rules_have_a_fix() {
    let table = cargo_bin_cmd!("waflow")
        .env_remove("COLUMNS")
        .arg("rules")
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.lines().next().unwrap().ends_with("FIX"), "{text}");
    let row = |id: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} listed"))
            .to_owned()
    };
    assert!(row("json/byte-order-mark").ends_with(" safe"));
    assert!(row("routing/unknown-screen").ends_with(" unsafe"));
    assert!(row("routing/backward-route").ends_with("all"));

    let json = cargo_bin_cmd!("waflow")
        .args(["rules", "--json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let fix = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["fix"]
            .clone()
    };
    assert_eq!(fix("routing/undeclared-navigate"), "safe");
    assert_eq!(fix("schema/unknown-property"), "unsafe");
    assert_eq!(fix("routing/backward-route"), serde_json::Value::Null);

    cargo_bin_cmd!("waflow")
        .args(["explain", "version/invalid"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "- Automatic fix: safe (`waflow check --fix`)",
        ));
}

#[test]
fn the_json_report_names_each_finding_s_fix() {
    let dir = project();
    let p = dir.path();
    let out = waflow(p)
        .args(["check", "-f", "json", "unsafe.json", "safe.json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fixes: Vec<(String, serde_json::Value)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .map(|d| (d["rule"].as_str().unwrap().to_owned(), d["fix"].clone()))
        .collect();
    insta::assert_json_snapshot!(fixes, @r#"
    [
      [
        "schema/missing-property",
        null
      ],
      [
        "schema/unknown-property",
        {
          "title": "rename `lable` to `label`",
          "applicability": "unsafe"
        }
      ],
      [
        "routing/undeclared-navigate",
        {
          "title": "add the route A → B to routing_model",
          "applicability": "safe"
        }
      ]
    ]
    "#);
}

#[test]
fn a_dropped_fix_is_reported_with_the_errors_it_would_add() {
    // `Foter` → `Footer` would give the screen a second Footer, one without an action.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let text = fixture("schema/unknown-component/before.json")
        .replace("\"TextBdy\"", "\"Foter\"")
        .replace("\"text\": \"Thank you\"", "\"label\": \"Again\"");
    std::fs::write(p.join("foter.json"), &text).unwrap();
    for mode in ["--diff", "--fix"] {
        let out = waflow(p)
            .args([
                "check",
                mode,
                "--unsafe-fixes",
                "-f",
                "concise",
                "foter.json",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                "waflow: foter.json: the fix of schema/unknown-component was not applied (change the component type Foter to Footer): it would add errors: counts/footer, schema/missing-property\n"
            ),
            "{mode}: {stderr}"
        );
        assert!(
            stderr.contains("waflow: nothing to fix\n"),
            "{mode}: {stderr}"
        );
        assert_eq!(out.status.code(), Some(1), "{mode}: {stderr}");
        assert_eq!(read(p, "foter.json"), text, "{mode}");
    }
}

#[test]
fn quoting_the_version_is_applied_though_it_uncovers_schema_errors() {
    // The number kept the flow from being read as any version: the empty `screens` was never
    // checked, so its error is uncovered by the fix, not added by it.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("n.json"), r#"{"version": 7.3, "screens": []}"#).unwrap();
    let out = waflow(p)
        .args(["check", "--fix", "-f", "concise", "n.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(read(p, "n.json"), r#"{"version": "7.3", "screens": []}"#);
    assert!(
        stderr.contains("waflow: fixed 1 finding in 1 file"),
        "{stderr}"
    );
    assert!(stdout.contains("n.json:1:"), "{stdout}");
    assert!(!stdout.contains("version/invalid"), "{stdout}");
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
}
