//! Every semantic rule's documented examples (as the files of `fixtures/rules/`), run through the
//! whole check: the failing example
//! triggers the rule (or the rule that reports it, for a check another layer makes) and no
//! other error, the passing example has no finding at all (but the warning that its Flow JSON
//! version can no longer be published, for the rules of old versions). Every finding of the failing examples
//! is snapshotted with its underlined text and help. (The prose examples of a few size limits are
//! generated in `rules_generated.rs`.)

mod support {
    pub mod examples;
    pub mod findings;
}

use std::fmt::Write as _;

use support::examples::{example_rules, fixture_dir, fixtures_root};
use waflow_core::rules::RuleInfo;
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

/// Checks `rule`'s fixture `which` (`"fail"` or `"pass"`): its documented example,
/// pretty-printed (`rules_fixtures.rs` keeps the files equal to the examples).
#[allow(clippy::expect_used)]
pub fn run(rule: &RuleInfo, which: &str) -> FileReport {
    let name = format!("{}/{which}.json", fixture_dir(rule));
    let bytes = std::fs::read(fixtures_root().join(&name)).expect("rule fixture readable");
    check(&name, &bytes, &CheckOptions::default())
}

/// Every finding of `report`, a block each.
fn render(report: &FileReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| support::findings::block(report, d, CLIP))
        .collect()
}

#[test]
fn every_rule_has_example_flows() {
    let rules = example_rules();
    assert!(rules.len() >= 100, "only {} rules found", rules.len());
    for rule in rules {
        assert!(rule.fail_example.starts_with('{'), "{}", rule.id);
        assert!(rule.pass_example.starts_with('{'), "{}", rule.id);
    }
}

#[test]
fn failing_examples_trigger_their_rule_and_no_other_error() {
    let mut wrong = Vec::new();
    let mut all = String::new();
    for rule in example_rules() {
        let report = run(rule, "fail");
        let by = rule.reported_by.unwrap_or(rule.id);
        if !report.diagnostics.iter().any(|d| d.finding.rule == by) {
            wrong.push(format!("{} does not fail:\n{}", rule.id, render(&report)));
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
                    rule.id, f.rule, f.message, f.pointer
                ));
            }
        }
        let _ = writeln!(all, "## {}\n{}", rule.id, render(&report));
    }
    assert!(wrong.is_empty(), "failing examples:\n{}", wrong.join("\n"));
    insta::assert_snapshot!("failing_examples", all);
}

#[test]
fn passing_examples_have_no_finding() {
    let mut noisy = Vec::new();
    for rule in example_rules() {
        let report = run(rule, "pass");
        if report
            .diagnostics
            .iter()
            .any(|d| d.finding.rule != "version/not-publishable")
        {
            noisy.push(format!("{}:\n{}", rule.id, render(&report)));
        }
    }
    assert!(
        noisy.is_empty(),
        "passing examples with findings:\n{}",
        noisy.join("\n")
    );
}
