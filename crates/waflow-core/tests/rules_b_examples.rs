//! The documented examples of the binding, expression, form, count, conditional and component
//! rules, run through the whole check: each failing example triggers its rule (snapshot of every
//! finding, with the underlined text), each passing example triggers none of these rules and no
//! error of any layer.

use std::fmt::Write as _;

use waflow_core::rules::{Layer, RuleInfo, docs::pretty_example, registry};
use waflow_core::{CheckOptions, FileReport, Severity, check};

/// Rules whose failing example is prose (too large to write out); other tests generate one.
const PROSE_EXAMPLES: &[&str] = &["components/image-size"];

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

fn ours(id: &str) -> bool {
    GROUPS.iter().any(|g| id.starts_with(g))
}

fn rules() -> Vec<&'static RuleInfo> {
    registry()
        .into_iter()
        .filter(|r| r.layer == Layer::Semantic && ours(r.id) && !PROSE_EXAMPLES.contains(&r.id))
        .collect()
}

fn run(rule: &RuleInfo, example: &str, which: &str) -> FileReport {
    let text = pretty_example(example);
    check(
        &format!("{}/{which}.json", rule.id),
        text.as_bytes(),
        &CheckOptions::default(),
    )
}

/// Findings of this part's rules and of the schema layer: position, severity, rule, code,
/// message, pointer and the underlined text.
fn render(report: &FileReport) -> String {
    let mut out = String::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| ours(&d.finding.rule) || d.finding.rule.starts_with("schema/"))
    {
        let f = &d.finding;
        let _ = writeln!(
            out,
            "{}:{} {} {} [{}] {}\n    at {}\n    underlined: {}",
            d.start.line,
            d.start.column,
            f.severity.as_str(),
            f.rule,
            f.code,
            f.message,
            f.pointer,
            &report.text[d.span.start..d.span.end],
        );
    }
    out
}

#[test]
fn every_rule_has_examples() {
    let all = rules();
    assert!(all.len() >= 10, "only {} rules found", all.len());
    for rule in all {
        assert!(rule.fail_example.starts_with('{'), "{}", rule.id);
        assert!(rule.pass_example.starts_with('{'), "{}", rule.id);
    }
}

#[test]
fn failing_examples_trigger_their_rule() {
    let mut missing = Vec::new();
    let mut all = String::new();
    for rule in rules() {
        let report = run(rule, rule.fail_example, "fail");
        // A check another layer reports must be reported by that rule.
        let by = rule.reported_by.unwrap_or(rule.id);
        if !report.diagnostics.iter().any(|d| d.finding.rule == by) {
            missing.push(format!("{}:\n{}", rule.id, render(&report)));
        }
        let _ = writeln!(all, "## {}\n{}", rule.id, render(&report));
    }
    assert!(
        missing.is_empty(),
        "failing examples that do not fail:\n{}",
        missing.join("\n")
    );
    insta::assert_snapshot!("failing_examples", all);
}

#[test]
fn passing_examples_are_clean() {
    let mut noisy = Vec::new();
    for rule in rules() {
        let report = run(rule, rule.pass_example, "pass");
        let found = render(&report);
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.finding.severity == Severity::Error)
            .map(|d| {
                format!(
                    "{} {} at {}",
                    d.finding.rule, d.finding.message, d.finding.pointer
                )
            })
            .collect();
        if !found.is_empty() || !errors.is_empty() {
            noisy.push(format!("{}:\n{found}{}", rule.id, errors.join("\n")));
        }
    }
    assert!(
        noisy.is_empty(),
        "passing examples with findings:\n{}",
        noisy.join("\n")
    );
}

/// Errors of other rules that a failing example cannot avoid: (example's rule, other rule).
const UNAVOIDABLE: &[(&str, &str)] = &[
    // A screen with a NavigationList holds nothing else, so as a terminal screen it has no Footer.
    (
        "navigation-list/terminal-screen",
        "screens/terminal-without-footer",
    ),
];

#[test]
fn failing_examples_fail_only_their_rule() {
    let mut other = Vec::new();
    for rule in rules() {
        let report = run(rule, rule.fail_example, "fail");
        let by = rule.reported_by.unwrap_or(rule.id);
        for d in &report.diagnostics {
            let f = &d.finding;
            if f.severity == Severity::Error
                && f.rule != rule.id
                && f.rule != by
                && !UNAVOIDABLE.contains(&(rule.id, f.rule.as_ref()))
            {
                other.push(format!(
                    "{}: {} {} at {}",
                    rule.id, f.rule, f.message, f.pointer
                ));
            }
        }
    }
    assert!(
        other.is_empty(),
        "failing examples with other errors:\n{}",
        other.join("\n")
    );
}
