//! Renders findings for snapshot tests, with the underlined raw text: one line each for inline
//! snapshots ([`findings`]), or a block each for snapshot files ([`block`]).

use std::fmt::Write as _;

use waflow_core::{CheckOptions, Diagnostic, FileReport, check};

/// `line:column severity rule [code] message` of `d`.
fn head(d: &Diagnostic) -> String {
    let f = &d.finding;
    format!(
        "{}:{} {} {} [{}] {}",
        d.start.line,
        d.start.column,
        f.severity.as_str(),
        f.rule,
        f.code,
        f.message
    )
}

/// Checks `json` and renders the findings whose rule id starts with one of `groups`.
#[allow(dead_code)] // See `block`.
pub fn findings(json: &str, groups: &[&str]) -> String {
    let report = check("case.json", json.as_bytes(), &CheckOptions::default());
    let mut out = String::new();
    for d in &report.diagnostics {
        if groups.iter().any(|g| d.finding.rule.starts_with(g)) {
            let underlined = &report.text[d.span.start..d.span.end];
            let _ = writeln!(out, "{} @ {} «{underlined}»", head(d), d.finding.pointer);
        }
    }
    out
}

/// One finding of `report` as a block: position, severity, rule, code and message; the pointer
/// and the underlined text (clipped to `clip` characters); the help, if any.
#[allow(dead_code)] // Each test binary compiles this module; not all of them use both renderers.
pub fn block(report: &FileReport, d: &Diagnostic, clip: usize) -> String {
    let f = &d.finding;
    let underlined = &report.text[d.span.start..d.span.end];
    let clipped: String = underlined.chars().take(clip).collect();
    let more = if clipped.len() < underlined.len() {
        "…"
    } else {
        ""
    };
    let at = if f.pointer.is_empty() {
        "(root)"
    } else {
        &f.pointer
    };
    let mut out = format!("{}\n    at {at} «{clipped}{more}»\n", head(d));
    if let Some(help) = &f.help {
        let _ = writeln!(out, "    help: {help}");
    }
    out
}
