//! `--statistics`: the number of findings per rule instead of the findings, as a table or, with
//! `--format json`, as JSON.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use waflow_core::FileReport;

use super::{Format, Summary, json, write_json};

/// Why `--statistics` is refused with another format.
pub const UNSUPPORTED: &str = "--statistics works with --format human, concise, github or json";

/// Whether `--statistics` can be written in `format`.
pub fn supports(format: Format) -> bool {
    matches!(
        format,
        Format::Human | Format::Concise | Format::Github | Format::Json
    )
}

/// Findings of one rule, at one severity.
#[derive(Serialize)]
struct Row<'a> {
    rule: &'a str,
    code: &'a str,
    severity: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    statistics: Vec<Row<'a>>,
    summary: json::SummaryOut,
}

/// The rows of `reports`, most frequent first (then by rule id).
fn rows(reports: &[FileReport]) -> Vec<Row<'_>> {
    let mut counts: BTreeMap<(&str, &str, &'static str), usize> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let f = &d.finding;
        *counts
            .entry((&f.rule, &f.code, f.severity.as_str()))
            .or_default() += 1;
    }
    let mut rows: Vec<Row<'_>> = counts
        .into_iter()
        .map(|((rule, code, severity), count)| Row {
            rule,
            code,
            severity,
            count,
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    rows
}

/// Writes the statistics of `reports` in `format` (see [`supports`]), and the summary line
/// unless `quiet` (text formats).
pub fn render(
    format: Format,
    reports: &[FileReport],
    out: &mut dyn Write,
    quiet: bool,
) -> io::Result<()> {
    if !supports(format) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, UNSUPPORTED));
    }
    let rows = rows(reports);
    let summary = Summary::of(reports);
    if format == Format::Json {
        return write_json(
            &Report {
                statistics: rows,
                summary: json::summary_out(&summary),
            },
            out,
        );
    }
    let width = |cell: fn(&Row<'_>) -> usize| rows.iter().map(cell).max().unwrap_or(0);
    let count_width = width(|r| r.count.to_string().len());
    let rule_width = width(|r| r.rule.chars().count());
    let code_width = width(|r| r.code.chars().count());
    for r in &rows {
        let line = format!(
            "{:>count_width$}  {:<rule_width$}  {:<code_width$}  {}",
            r.count,
            r.rule,
            super::printable(r.code),
            r.severity
        );
        writeln!(out, "{line}")?;
    }
    if summary.omitted > 0 {
        writeln!(
            out,
            "{} past the cap on findings per file are not counted per rule",
            super::plural(summary.omitted, "more finding")
        )?;
    }
    if !quiet {
        writeln!(out, "{}", summary.line())?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn report(text: &str) -> FileReport {
        waflow_core::check::check(
            "t.json",
            text.as_bytes(),
            &waflow_core::CheckOptions::default(),
        )
    }

    #[test]
    fn counts_per_rule_most_frequent_first() {
        let a = report(r#"{"version": "7.3", "screens": [], "a": 1, "b": 2, "c": 3}"#);
        let b = report(r#"{"version": 7.3, "screens": []}"#);
        let mut out = Vec::new();
        render(Format::Concise, &[a, b], &mut out, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("3  schema/unknown-property  INVALID_PROPERTY_KEY"),
            "{text}"
        );
        assert!(lines[0].ends_with("  error"), "{text}");
        assert!(
            lines.iter().any(|l| l.starts_with("1  version/invalid")),
            "{text}"
        );
        assert_eq!(
            lines.last().unwrap(),
            &"2 files checked: 5 errors, 0 warnings"
        );
        let mut out = Vec::new();
        render(Format::Sarif, &[], &mut out, false).unwrap_err();
    }
}
