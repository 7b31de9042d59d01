//! The whole pipeline over the real-world corpus in `../shared/corpus/real`: every file gets a
//! result without panicking, and Meta's own example flows get no error.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use waflow_core::{CheckOptions, Severity, check};

/// Repositories whose flows are Meta's own examples (or a faithful library's test data).
const TRUSTED_SOURCES: [&str; 2] = ["WhatsApp/WhatsApp-Flows-Tools", "david-lev/pywa"];

/// Errors on trusted files that are real: (file, rule, reason).
const KNOWN_ERRORS: &[(&str, &str, &str)] = &[
    (
        "david-lev__pywa/tests__data__flows__6_2__examples__navigation_list.extracted.json",
        "actions/navigate-unknown-screen",
        "pywa test data: a NavigationList item navigates to FOURTH_SCREEN, which the flow does not define",
    ),
    (
        "david-lev__pywa/tests__data__flows__6_2__examples__navigation_list.extracted.json",
        "actions/navigate-static-payload-type",
        "pywa test data: an item sends \"first_name\": true to FIFTH_SCREEN, whose first_name is a string",
    ),
];

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    if dir.join("MANIFEST.tsv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: the shared corpus is not at {} (it lives next to the repository in CI)",
            dir.display()
        );
        None
    }
}

/// file -> source repository, from MANIFEST.tsv.
fn manifest(dir: &Path) -> HashMap<String, String> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("read manifest");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            Some((cols.next()?.to_owned(), cols.next()?.to_owned()))
        })
        .collect()
}

#[test]
fn every_corpus_file_gets_a_result_and_meta_examples_have_no_error() {
    let Some(dir) = corpus_dir() else { return };
    let files = manifest(&dir);
    assert!(files.len() >= 100, "manifest lists {} files", files.len());
    let options = CheckOptions::default();
    let mut unexpected = Vec::new();
    let mut trusted = 0;
    for (file, source) in &files {
        let bytes = std::fs::read(dir.join(file)).expect("corpus file readable");
        let report = check(file, &bytes, &options);
        assert_eq!(report.path, *file);
        for d in &report.diagnostics {
            assert!(d.span.end <= report.text.len(), "{file}: span past the end");
        }
        if !TRUSTED_SOURCES.contains(&source.as_str()) {
            continue;
        }
        trusted += 1;
        for d in &report.diagnostics {
            let known = KNOWN_ERRORS
                .iter()
                .any(|(f, rule, _)| f == file && *rule == d.finding.rule);
            if d.finding.severity == Severity::Error && !known {
                unexpected.push(format!(
                    "{file}:{}:{}: {} [{}] {}",
                    d.start.line, d.start.column, d.finding.rule, d.finding.code, d.finding.message
                ));
            }
        }
    }
    assert!(trusted >= 30, "only {trusted} trusted files found");
    assert!(
        unexpected.is_empty(),
        "errors on Meta's own examples:\n{}",
        unexpected.join("\n")
    );
}

#[test]
fn the_invalid_json_file_of_the_corpus_is_reported_where_the_comma_is_missing() {
    let Some(dir) = corpus_dir() else { return };
    let file = "arshad0812__WA_FLow_Endpoint_Server_Basics/BackendDataChecker__src__flow.json";
    let bytes = std::fs::read(dir.join(file)).expect("corpus file");
    let report = check(file, &bytes, &CheckOptions::default());
    let d = &report.diagnostics[0];
    assert_eq!(d.finding.rule, "json/syntax");
    // The manifest: missing comma after line 89, detected at line 90 column 9.
    assert_eq!((d.start.line, d.start.column), (90, 9));
}
