//! `--profile` and `[check] profile` (issue #16): the builder profile turns the constraints only
//! Meta's Flow Builder enforces into errors; the command line wins over waflow.toml; the server
//! profile is the default.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

/// A 7.3 flow whose one screen has no title (`screens/missing-title`).
const NO_TITLE: &str = include_str!("../../../fixtures/rules/screens/missing-title/fail.json");

/// Runs `waflow ARGS` in `dir` and returns (exit code, standard output).
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = cargo_bin_cmd!("waflow")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

#[test]
fn the_builder_profile_turns_a_missing_title_into_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flow.json"), NO_TITLE).unwrap();
    let (code, out) = run(dir.path(), &["check", "flow.json", "-f", "concise"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[MISSING_REQUIRED_PROPERTY]"), "{out}");
    let (code, out) = run(
        dir.path(),
        &[
            "check",
            "flow.json",
            "-f",
            "concise",
            "--profile",
            "builder",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[MISSING_REQUIRED_PROPERTY]"), "{out}");
}

#[test]
fn waflow_toml_sets_the_profile_and_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flow.json"), NO_TITLE).unwrap();
    std::fs::write(
        dir.path().join("waflow.toml"),
        "[check]\nprofile = \"builder\"\n",
    )
    .unwrap();
    let (code, out) = run(dir.path(), &["check", "flow.json", "-f", "concise"]);
    assert_eq!(code, 1, "{out}");
    let (code, out) = run(
        dir.path(),
        &["check", "flow.json", "-f", "concise", "--profile", "server"],
    );
    assert_eq!(code, 0, "{out}");
    // A level in [rules] still wins over the profile.
    std::fs::write(
        dir.path().join("waflow.toml"),
        "[check]\nprofile = \"builder\"\n[rules]\n\"screens/missing-title\" = \"off\"\n",
    )
    .unwrap();
    let (code, out) = run(dir.path(), &["check", "flow.json", "-f", "concise"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn an_unknown_profile_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flow.json"), NO_TITLE).unwrap();
    let (code, _) = run(dir.path(), &["check", "flow.json", "--profile", "strict"]);
    assert_eq!(code, 2);
    std::fs::write(
        dir.path().join("waflow.toml"),
        "[check]\nprofile = \"strict\"\n",
    )
    .unwrap();
    let (code, _) = run(dir.path(), &["check", "flow.json"]);
    assert_eq!(code, 2);
}

#[test]
fn every_command_that_checks_flows_takes_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["check", "watch", "lsp", "push", "publish"] {
        let (code, out) = run(dir.path(), &[command, "--help"]);
        assert_eq!(code, 0, "{command}");
        assert!(out.contains("--profile <NAME>"), "{command}: {out}");
    }
}
