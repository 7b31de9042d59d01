//! The schema layer on our own fixtures: valid flows of several versions pass; each invalid
//! flow's schema findings (rule, code, position, pointer, message, help) are snapshotted.

#![allow(clippy::expect_used)]

use std::fmt::Write;
use std::path::{Path, PathBuf};

use waflow_core::{CheckOptions, FileReport, check};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/schema");

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(FIXTURES).join(dir))
        .expect("fixture directory exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn run(path: &Path) -> FileReport {
    let bytes = std::fs::read(path).expect("fixture is readable");
    check(
        &path.display().to_string(),
        &bytes,
        &CheckOptions::default(),
    )
}

fn schema_lines(report: &FileReport) -> String {
    let mut out = String::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.finding.rule.starts_with("schema/"))
    {
        let f = &d.finding;
        writeln!(
            out,
            "{}:{} {} {} {}\n  {}",
            d.start.line, d.start.column, f.rule, f.code, f.pointer, f.message
        )
        .expect("write to string");
        if let Some(help) = &f.help {
            writeln!(out, "  help: {help}").expect("write to string");
        }
    }
    out
}

#[test]
fn valid_fixtures_have_no_schema_findings() {
    let files = fixtures("valid");
    assert!(files.len() >= 5);
    for path in files {
        let lines = schema_lines(&run(&path));
        assert!(lines.is_empty(), "{}:\n{lines}", path.display());
    }
}

#[test]
fn invalid_fixtures_snapshot() {
    for path in fixtures("invalid") {
        let lines = schema_lines(&run(&path));
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 file name")
            .to_owned();
        assert!(!lines.is_empty(), "{name} has no schema finding");
        insta::assert_snapshot!(name, lines);
    }
}
