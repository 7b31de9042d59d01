//! The rule fixtures, run through the whole check. `fixtures/rules/GROUP/NAME/` holds the flows
//! of rule `GROUP/NAME`, hand-edited: `fail.json` and `pass.json` are its documented examples
//! (the rule includes them), more cases are `fail-*.json` / `pass-*.json`.
//!
//! Every `fail*.json` triggers its rule (or the rule that reports it, for a check another layer
//! makes) and no other error; its findings, with their underlined text and help, are the rule's
//! snapshot, `tests/snapshots/rules/GROUP__NAME.snap`. Every `pass*.json` has no finding at all
//! (but the warning that its Flow JSON version can no longer be published, for the rules of old
//! versions). Every directory names a rule, and every rule with example flows has one. (The
//! prose examples of a few size limits are generated in `rules_generated.rs`.)

#![allow(clippy::expect_used)]

mod support {
    pub mod examples;
    pub mod findings;
}

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use support::examples::{example_rules, fixtures_root};
use waflow_core::rules::{RuleInfo, lookup};
use waflow_core::{CheckOptions, FileReport, Severity, check};

/// Underlined text longer than this is clipped in the snapshot.
const CLIP: usize = 80;

/// Errors of other rules that a failing example cannot avoid: (example's rule, other rule).
const UNAVOIDABLE: &[(&str, &str)] = &[
    // A screen with a NavigationList holds nothing else, so as a terminal screen it has no Footer.
    (
        "navigation-list/terminal-screen",
        "screens/terminal-without-footer",
    ),
];

/// One rule's fixture directory.
struct Fixtures {
    rule: &'static RuleInfo,
    dir: PathBuf,
}

impl Fixtures {
    /// The fixture files whose name starts with `prefix` (`fail` or `pass`), in name order.
    fn files(&self, prefix: &str) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .expect("fixture directory readable")
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let name = file_name(p);
                name.ends_with(".json")
                    && (name == format!("{prefix}.json") || name.starts_with(&format!("{prefix}-")))
            })
            .collect();
        files.sort();
        files
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every fixture directory, `GROUP/NAME`, in id order; panics on a directory that names no rule.
fn all_fixtures() -> Vec<Fixtures> {
    let root = fixtures_root();
    let mut ids = BTreeSet::new();
    for group in std::fs::read_dir(&root)
        .expect("fixtures/rules exists")
        .flatten()
    {
        for name in std::fs::read_dir(group.path())
            .expect("group directory readable")
            .flatten()
        {
            ids.insert(format!(
                "{}/{}",
                file_name(&group.path()),
                file_name(&name.path())
            ));
        }
    }
    ids.into_iter()
        .map(|id| {
            let rule = lookup(&id)
                .into_iter()
                .find(|r| r.id == id)
                .unwrap_or_else(|| panic!("fixtures/rules/{id} names no rule"));
            Fixtures {
                rule,
                dir: root.join(&id),
            }
        })
        .collect()
}

/// Checks one fixture file; the report is labelled with its path under `fixtures/rules`.
fn run(path: &Path) -> FileReport {
    let bytes = std::fs::read(path).expect("rule fixture readable");
    let label = path
        .strip_prefix(fixtures_root())
        .unwrap_or(path)
        .display()
        .to_string();
    check(&label, &bytes, &CheckOptions::default())
}

/// Every finding of `report`, a block each.
fn render(report: &FileReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&support::findings::block(report, d, CLIP));
        for r in &d.related {
            let text: String = report.text[r.span.start..r.span.end]
                .chars()
                .take(CLIP)
                .collect();
            let _ = writeln!(
                out,
                "    related: {}:{} {} «{text}»",
                r.start.line, r.start.column, r.message
            );
        }
    }
    out
}

#[test]
fn every_fixture_directory_is_a_rule_with_examples_and_back() {
    let dirs: BTreeSet<&str> = all_fixtures()
        .iter()
        .map(|f| f.rule.id)
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let rules: BTreeSet<&str> = example_rules().iter().map(|r| r.id).collect();
    assert!(rules.len() >= 100, "only {} rules found", rules.len());
    assert_eq!(
        dirs, rules,
        "fixture directories and rules with example flows differ"
    );
    for fixtures in all_fixtures() {
        let id = fixtures.rule.id;
        assert!(!fixtures.files("fail").is_empty(), "{id} has no fail.json");
        assert!(!fixtures.files("pass").is_empty(), "{id} has no pass.json");
        // The documented examples are the fixtures themselves.
        for (which, example) in [
            ("fail", fixtures.rule.fail_example),
            ("pass", fixtures.rule.pass_example),
        ] {
            let text = std::fs::read_to_string(fixtures.dir.join(format!("{which}.json")))
                .expect("fixture readable");
            assert_eq!(
                example, text,
                "{id}: the documented {which} example is not {which}.json"
            );
        }
    }
}

#[test]
fn failing_fixtures_trigger_their_rule_and_no_other_error() {
    let mut wrong = Vec::new();
    for fixtures in all_fixtures() {
        let rule = fixtures.rule;
        let by = rule.reported_by.unwrap_or(rule.id);
        let files = fixtures.files("fail");
        let mut snapshot = String::new();
        for path in &files {
            let report = run(path);
            if !report.diagnostics.iter().any(|d| d.finding.rule == by) {
                wrong.push(format!(
                    "{} does not fail:\n{}",
                    report.path,
                    render(&report)
                ));
            }
            for d in &report.diagnostics {
                let f = &d.finding;
                if f.severity == Severity::Error
                    && f.rule != rule.id
                    && f.rule != by
                    && !UNAVOIDABLE.contains(&(rule.id, f.rule.as_ref()))
                {
                    wrong.push(format!(
                        "{} also fails {}: {} at {}",
                        report.path, f.rule, f.message, f.pointer
                    ));
                }
            }
            if files.len() > 1 {
                let _ = writeln!(snapshot, "## {}", file_name(path));
            }
            snapshot.push_str(&render(&report));
        }
        insta::with_settings!({
            snapshot_path => "snapshots/rules",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(rule.id.replace('/', "__"), snapshot);
        });
    }
    assert!(wrong.is_empty(), "failing fixtures:\n{}", wrong.join("\n"));
}

#[test]
fn passing_fixtures_have_no_finding() {
    let mut noisy = Vec::new();
    for fixtures in all_fixtures() {
        for path in fixtures.files("pass") {
            let report = run(&path);
            if report
                .diagnostics
                .iter()
                .any(|d| d.finding.rule != "version/not-publishable")
            {
                noisy.push(format!("{}:\n{}", report.path, render(&report)));
            }
        }
    }
    assert!(
        noisy.is_empty(),
        "passing fixtures with findings:\n{}",
        noisy.join("\n")
    );
}
