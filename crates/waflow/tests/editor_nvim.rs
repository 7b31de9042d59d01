//! A real editor as the client of `waflow lsp`: Neovim headless opens a flow, receives the
//! diagnostics, applies the "ignore this finding" code action and saves; the flow then checks
//! clean. Skipped with a message when `nvim` is not installed, except under CI (`.ci/run`
//! installs it), where a missing Neovim fails the test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Stdio};

#[test]
fn neovim_gets_diagnostics_and_applies_a_code_action() {
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
        return;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    // The example flow with one unknown property: one finding.
    let flow = std::fs::read_to_string(manifest.join("../../examples/customer-feedback.json"))
        .unwrap()
        .replacen(
            "\"text\": \"How was your visit?\"",
            "\"text\": \"How was your visit?\", \"colour\": \"red\"",
            1,
        );
    let path = root.join("feedback.json");
    std::fs::write(&path, flow).unwrap();
    let out = root.join("nvim.log");
    let status = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            manifest.join("tests/data/lsp/nvim-client.lua").display()
        ))
        .env("WAFLOW_BIN", env!("CARGO_BIN_EXE_waflow"))
        .env("WAFLOW_FLOW", &path)
        .env("WAFLOW_OUT", &out)
        .env("XDG_STATE_HOME", &root)
        .env("XDG_DATA_HOME", &root)
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("nvim runs");
    assert!(status.success(), "{status:?}");
    let log = std::fs::read_to_string(&out).unwrap();
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
    let check = Command::new(env!("CARGO_BIN_EXE_waflow"))
        .args(["check", "feedback.json"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
