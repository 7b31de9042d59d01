//! Meta's documented behaviour, sample by sample: every sample and message of Meta's Flow JSON
//! error-codes page is a flow under `fixtures/conformance/` (see docs/conformance.md), and waflow
//! must report Meta's code for it at the documented place.
//!
//! Each `NAME.json` has a sidecar `NAME.expect.json`:
//! - `sample`: which row of Meta's page the flow comes from;
//! - `expect`: the errors Meta documents, each `code`, `pointer` (JSON pointer of the place) and
//!   Meta's `message` (its template, for reference: waflow words its messages itself);
//! - `also` (optional): codes of further errors the completed flow has, each explained in
//!   `decision`;
//! - `decision` (optional): how an ambiguous or self-contradictory sample was read, and why;
//! - `pending` (optional): the rule that will report it has not landed yet. A pending fixture
//!   that fails is listed on the terminal at every run; one that passes fails the test, so the
//!   mark is removed as soon as it is no longer true.
//!
//! For every expected error the test also checks Meta's shape (`--format meta`, the sandbox and
//! the push/publish comparison all render through `meta_errors::from_report`): the same code at
//! the same path.

#![allow(clippy::expect_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use waflow_core::meta_errors;
use waflow_core::{CheckOptions, FileReport, Severity, check};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/conformance");

/// The sidecar of one fixture.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectation {
    sample: String,
    expect: Vec<Expected>,
    #[serde(default)]
    also: Vec<String>,
    #[serde(default)]
    decision: Option<String>,
    #[serde(default)]
    pending: Option<String>,
}

/// One error Meta documents for the sample.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    code: String,
    pointer: String,
    message: String,
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .expect("fixtures/conformance exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.to_string_lossy().ends_with(".expect.json")
        })
        .collect();
    files.sort();
    files
}

fn expectation(flow: &Path) -> Expectation {
    let sidecar = flow.with_extension("expect.json");
    let text = std::fs::read_to_string(&sidecar)
        .unwrap_or_else(|e| panic!("{}: {e} (every fixture needs one)", sidecar.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", sidecar.display()))
}

/// What is wrong with the report of one fixture (empty: it conforms).
fn problems(report: &FileReport, exp: &Expectation) -> Vec<String> {
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.finding.severity == Severity::Error)
        .collect();
    let meta = meta_errors::from_report(report);
    let mut out = Vec::new();
    for e in &exp.expect {
        let Some(d) = errors
            .iter()
            .find(|d| d.finding.code == e.code.as_str() && d.finding.pointer == e.pointer)
        else {
            out.push(format!("no {} at \"{}\"", e.code, e.pointer));
            continue;
        };
        let in_meta_shape = meta
            .iter()
            .any(|m| m.error == e.code && m.pointers.iter().any(|p| p.path == d.path));
        if !in_meta_shape {
            out.push(format!(
                "{} at \"{}\" is missing from Meta's shape (meta_errors::from_report)",
                e.code, e.pointer
            ));
        }
    }
    for d in &errors {
        let code = d.finding.code.as_ref();
        if !exp.expect.iter().any(|e| e.code == code) && !exp.also.iter().any(|a| a == code) {
            out.push(format!(
                "unexpected {code} ({}) at \"{}\": {}",
                d.finding.rule, d.finding.pointer, d.finding.message
            ));
        }
    }
    out
}

#[test]
fn waflow_reports_metas_code_for_every_documented_sample() {
    let files = fixtures();
    assert!(files.len() >= 100, "only {} fixtures", files.len());
    let mut failures = Vec::new();
    let mut pending = Vec::new();
    for flow in &files {
        let name = flow
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name");
        let exp = expectation(flow);
        assert!(!exp.sample.is_empty(), "{name}: say which sample it is");
        assert!(!exp.expect.is_empty(), "{name}: nothing expected");
        assert!(
            exp.expect.iter().all(|e| !e.message.is_empty()),
            "{name}: give Meta's documented message"
        );
        assert!(
            exp.also.is_empty() || exp.decision.is_some(),
            "{name}: `also` needs a `decision` that explains it"
        );
        let bytes = std::fs::read(flow).expect("fixture readable");
        let report = check(name, &bytes, &CheckOptions::default());
        let found = problems(&report, &exp);
        match (&exp.pending, found.is_empty()) {
            (Some(why), false) => pending.push(format!("{name}: {why}: {}", found.join("; "))),
            (Some(why), true) => failures.push(format!(
                "{name}: conforms now, remove its `pending` mark ({why})"
            )),
            (None, false) => failures.push(format!("{name}: {}", found.join("; "))),
            (None, true) => {}
        }
    }
    if !pending.is_empty() {
        // Straight to standard error: the harness captures `eprintln!` of passing tests.
        let _ = writeln!(
            std::io::stderr(),
            "PENDING: {} conformance fixtures wait for a change that has not landed:\n  {}",
            pending.len(),
            pending.join("\n  ")
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} conformance fixtures do not conform:\n  {}",
        failures.len(),
        files.len(),
        failures.join("\n  ")
    );
}

#[test]
fn every_sidecar_has_its_flow() {
    for entry in std::fs::read_dir(FIXTURES).expect("fixtures/conformance exists") {
        let path = entry.expect("directory entry").path();
        let name = path.to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".expect.json") {
            assert!(
                Path::new(&format!("{stem}.json")).is_file(),
                "{name} has no flow"
            );
        } else {
            assert!(name.ends_with(".json"), "{name}: not a fixture");
        }
    }
}
