//! `waflow init`: the commented configuration and the VS Code schema mapping.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::{Value, json};

fn waflow(dir: &Path) -> Command {
    let mut cmd = cargo_bin_cmd!("waflow");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

#[test]
fn init_writes_a_configuration_that_check_accepts_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().expect("tempdir");
    waflow(tmp.path()).arg("init").assert().code(0);
    let text = std::fs::read_to_string(tmp.path().join("waflow.toml")).expect("written");
    assert!(
        text.lines().filter(|l| l.starts_with('#')).count() > 10,
        "commented"
    );
    // The written file is a valid configuration.
    std::fs::create_dir(tmp.path().join("flows")).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/customer-feedback.json"),
        tmp.path().join("flows/a.json"),
    )
    .expect("copy");
    let out = waflow(tmp.path())
        .args(["check", "flows"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    std::fs::write(tmp.path().join("waflow.toml"), "# mine\n").expect("write");
    let out = waflow(tmp.path()).arg("init").output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists; use --force"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("waflow.toml")).unwrap(),
        "# mine\n"
    );
    waflow(tmp.path())
        .args(["init", "--force"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("waflow.toml")).unwrap(),
        text
    );
}

#[test]
fn vscode_settings_are_merged_without_losing_data() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let settings = tmp.path().join(".vscode/settings.json");
    std::fs::create_dir_all(settings.parent().unwrap()).expect("mkdir");
    let before = json!({
        "editor.tabSize": 2,
        "json.schemas": [
            {"fileMatch": ["package.json"], "url": "https://example.invalid/package.json"},
            {"fileMatch": ["old/*.json"], "url": "./schemas/flow-json-7.3.schema.json"}
        ],
        "files.exclude": {"**/.git": true}
    });
    std::fs::write(&settings, serde_json::to_string_pretty(&before).unwrap()).expect("write");
    waflow(tmp.path())
        .args([
            "init",
            "--vscode",
            "--flows",
            "flows/**/*.json",
            "--flows",
            "more/*.json",
        ])
        .assert()
        .code(0);
    let after: Value =
        serde_json::from_str(&std::fs::read_to_string(&settings).unwrap()).expect("JSON");
    assert_eq!(after["editor.tabSize"], 2);
    assert_eq!(after["files.exclude"], before["files.exclude"]);
    let schemas = after["json.schemas"].as_array().unwrap();
    assert_eq!(schemas.len(), 2, "{after:#}");
    assert_eq!(schemas[0], before["json.schemas"][0]);
    assert_eq!(
        schemas[1],
        json!({"fileMatch": ["flows/**/*.json", "more/*.json"], "url": "./schemas/flow-json-7.3.schema.json"})
    );
    // Key order is kept.
    let keys: Vec<&String> = after.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["editor.tabSize", "json.schemas", "files.exclude"]);
}

#[test]
fn vscode_settings_that_are_not_json_are_left_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let settings = tmp.path().join(".vscode/settings.json");
    std::fs::create_dir_all(settings.parent().unwrap()).expect("mkdir");
    let jsonc = "{\n  // my comment\n  \"editor.tabSize\": 2,\n}\n";
    std::fs::write(&settings, jsonc).expect("write");
    let out = waflow(tmp.path())
        .args(["init", "--vscode", "--flow-version", "6.3"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not valid JSON"), "{err}");
    assert!(err.contains("flow-json-6.3.schema.json"), "{err}");
    assert_eq!(std::fs::read_to_string(&settings).unwrap(), jsonc);
    assert!(
        !tmp.path().join("waflow.toml").exists(),
        "nothing half done"
    );
}

#[test]
fn vscode_init_writes_the_schema_it_maps_and_schema_prints_the_same_bytes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    waflow(tmp.path())
        .args(["init", "--vscode", "--flow-version", "6.3"])
        .assert()
        .code(0);
    let written = std::fs::read(tmp.path().join("schemas/flow-json-6.3.schema.json"))
        .expect("schema written");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    assert_eq!(
        written,
        std::fs::read(repo.join("flow-json-6.3.schema.json")).unwrap()
    );
    // An existing schema file is kept as it is.
    std::fs::write(tmp.path().join("schemas/flow-json-6.3.schema.json"), "{}").unwrap();
    waflow(tmp.path())
        .args(["init", "--vscode", "--force", "--flow-version", "6.3"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("schemas/flow-json-6.3.schema.json")).unwrap(),
        "{}"
    );
}

#[test]
fn schema_prints_each_version_byte_for_byte() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for version in [
        "2.1", "3.0", "3.1", "4.0", "5.0", "5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2",
        "7.3",
    ] {
        let out = waflow(&repo)
            .args(["schema", "--version", version])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0));
        let file = std::fs::read(repo.join(format!("schemas/flow-json-{version}.schema.json")))
            .expect("schema file");
        assert!(
            out.stdout == file,
            "waflow schema --version {version} differs from the file"
        );
    }
    let latest = waflow(&repo).arg("schema").output().expect("run");
    assert_eq!(
        latest.stdout,
        std::fs::read(repo.join("schemas/flow-json-7.3.schema.json")).unwrap()
    );
    let out = waflow(&repo)
        .args(["schema", "--version", "9.9"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a public Flow JSON version"));
}

#[test]
fn vscode_mapping_is_added_to_a_project_without_touching_its_configuration() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("waflow.toml"), "# mine\n").expect("write");
    let out = waflow(tmp.path())
        .args(["init", "--vscode"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("waflow.toml")).unwrap(),
        "# mine\n"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("waflow.toml"), "{stdout}");
    assert!(stdout.contains("settings.json"), "{stdout}");
    let settings: Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join(".vscode/settings.json")).expect("written"),
    )
    .expect("JSON");
    assert_eq!(settings["json.schemas"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_second_vscode_init_says_the_settings_are_unchanged() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let settings = tmp.path().join(".vscode/settings.json");
    let run = || {
        let out = waflow(tmp.path())
            .args(["init", "--vscode"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run().contains("wrote ./.vscode/settings.json"));
    let before = std::fs::metadata(&settings).unwrap().modified().unwrap();
    let again = run();
    assert!(!again.contains("wrote"), "{again}");
    assert!(
        again.contains("unchanged ./.vscode/settings.json (it already maps the schema)"),
        "{again}"
    );
    let after = std::fs::metadata(&settings).unwrap().modified().unwrap();
    assert_eq!(before, after, "not rewritten");
}
