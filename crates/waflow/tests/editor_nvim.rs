//! A real editor as the client of `waflow lsp`: Neovim headless opens a flow, receives the
//! diagnostics, applies a code action ("ignore this finding", or "fix all") and saves; the flow
//! then checks clean. Skipped with a message when `nvim` is not installed, except under CI
//! (`.ci/run` installs it), where a missing Neovim fails the test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Whether Neovim can run; without it, fails under CI and says why it skips otherwise.
fn has_nvim() -> bool {
    let has_nvim = Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_nvim {
        assert!(
            std::env::var("CI").is_err(),
            "nvim is missing under CI (.ci/run installs the Debian package neovim)"
        );
        eprintln!("skipped: nvim is not installed (Debian package neovim)");
    }
    has_nvim
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example flow, changed by `edit`.
fn example(edit: impl FnOnce(String) -> String) -> String {
    edit(std::fs::read_to_string(manifest().join("../../examples/customer-feedback.json")).unwrap())
}

/// Runs the Neovim client on `flow`, saved as `feedback.json` in `root`, asking for code actions
/// of kind `only` (all kinds when `None`); returns what the client logged.
fn run_nvim(root: &Path, flow: &str, only: Option<&str>) -> String {
    let path = root.join("feedback.json");
    std::fs::write(&path, flow).unwrap();
    let out = root.join("nvim.log");
    let mut nvim = Command::new("nvim");
    nvim.args(["--headless", "-n", "-i", "NONE", "-u", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            manifest().join("tests/data/lsp/nvim-client.lua").display()
        ))
        .env("WAFLOW_BIN", env!("CARGO_BIN_EXE_waflow"))
        .env("WAFLOW_FLOW", &path)
        .env("WAFLOW_OUT", &out)
        .env("XDG_STATE_HOME", root)
        .env("XDG_DATA_HOME", root)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(kind) = only {
        nvim.env("WAFLOW_ONLY", kind);
    }
    let status = nvim.status().expect("nvim runs");
    assert!(status.success(), "{status:?}");
    std::fs::read_to_string(&out).unwrap()
}

/// A temporary directory, by its canonical path (as Neovim names the files in it).
fn temp_root() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    (dir, root)
}

/// Asserts that `waflow check feedback.json` in `root` passes.
fn checks_clean(root: &Path) {
    let check = Command::new(env!("CARGO_BIN_EXE_waflow"))
        .args(["check", "feedback.json"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn neovim_gets_diagnostics_and_applies_a_code_action() {
    if !has_nvim() {
        return;
    }
    let (_dir, root) = temp_root();
    // The example flow with one unknown property: one finding.
    let flow = example(|f| {
        f.replacen(
            "\"text\": \"How was your visit?\"",
            "\"text\": \"How was your visit?\", \"colour\": \"red\"",
            1,
        )
    });
    let log = run_nvim(&root, &flow, None);
    insta::assert_snapshot!(log, @r#"
    diagnostic 11:43 INVALID_PROPERTY_KEY property "colour" is not allowed in TextHeading
    action Ignore this finding (schema/unknown-property) in waflow.toml
    after 0
    "#);
    let config = std::fs::read_to_string(root.join("waflow.toml")).unwrap();
    assert!(
        config.contains("rules = [\"schema/unknown-property\"]"),
        "{config}"
    );
    checks_clean(&root);
}

#[test]
fn neovim_applies_fix_all_and_the_flow_checks_clean() {
    if !has_nvim() {
        return;
    }
    let (_dir, root) = temp_root();
    // A numeric version: the one finding, with a safe fix that quotes it.
    let original = example(|f| f);
    let flow = original.replacen("\"version\": \"7.3\"", "\"version\": 7.3", 1);
    let log = run_nvim(&root, &flow, Some("source.fixAll"));
    // (The diagnostic's Meta code is left out: which code Meta gives a numeric version is
    // decided elsewhere.)
    let lines: Vec<&str> = log.lines().collect();
    assert!(
        lines[0].starts_with("diagnostic 1:13 ") && lines[0].ends_with("not a number"),
        "{log}"
    );
    assert_eq!(
        lines[1..],
        [
            "action Fix all safely fixable waflow findings (1)",
            "after 0"
        ],
        "{log}"
    );
    // The saved file is the example again, byte for byte: the fix kept its formatting.
    assert_eq!(
        std::fs::read_to_string(root.join("feedback.json")).unwrap(),
        original
    );
    checks_clean(&root);
}
