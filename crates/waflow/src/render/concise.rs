//! `--format concise`: one line per finding, in the `path:line:col:` form editors understand.

use std::io::{self, Write};

use waflow_core::{FileReport, Origin};

/// Writes one line per finding.
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
                report.path,
                d.start.line,
                d.start.column,
                f.severity.as_str(),
                f.code,
                one_line(&f.message)
            )?;
        }
    }
    Ok(())
}

/// A message on one line (line breaks become spaces), without terminal control characters.
fn one_line(s: &str) -> String {
    super::printable(s).replace(['\r', '\n'], " ")
}
