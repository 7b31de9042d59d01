//! `--format github`: GitHub Actions workflow commands (`::error file=…::…`), one per finding,
//! after the same findings printed plainly (GitHub keeps only the first annotations of a step
//! and job, so the log must hold all of them), then the summary line.

use std::io::{self, Write};

use waflow_core::{Diagnostic, FileReport, Severity};

use super::{Summary, concise, omitted_line, printable};

/// Writes the plain lines, one annotation per finding (and one per file with findings past the
/// cap), and the summary unless `quiet`.
pub fn render(reports: &[FileReport], out: &mut dyn Write, quiet: bool) -> io::Result<()> {
    concise::render(reports, out)?;
    for report in reports {
        for d in &report.diagnostics {
            writeln!(out, "{}", annotation(&report.path, d))?;
        }
        if let Some(line) = omitted_line(report) {
            writeln!(
                out,
                "::warning file={},title=more findings not shown::{}",
                escape_property(&printable(&report.path)),
                escape_data(&line)
            )?;
        }
    }
    if quiet {
        return Ok(());
    }
    writeln!(out, "{}", Summary::of(reports).line())
}

/// One workflow command for a finding.
pub fn annotation(path: &str, d: &Diagnostic) -> String {
    let f = &d.finding;
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    // GitHub's endColumn is inclusive; ours is one past the last character.
    let (end_line, end_column) = if d.end.line > d.start.line && d.end.column == 1 {
        (d.end.line - 1, None)
    } else {
        (
            d.end.line,
            Some(d.end.column.saturating_sub(1).max(d.start.column)),
        )
    };
    let mut props = format!(
        "file={},line={},endLine={end_line},col={}",
        escape_property(&printable(path)),
        d.start.line,
        d.start.column
    );
    if let Some(end_column) = end_column {
        props.push_str(&format!(",endColumn={end_column}"));
    }
    let title = printable(&format!("{} ({})", f.code, f.rule)).into_owned();
    // The log shows ANSI sequences: control characters from the flow are made visible.
    let mut message = printable(&f.message).into_owned();
    for r in &d.related {
        message.push_str(&format!(
            "\nsee line {}, column {}: {}",
            r.start.line,
            r.start.column,
            printable(&r.message)
        ));
    }
    if let Some(help) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(&printable(help));
    }
    format!(
        "::{command} {props},title={}::{}",
        escape_property(&title),
        escape_data(&message)
    )
}

/// Escapes a command's message, as `@actions/core` does: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    escape(s, false)
}

/// Escapes a command property value: as [`escape_data`], plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The runner's decoding (`@actions/core` reversed).
    fn unescape(s: &str) -> String {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    }

    #[test]
    fn escapes_known_cases() {
        assert_eq!(escape_data("50% done\r\nok"), "50%25 done%0D%0Aok");
        assert_eq!(
            escape_property("flows/a,b: c%.json"),
            "flows/a%2Cb%3A c%25.json"
        );
        // An already-escaped sequence is escaped again, not passed through.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    proptest! {
        #[test]
        fn property_values_round_trip_and_never_break_the_command(s in ".*") {
            let escaped = escape_property(&s);
            prop_assert!(!escaped.contains([',', ':', '\r', '\n']));
            prop_assert_eq!(unescape(&escaped), s);
        }

        #[test]
        fn messages_round_trip_on_one_line(s in "(?s).*") {
            let escaped = escape_data(&s);
            prop_assert!(!escaped.contains(['\r', '\n']));
            prop_assert_eq!(unescape(&escaped), s);
        }
    }
}
