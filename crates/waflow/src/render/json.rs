//! `--format json`: the stable machine-readable report.

use std::io::{self, Write};

use serde::Serialize;
use waflow_core::{Diagnostic, FileReport, Omitted, Position, RelatedLocation};

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
    omitted: &'a Omitted,
}

/// One finding in the JSON report (also used by `waflow watch --format json`).
#[derive(Serialize)]
pub(crate) struct DiagnosticOut<'a> {
    rule: &'a str,
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    #[serde(flatten)]
    place: PlaceOut<'a>,
    /// The other places the finding is about, only when it has some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
    /// The automatic fix, only when the finding has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
}

/// A related location of a finding: what is there, and where.
#[derive(Serialize)]
pub(crate) struct RelatedOut<'a> {
    message: &'a str,
    #[serde(flatten)]
    place: PlaceOut<'a>,
}

/// Where a finding or a related location is: its pointer, file and span (1-based).
#[derive(Serialize)]
pub(crate) struct PlaceOut<'a> {
    pointer: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl<'a> PlaceOut<'a> {
    fn new(pointer: &'a str, path: &'a str, start: Position, end: Position) -> PlaceOut<'a> {
        PlaceOut {
            pointer,
            path,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

/// The automatic fix of a finding: what it does and whether `--fix` applies it.
#[derive(Serialize)]
pub(crate) struct FixOut<'a> {
    title: &'a str,
    applicability: &'static str,
}

/// The `summary` object of the JSON report (also used by `--statistics --format json`).
#[derive(Serialize)]
pub(crate) struct SummaryOut {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    omitted: usize,
    lower_bound: bool,
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
                omitted: &r.omitted,
            })
            .collect(),
        summary: summary_out(&summary),
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
        place: PlaceOut::new(&d.finding.pointer, &d.path, d.start, d.end),
        related: d.related.iter().map(related_out).collect(),
        fix: d.finding.fix.as_deref().map(|f| FixOut {
            title: &f.title,
            applicability: f.applicability.as_str(),
        }),
    }
}

fn related_out(r: &RelatedLocation) -> RelatedOut<'_> {
    RelatedOut {
        message: &r.message,
        place: PlaceOut::new(&r.pointer, &r.path, r.start, r.end),
    }
}

/// The JSON form of the totals.
pub(crate) fn summary_out(summary: &Summary) -> SummaryOut {
    SummaryOut {
        files: summary.files,
        errors: summary.errors,
        warnings: summary.warnings,
        infos: summary.infos,
        omitted: summary.omitted,
        lower_bound: summary.lower_bound,
    }
}
