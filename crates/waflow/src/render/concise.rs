//! `--format concise`: one line per finding, in the `path:line:col:` form editors understand.

use std::io::{self, Write};

use waflow_core::{FileReport, Origin};

use super::{omitted_line, printable};

/// Writes one line per finding, and a line counting a file's findings past the cap.
pub fn render<'a>(
    reports: impl IntoIterator<Item = &'a FileReport>,
    out: &mut dyn Write,
) -> io::Result<()> {
    for report in reports {
        for d in &report.diagnostics {
            let f = &d.finding;
            let by = if f.origin == Origin::Meta {
                " (reported by Meta)"
            } else {
                ""
            };
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}{by}",
                printable(&report.path),
                d.start.line,
                d.start.column,
                f.severity.as_str(),
                printable(&f.code),
                printable(&f.message)
            )?;
        }
        if let Some(line) = omitted_line(report) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
