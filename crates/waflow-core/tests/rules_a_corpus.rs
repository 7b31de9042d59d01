//! The real corpus through the whole check: no panic, and no error from the top-level, screen,
//! data-model, routing and action rules on the flows published by Meta
//! (WhatsApp/WhatsApp-Flows-Tools) and pywa, except those named below with the reason. Findings
//! on every corpus file are snapshotted for review. Every finding id, of any layer, must be in the
//! rule registry.

use std::fmt::Write as _;
use std::path::Path;

use std::collections::BTreeSet;

use waflow_core::rules::registry;
use waflow_core::{CheckOptions, Severity, check};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real");

/// The rule groups of this part.
const GROUPS: &[&str] = &[
    "toplevel/",
    "endpoint/",
    "screens/",
    "data/",
    "routing/",
    "navigation/",
    "actions/",
    "flow/",
];

/// Errors expected on trusted files: (file, rule, reason).
const EXPECTED: &[(&str, &str, &str)] = &[
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

fn ours(id: &str) -> bool {
    GROUPS.iter().any(|g| id.starts_with(g))
}

#[test]
fn corpus_has_no_unexpected_errors() {
    let root = Path::new(CORPUS);
    let Ok(manifest) = std::fs::read_to_string(root.join("MANIFEST.tsv")) else {
        println!("skipping: the real corpus is not at {CORPUS}");
        return;
    };
    let known: BTreeSet<&str> = registry().iter().map(|r| r.id).collect();
    let mut unlisted = BTreeSet::new();
    let mut unexpected = Vec::new();
    let mut summary = String::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(repo)) = (cols.first(), cols.get(1)) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(root.join(file)) else {
            continue;
        };
        let report = check(file, &bytes, &CheckOptions::default());
        let trusted = *repo == "WhatsApp/WhatsApp-Flows-Tools" || *repo == "david-lev/pywa";
        for d in &report.diagnostics {
            if !known.contains(d.finding.rule.as_ref()) {
                unlisted.insert(d.finding.rule.to_string());
            }
        }
        for d in report.diagnostics.iter().filter(|d| ours(&d.finding.rule)) {
            let f = &d.finding;
            let _ = writeln!(
                summary,
                "{file}:{}:{} {} {} [{}] {}\n    at {}",
                d.start.line,
                d.start.column,
                f.severity.as_str(),
                f.rule,
                f.code,
                f.message,
                f.pointer,
            );
            if trusted
                && f.severity == Severity::Error
                && !EXPECTED
                    .iter()
                    .any(|(ef, er, _)| ef == file && *er == f.rule)
            {
                unexpected.push(format!("{file}: {} {}", f.rule, f.message));
            }
        }
    }
    insta::assert_snapshot!("corpus_findings", summary);
    assert!(
        unlisted.is_empty(),
        "finding ids missing from the rule registry (waflow rules): {unlisted:?}"
    );
    assert!(
        unexpected.is_empty(),
        "errors on trusted corpus files:\n{}",
        unexpected.join("\n")
    );
}
