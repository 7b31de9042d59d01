//! Renders a flow's findings for snapshot tests: one line each, with the underlined raw text.

use std::fmt::Write as _;

use waflow_core::{CheckOptions, check};

/// Checks `json` and renders the findings whose rule id starts with one of `groups`.
pub fn findings(json: &str, groups: &[&str]) -> String {
    let report = check("case.json", json.as_bytes(), &CheckOptions::default());
    let mut out = String::new();
    for d in &report.diagnostics {
        let f = &d.finding;
        if !groups.iter().any(|g| f.rule.starts_with(g)) {
            continue;
        }
        let _ = writeln!(
            out,
            "{}:{} {} {} [{}] {} @ {} «{}»",
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
