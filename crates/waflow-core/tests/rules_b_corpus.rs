//! The real corpus through the whole check: no panic anywhere, and no error from this part's rules
//! on the flows published by Meta (WhatsApp/WhatsApp-Flows-Tools) and pywa, except the ones named
//! below with the reason. Findings on the other files are snapshotted for review.

use std::fmt::Write as _;
use std::path::Path;

use waflow_core::{CheckOptions, Severity, check};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real");

/// The rule groups of this part.
const GROUPS: &[&str] = &[
    "bindings/",
    "expressions/",
    "if/",
    "switch/",
    "text/",
    "forms/",
    "counts/",
    "placement/",
    "components/",
    "dates/",
    "calendar/",
    "media/",
    "navigation-list/",
    "inputs/",
];

/// Errors expected on trusted files: (file, rule, reason).
const EXPECTED: &[(&str, &str, &str)] = &[];

fn ours(id: &str) -> bool {
    GROUPS.iter().any(|g| id.starts_with(g))
}

#[test]
fn corpus_has_no_unexpected_errors() {
    let root = Path::new(CORPUS);
    let Ok(manifest) = std::fs::read_to_string(root.join("MANIFEST.tsv")) else {
        eprintln!("skipping: the real corpus is not at {CORPUS}");
        return;
    };
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
        for d in report.diagnostics.iter().filter(|d| ours(&d.finding.rule)) {
            let f = &d.finding;
            let _ = writeln!(
                summary,
                "{file}:{}:{} {} {} {}\n    underlined: {}",
                d.start.line,
                d.start.column,
                f.severity.as_str(),
                f.rule,
                f.message,
                &report.text[d.span.start..d.span.end],
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
    assert!(
        unexpected.is_empty(),
        "errors on trusted corpus files:\n{}",
        unexpected.join("\n")
    );
    insta::assert_snapshot!("corpus_findings", summary);
}
