//! Renders findings for snapshot tests as a block each ([`block`]), with the underlined raw
//! text.

use std::fmt::Write as _;

use waflow_core::{Diagnostic, FileReport};

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

/// One finding of `report` as a block: position, severity, rule, code and message; the pointer
/// and the underlined text (clipped to `clip` characters); the help, if any.
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
