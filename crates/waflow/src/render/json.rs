//! `--format json`: the stable machine-readable report.

use std::io::{self, Write};

use serde::Serialize;
use waflow_core::{Diagnostic, FileReport};

use super::Summary;

#[derive(Serialize)]
struct Report<'a> {
    files: Vec<FileOut<'a>>,
    summary: SummaryOut,
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    flow_version: Option<&'a str>,
    diagnostics: Vec<DiagnosticOut<'a>>,
}

/// One finding in the JSON report (also used by `waflow watch --format json`).
#[derive(Serialize)]
pub(crate) struct DiagnosticOut<'a> {
    rule: &'a str,
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    pointer: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct SummaryOut {
    files: usize,
    errors: usize,
    warnings: usize,
}

/// Writes the JSON report.
pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let summary = Summary::of(reports);
    let report = Report {
        files: reports
            .iter()
            .map(|r| FileOut {
                path: &r.path,
                flow_version: r.flow_version.as_deref(),
                diagnostics: r.diagnostics.iter().map(diagnostic_out).collect(),
            })
            .collect(),
        summary: SummaryOut {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
        },
    };
    super::write_json(&report, out)
}

/// The JSON form of one finding.
pub(crate) fn diagnostic_out(d: &Diagnostic) -> DiagnosticOut<'_> {
    DiagnosticOut {
        rule: &d.finding.rule,
        code: &d.finding.code,
        severity: d.finding.severity.as_str(),
        message: &d.finding.message,
        help: d.finding.help.as_deref(),
        pointer: &d.finding.pointer,
        path: &d.path,
        line: d.start.line,
        column: d.start.column,
        end_line: d.end.line,
        end_column: d.end.column,
    }
}
