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
    assert_eq!(
        keys(&v["summary"]),
        [
            "errors",
            "files",
            "infos",
            "lower_bound",
            "omitted",
            "warnings"
        ]
    );
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    // Reported in the order given.
    assert_eq!(files[0]["path"], "fixtures/cli/trailing-comma.json");
    assert_eq!(
        files[0]["flow_version"],
        Value::Null,
        "unparsable file has no version"
    );
    assert_eq!(
        keys(&files[0]),
        ["diagnostics", "flow_version", "omitted", "path"]
    );
    assert_eq!(
        keys(&files[0]["omitted"]),
        ["errors", "infos", "lower_bound", "warnings"]
    );
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
    assert_eq!(paths, ["flows/f.json"], "reported without a leading ./");
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
    assert_eq!(v["files"][0]["path"], "flows/f.json");
}

#[cfg(unix)]
#[test]
fn a_json_link_to_nowhere_in_a_search_is_unreadable_as_when_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("d")).expect("mkdir");
    std::os::unix::fs::symlink("/nonexistent", root.join("d/x.json")).expect("symlink");
    for arg in ["d", "d/x.json"] {
        let out = cargo_bin_cmd!("waflow")
            .current_dir(root)
            .args(["check", "-f", "json", arg])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{arg}");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(v["files"][0]["path"], "d/x.json", "{arg}: {v:#}");
        assert_eq!(
            v["files"][0]["diagnostics"][0]["rule"], "io/unreadable",
            "{arg}: {v:#}"
        );
    }
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

/// `waflow` run in `dir`, colours off.
fn waflow_in(dir: &Path) -> Command {
    let mut cmd = cargo_bin_cmd!("waflow");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// A temporary directory holding the trailing-comma fixture at `rel`.
fn with_syntax_error(rel: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::copy(repo().join("fixtures/cli/trailing-comma.json"), path).expect("copy");
    dir
}

fn example() -> Vec<u8> {
    std::fs::read(repo().join("examples/customer-feedback.json")).expect("example")
}

fn report_paths(v: &Value) -> Vec<&str> {
    v["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect()
}

#[test]
fn an_output_that_is_an_input_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let flow = example();
    std::fs::create_dir_all(root.join("d")).expect("mkdir");
    std::fs::write(root.join("a.json"), &flow).expect("write");
    std::fs::write(root.join("d/f.json"), &flow).expect("write");
    let mut cases = vec![
        vec!["a.json", "-o", "a.json"],
        vec!["a.json", "-o", "./a.json"],
        vec!["d", "-o", "d/f.json"],
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("a.json", root.join("link.json")).expect("symlink");
        std::fs::hard_link(root.join("a.json"), root.join("hard.json")).expect("hard link");
        cases.push(vec!["a.json", "-o", "link.json"]);
        cases.push(vec!["a.json", "-o", "hard.json"]);
    }
    for args in cases {
        let out = waflow_in(root)
            .args(["check", "-f", "json"])
            .args(&args)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("is one of the files being checked"),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(std::fs::read(root.join("a.json")).expect("a.json"), flow);
        assert_eq!(std::fs::read(root.join("d/f.json")).expect("f.json"), flow);
    }
    // A report in a searched directory is not a flow, so it can be written there again.
    for _ in 0..2 {
        waflow_in(root)
            .args(["check", "-f", "json", "d", "-o", "d/report.json"])
            .assert()
            .code(0);
    }
    let report: Value =
        serde_json::from_slice(&std::fs::read(root.join("d/report.json")).expect("report"))
            .expect("JSON");
    assert_eq!(report_paths(&report), ["d/f.json"]);
}

#[cfg(unix)]
#[test]
fn a_report_file_is_replaced_whole_and_a_link_to_it_is_followed() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(root.join("a.json"), example()).expect("write");
    std::fs::create_dir_all(root.join("reports")).expect("mkdir");
    let report = root.join("reports/r.json");
    std::fs::write(&report, "old report").expect("write");
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    std::os::unix::fs::symlink("reports/r.json", root.join("latest.json")).expect("symlink");
    let before = std::fs::metadata(&report).expect("stat").ino();
    waflow_in(root)
        .args(["check", "-f", "json", "a.json", "-o", "latest.json"])
        .assert()
        .code(0);
    // Written through a temporary file renamed over the old one (a new inode), never truncated
    // in place; the link is still a link; the permissions are kept; no temporary file is left.
    let meta = std::fs::metadata(&report).expect("stat");
    assert_ne!(meta.ino(), before, "the report was rewritten in place");
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert!(
        std::fs::symlink_metadata(root.join("latest.json"))
            .expect("lstat")
            .file_type()
            .is_symlink()
    );
    let v: Value = serde_json::from_slice(&std::fs::read(&report).expect("read")).expect("JSON");
    assert_eq!(report_paths(&v), ["a.json"]);
    let names: Vec<_> = std::fs::read_dir(root.join("reports"))
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["r.json"]);
    // A report file that cannot be written leaves nothing behind and says where it failed.
    waflow_in(root)
        .args(["check", "a.json", "-o", "no/such/dir/r.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "cannot write the report to no/such/dir/r.txt: No such file or directory",
        ))
        // The temporary file is an inner detail: never named.
        .stderr(predicates::prelude::PredicateBooleanExt::not(
            predicates::str::contains(".waflow-report"),
        ));
}

#[test]
fn output_dash_is_standard_output_not_a_file_named_dash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(root.join("a.json"), example()).expect("write");
    let out = waflow_in(root)
        .args(["check", "a.json", "-f", "json", "-o", "-"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("the report on standard output");
    assert_eq!(report_paths(&v), ["a.json"]);
    let out = waflow_in(root)
        .args(["schema", "-o", "-"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"{"));
    assert!(!root.join("-").exists());
}

#[test]
fn init_vscode_then_check_is_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    waflow_in(root).args(["init", "--vscode"]).assert().code(0);
    std::fs::create_dir_all(root.join("flows")).expect("mkdir");
    std::fs::write(root.join("flows/a.json"), example()).expect("write");
    // JSON that merely mentions "screens" below the top level is not a flow either.
    std::fs::write(
        root.join("flows/config.json"),
        br#"{"config": {"screens": 1}}"#,
    )
    .expect("write");
    std::fs::write(root.join("flows/list.json"), br#"["screens"]"#).expect("write");
    let out = waflow_in(root)
        .args(["check", "-f", "json"])
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert_eq!(report_paths(&v), ["flows/a.json"]);
    // The schema is skipped by --force-exclude too (what the pre-commit hooks run).
    let schema = std::fs::read_dir(root.join("schemas"))
        .expect("schemas/")
        .next()
        .expect("a schema")
        .expect("entry")
        .path();
    let out = waflow_in(root)
        .args(["check", "-f", "json", "--force-exclude"])
        .arg(&schema)
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert_eq!(v["summary"]["files"], 0, "{v:#}");
}

#[test]
fn undecodable_empty_and_truncated_json_files_are_reported_not_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let flow = example();
    let text = String::from_utf8(flow.clone()).expect("utf-8");
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("utf16-bom.json", [&[0xFF, 0xFE][..], &utf16le].concat()),
        ("utf16be-bom.json", [&[0xFE, 0xFF][..], &utf16be].concat()),
        ("utf16-no-bom.json", utf16le.clone()),
        (
            "utf32.json",
            text.chars()
                .flat_map(|c| u32::from(c).to_le_bytes())
                .collect(),
        ),
        ("empty.json", Vec::new()),
        ("truncated.json", flow[..200].to_vec()),
        (
            "trailing-comma.json",
            text.replacen("\"7.3\",", "\"7.3\",,", 1).into_bytes(),
        ),
    ];
    std::fs::create_dir_all(root.join("flows")).expect("mkdir");
    for (name, bytes) in &files {
        std::fs::write(root.join("flows").join(name), bytes).expect("write");
    }
    // Not flows: JSON with comments (tsconfig.json, VS Code settings) and random bytes.
    std::fs::write(
        root.join("flows/tsconfig.json"),
        b"{\n  // comment\n  \"compilerOptions\": {}\n}\n",
    )
    .expect("write");
    std::fs::write(root.join("flows/blob.json"), [0x9C, 0x01, 0x02, 0x03]).expect("write");
    let out = waflow_in(root)
        .args(["check", "-f", "json", "flows"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut expected: Vec<String> = files.iter().map(|(n, _)| format!("flows/{n}")).collect();
    expected.sort();
    assert_eq!(report_paths(&v), expected);
    for file in v["files"].as_array().expect("files") {
        let rule = file["diagnostics"][0]["rule"].as_str().unwrap_or("");
        assert!(
            ["json/encoding", "json/syntax"].contains(&rule),
            "{}: {rule}",
            file["path"]
        );
    }
    // The pre-commit hooks pass files with --force-exclude: the same test applies.
    let out = waflow_in(root)
        .args([
            "check",
            "-f",
            "json",
            "--force-exclude",
            "flows/utf16-bom.json",
            "flows/tsconfig.json",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report_paths(&v), ["flows/utf16-bom.json"]);
    let finding = &v["files"][0]["diagnostics"][0];
    assert_eq!(finding["rule"], "json/encoding");
    let message = finding["message"].as_str().unwrap_or("");
    assert!(message.contains("UTF-16"), "{message}");
}

#[test]
fn a_missing_path_is_reported_in_every_format_and_the_others_are_checked() {
    let dir = with_syntax_error("flows/err.json");
    let root = dir.path();
    let out = waflow_in(root)
        .args(["check", "-f", "json", "missing.json", "flows", "gone/"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("waflow: error: missing.json: "), "{stderr}");
    assert!(stderr.contains("waflow: error: gone: "), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report_paths(&v), ["missing.json", "flows/err.json", "gone"]);
    let missing = &v["files"][0]["diagnostics"][0];
    assert_eq!(missing["rule"], "io/unreadable");
    assert_eq!(missing["code"], "WAFLOW_UNREADABLE_FILE");
    assert_eq!(missing["severity"], "error");
    assert_eq!(
        (missing["line"].as_u64(), missing["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(v["files"][1]["diagnostics"][0]["rule"], "json/syntax");
    // The SARIF report the documented CI workflow uploads is written, with both files.
    waflow_in(root)
        .args([
            "check",
            "missing.json",
            "flows/err.json",
            "-f",
            "sarif",
            "-o",
            "r.sarif",
        ])
        .assert()
        .code(2);
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(root.join("r.sarif")).expect("r.sarif written"))
            .expect("JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let rules: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert_eq!(rules.len(), 2, "{sarif:#}");
    for format in ["human", "concise", "meta", "github", "junit"] {
        let out = waflow_in(root)
            .args(["check", "-f", format, "missing.json", "flows/err.json"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("missing.json"), "{format}: {text}");
        assert!(text.contains("flows/err.json"), "{format}: {text}");
    }
}

#[test]
fn standard_input_is_checked_under_its_stdin_filename() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let flow = std::fs::read(repo().join("fixtures/cli/trailing-comma.json")).expect("fixture");
    let concise = |args: &[&str]| {
        let out = waflow_in(root)
            .args(["check", "-f", "concise"])
            .args(args)
            .write_stdin(flow.clone())
            .output()
            .expect("run");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            out.status.code(),
        )
    };
    let (text, code) = concise(&["-"]);
    assert_eq!(code, Some(1));
    assert!(
        text.starts_with("-:4:33: error[INVALID_FLOW_JSON]"),
        "{text}"
    );
    let (text, code) = concise(&["-", "--stdin-filename", "./flows/new.json"]);
    assert_eq!(code, Some(1));
    assert!(text.starts_with("flows/new.json:4:33: error"), "{text}");
    // The configuration is the one of the file it stands for: its levels and its excludes.
    std::fs::create_dir_all(root.join("flows")).expect("mkdir");
    std::fs::write(
        root.join("flows/waflow.toml"),
        "[rules]\n\"json/syntax\" = \"warning\"\n[files]\nexclude = [\"drafts/**\"]\n",
    )
    .expect("write");
    let (text, code) = concise(&["-", "--stdin-filename", "flows/new.json"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("warning[INVALID_FLOW_JSON]"), "{text}");
    let (text, code) = concise(&[
        "-",
        "--stdin-filename",
        "flows/drafts/x.json",
        "--force-exclude",
    ]);
    assert_eq!((text.as_str(), code), ("", Some(0)));
    // Without `-` there is no standard input to name: refused, not ignored.
    let out = waflow_in(root)
        .args(["check", "--stdin-filename", "flows/new.json", "flows"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no path is `-`"),
        "{out:?}"
    );
}

#[test]
fn paths_naming_the_same_file_are_checked_once() {
    let dir = with_syntax_error("dup/err.json");
    let root = dir.path();
    let absolute = root.join("dup/err.json");
    let out = waflow_in(root)
        .args(["check", "-f", "json", "dup/err.json", "./dup/err.json"])
        .arg(&absolute)
        .arg("dup")
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report_paths(&v), ["dup/err.json"]);
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn show_files_lists_what_would_be_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("flows/sub")).expect("mkdir");
    std::fs::write(root.join("flows/b.json"), example()).expect("write");
    std::fs::write(root.join("flows/sub/a.json"), example()).expect("write");
    std::fs::write(root.join("flows/package.json"), br#"{"name": "x"}"#).expect("write");
    waflow_in(root)
        .args(["check", "--show-files"])
        .assert()
        .code(0)
        .stdout("flows/b.json\nflows/sub/a.json\n");
    waflow_in(root)
        .args(["check", "--show-files", "flows/package.json", "nope.json"])
        .assert()
        .code(2)
        .stdout("flows/package.json\n")
        .stderr(predicates::str::contains("nope.json"));
}

#[test]
fn show_settings_prints_the_configuration_of_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("flows")).expect("mkdir");
    std::fs::write(
        root.join("flows/waflow.toml"),
        "[files]\nexclude = [\"drafts/**\"]\n[check]\nfail_on = \"warning\"\n[rules]\nINVALID_ROUTING_MODEL = \"off\"\n[[ignore]]\nfiles = \"a.json\"\nreason = \"legacy\"\n",
    )
    .expect("write");
    let out = waflow_in(root)
        .args(["check", "--show-settings", "flows/a.json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    insta::assert_snapshot!("show_settings", text);
    // What it prints is itself a configuration that gives the same settings.
    std::fs::write(root.join("copy.toml"), &text).expect("write");
    let again = waflow_in(root)
        .args([
            "check",
            "--show-settings",
            "--config",
            "copy.toml",
            "flows/a.json",
        ])
        .output()
        .expect("run");
    let again = String::from_utf8(again.stdout).expect("utf-8");
    assert_eq!(
        again.lines().skip(2).collect::<Vec<_>>(),
        text.lines().skip(2).collect::<Vec<_>>()
    );
    // --fail-on wins, as in a run.
    waflow_in(root)
        .args([
            "check",
            "--show-settings",
            "--fail-on",
            "error",
            "flows/a.json",
        ])
        .assert()
        .stdout(predicates::str::contains("fail_on = \"error\""));
}
