//! The documented examples of the top-level, screen, data-model, routing, action and flow rules,
//! run through the whole check pipeline: the failing example must trigger the rule, the passing
//! one must not (nor any other error, from any layer). The component and expression rules have
//! their own example test (`rules_b_examples.rs`).

use std::fmt::Write as _;

use waflow_core::rules::{Layer, RuleInfo, docs::pretty_example, registry};
use waflow_core::{CheckOptions, FileReport, Severity, check};

/// The rule groups covered here.
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

/// Rules whose examples are prose (too large to write out); `rules_generated.rs` covers them.
const PROSE_EXAMPLES: &[&str] = &["toplevel/too-many-screens", "navigation/too-many-branches"];

fn checked_rules() -> Vec<&'static RuleInfo> {
    registry()
        .into_iter()
        .filter(|r| r.layer == Layer::Semantic && r.not_checked_reason.is_none())
        .filter(|r| GROUPS.iter().any(|g| r.id.starts_with(g)))
        .filter(|r| r.reported_by.is_none() && !PROSE_EXAMPLES.contains(&r.id))
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

/// Whether the schema layer is active (it was a stub while it was being written).
fn schema_layer_active() -> bool {
    let doc = serde_json::json!({"version": "7.3", "screens": 5});
    !waflow_core::schema::validate(waflow_core::FlowVersion::V7_3, &doc).is_empty()
}

#[test]
fn rules_reported_by_another_rule_are_reported_there() {
    if !schema_layer_active() {
        println!("schema layer inactive: skipping the reported_by checks");
        return;
    }
    let mut wrong = Vec::new();
    for rule in registry()
        .into_iter()
        .filter(|r| r.layer == Layer::Semantic)
    {
        let Some(other) = rule.reported_by else {
            continue;
        };
        let fail = run(rule, rule.fail_example, "fail");
        let pass = run(rule, rule.pass_example, "pass");
        if !fail.diagnostics.iter().any(|d| d.finding.rule == other) {
            wrong.push(format!(
                "{} (fail example, expected {other}):\n{}",
                rule.id,
                render(&fail)
            ));
        }
        if pass
            .diagnostics
            .iter()
            .any(|d| d.finding.severity == Severity::Error)
        {
            wrong.push(format!("{} (pass example):\n{}", rule.id, render(&pass)));
        }
    }
    assert!(
        wrong.is_empty(),
        "reported_by mismatches:\n{}",
        wrong.join("\n")
    );
}
