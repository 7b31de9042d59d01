//! The whole check over the real-world corpus, `../shared/corpus/real` next to the repository
//! (CI has it there and these tests fail without it; elsewhere they say so and skip): every file gets a result without
//! panicking, every span lies inside its file, every finding id is in the rule registry, the
//! flows of Meta's own tools and of pywa get no schema finding at all and no other error except
//! the ones named below with the reason, and the findings on every file are snapshotted for
//! review.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support {
    pub mod findings;
    pub mod shared;
}

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use waflow_core::rules::registry;
use waflow_core::{CheckOptions, FileReport, Severity, check};

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

/// Underlined text longer than this is clipped in the snapshot (images run to megabytes).
const CLIP: usize = 100;

/// One corpus file, checked.
struct Checked {
    file: String,
    trusted: bool,
    report: FileReport,
}

fn corpus_dir() -> Option<PathBuf> {
    support::shared::shared("corpus/real")
}

#[test]
#[should_panic(expected = "the shared material is missing")]
fn a_missing_corpus_fails_under_ci() {
    let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("no-such-corpus");
    support::shared::present_or_skip(missing, true);
}

#[test]
fn a_missing_corpus_is_skipped_elsewhere() {
    let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("no-such-corpus");
    assert_eq!(support::shared::present_or_skip(missing, false), None);
}

/// Every file of the manifest (file, then source repository), checked, in manifest order.
fn check_corpus(dir: &Path) -> Vec<Checked> {
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("read manifest");
    let options = CheckOptions::default();
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            Some((cols.next()?.to_owned(), cols.next()?.to_owned()))
        })
        .map(|(file, repo)| {
            let bytes = std::fs::read(dir.join(&file)).expect("corpus file readable");
            let report = check(&file, &bytes, &options);
            let trusted = TRUSTED_SOURCES.contains(&repo.as_str());
            Checked {
                file,
                trusted,
                report,
            }
        })
        .collect()
}

#[test]
fn every_corpus_file_is_checked_and_trusted_flows_have_no_unexpected_error() {
    let Some(dir) = corpus_dir() else { return };
    let checked = check_corpus(&dir);
    assert!(
        checked.len() >= 100,
        "manifest lists {} files",
        checked.len()
    );
    let registered: BTreeSet<&str> = registry().iter().map(|r| r.id).collect();
    let mut unregistered = BTreeSet::new();
    let mut unexpected = Vec::new();
    let mut known_seen = BTreeSet::new();
    for c in &checked {
        assert_eq!(c.report.path, c.file);
        for d in &c.report.diagnostics {
            let f = &d.finding;
            assert!(
                d.span.end <= c.report.text.len(),
                "{}: span past the end",
                c.file
            );
            if !registered.contains(f.rule.as_ref()) {
                unregistered.insert(f.rule.to_string());
            }
            if !c.trusted {
                continue;
            }
            // Meta's own examples fit the schema of their version exactly, warnings included.
            if f.rule.starts_with("schema/") {
                unexpected.push(format!(
                    "{}:{}:{}: {} [{}] {}",
                    c.file, d.start.line, d.start.column, f.rule, f.code, f.message
                ));
                continue;
            }
            if f.severity != Severity::Error {
                continue;
            }
            match KNOWN_ERRORS
                .iter()
                .position(|(file, rule, _)| *file == c.file && *rule == f.rule)
            {
                Some(i) => {
                    known_seen.insert(i);
                }
                None => unexpected.push(format!(
                    "{}:{}:{}: {} [{}] {}",
                    c.file, d.start.line, d.start.column, f.rule, f.code, f.message
                )),
            }
        }
    }
    let trusted = checked.iter().filter(|c| c.trusted).count();
    assert!(trusted >= 30, "only {trusted} trusted files found");
    assert!(
        unregistered.is_empty(),
        "finding ids missing from the rule registry (waflow rules): {unregistered:?}"
    );
    assert!(
        unexpected.is_empty(),
        "errors on Meta's own examples:\n{}",
        unexpected.join("\n")
    );
    assert_eq!(
        known_seen.len(),
        KNOWN_ERRORS.len(),
        "a known error no longer occurs: update KNOWN_ERRORS"
    );
}

/// The findings on every file, each reviewed when the snapshot changes. On the non-reference
/// files they are true positives: components newer than the declared version, inputs outside a
/// Form before 4.0, `success` on non-terminal screens, millisecond dates from 5.0, inline
/// operators outside backticks, made-up component types and properties, URLs as images,
/// unused data fields, terminal screens without a Footer, and so on.
#[test]
fn corpus_findings_are_reviewed() {
    let Some(dir) = corpus_dir() else { return };
    let mut out = String::new();
    for c in check_corpus(&dir) {
        if c.report.diagnostics.is_empty() {
            continue;
        }
        let _ = writeln!(out, "== {}", c.file);
        for d in &c.report.diagnostics {
            out.push_str(&support::findings::block(&c.report, d, CLIP));
        }
    }
    insta::assert_snapshot!("corpus_findings", out);
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
