//! Every semantic rule's documented examples, run through the whole check pipeline: the failing
//! example must trigger the rule, the passing one must not (nor any other error).

use std::fmt::Write as _;

use waflow_core::rules::{Layer, RuleInfo, docs::pretty_example, registry};
use waflow_core::{CheckOptions, FileReport, Severity, check};

fn checked_rules() -> Vec<&'static RuleInfo> {
    registry()
        .into_iter()
        .filter(|r| r.layer == Layer::Semantic && r.not_checked_reason.is_none())
        .collect()
}

fn run(rule: &RuleInfo, example: &str, which: &str) -> FileReport {
    let text = pretty_example(example);
    let path = format!("{}/{which}.json", rule.id);
    check(&path, text.as_bytes(), &CheckOptions::default())
}

fn render(report: &FileReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let f = &d.finding;
        let _ = writeln!(
            out,
            "{}:{} {} {} [{}] {}\n    at {}",
            d.start.line,
            d.start.column,
            f.severity.as_str(),
            f.rule,
            f.code,
            f.message,
            if f.pointer.is_empty() {
                "(root)"
            } else {
                &f.pointer
            },
        );
        if let Some(help) = &f.help {
            let _ = writeln!(out, "    help: {help}");
        }
    }
    out
}

#[test]
fn failing_examples_trigger_their_rule() {
    let mut missing = Vec::new();
    for rule in checked_rules() {
        let report = run(rule, rule.fail_example, "fail");
        if !report.diagnostics.iter().any(|d| d.finding.rule == rule.id) {
            missing.push(format!("{}:\n{}", rule.id, render(&report)));
        }
        insta::assert_snapshot!(rule.id.replace('/', "__"), render(&report));
    }
    assert!(
        missing.is_empty(),
        "failing examples that do not fail:\n{}",
        missing.join("\n")
    );
}

#[test]
fn passing_examples_are_clean() {
    let mut noisy = Vec::new();
    for rule in checked_rules() {
        let report = run(rule, rule.pass_example, "pass");
        let bad: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.finding.rule == rule.id || d.finding.severity == Severity::Error)
            .collect();
        if !bad.is_empty() {
            noisy.push(format!("{}:\n{}", rule.id, render(&report)));
        }
    }
    assert!(
        noisy.is_empty(),
        "passing examples with findings:\n{}",
        noisy.join("\n")
    );
}
