//! The schema layer over the real-world corpus: reference flows (Meta's own tools and pywa's
//! examples) must pass, and no file may make the validator panic.

#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};

use waflow_core::{CheckOptions, check};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real");

/// Repositories whose flows are reference material and must have no schema finding.
const REFERENCE_REPOS: &[&str] = &["WhatsApp/WhatsApp-Flows-Tools", "david-lev/pywa"];

/// Reference files that are really wrong: (file, rule, reason).
const ALLOWED: &[(&str, &str, &str)] = &[];

struct Entry {
    file: String,
    repo: String,
}

fn manifest() -> Option<Vec<Entry>> {
    let text = std::fs::read_to_string(Path::new(CORPUS).join("MANIFEST.tsv")).ok()?;
    Some(
        text.lines()
            .skip(1)
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let file = cols.next()?.to_owned();
                let repo = cols.next()?.to_owned();
                Some(Entry { file, repo })
            })
            .collect(),
    )
}

fn schema_findings(path: &PathBuf) -> Vec<String> {
    let bytes = std::fs::read(path).expect("corpus file is readable");
    let report = check(
        &path.display().to_string(),
        &bytes,
        &CheckOptions::default(),
    );
    report
        .diagnostics
        .iter()
        .filter(|d| d.finding.rule.starts_with("schema/"))
        .map(|d| {
            format!(
                "{}:{}:{} {} {} {}",
                d.path,
                d.start.line,
                d.start.column,
                d.finding.rule,
                d.finding.code,
                d.finding.message
            )
        })
        .collect()
}

#[test]
fn reference_flows_have_no_schema_findings() {
    let Some(entries) = manifest() else {
        println!("corpus not found at {CORPUS}; skipping");
        return;
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in entries
        .iter()
        .filter(|e| REFERENCE_REPOS.contains(&e.repo.as_str()))
    {
        checked += 1;
        for line in schema_findings(&Path::new(CORPUS).join(&entry.file)) {
            let allowed = ALLOWED
                .iter()
                .any(|(file, rule, _)| *file == entry.file && line.contains(rule));
            if !allowed {
                failures.push(format!("{}: {line}", entry.file));
            }
        }
    }
    assert!(checked > 30, "only {checked} reference files found");
    assert!(
        failures.is_empty(),
        "schema findings on reference flows:\n{}",
        failures.join("\n")
    );
}

/// Every corpus file is checked without panicking, and the schema findings on the files that
/// are not reference material are snapshotted. Each was reviewed as a true positive: a
/// component newer than the declared version, inputs outside a Form before 4.0, `success` on
/// non-terminal screens, millisecond dates from 5.0, bindings with inline operators outside
/// backticks, made-up component types and properties, blank ids from 6.0, and so on.
#[test]
fn corpus_schema_findings_are_reviewed() {
    let Some(entries) = manifest() else {
        println!("corpus not found at {CORPUS}; skipping");
        return;
    };
    let mut out = String::new();
    for entry in &entries {
        let findings = schema_findings(&Path::new(CORPUS).join(&entry.file));
        if REFERENCE_REPOS.contains(&entry.repo.as_str()) || findings.is_empty() {
            continue;
        }
        out.push_str(&format!("== {}\n", entry.file));
        for f in findings {
            out.push_str(&format!("   {f}\n"));
        }
    }
    insta::assert_snapshot!("corpus_schema_findings", out);
}
