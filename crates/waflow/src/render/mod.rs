//! Renderers: one model of a finding, written in every output format.

pub(crate) mod concise;
mod github;
pub(crate) mod human;
pub(crate) mod json;
mod junit;
mod meta;
mod sarif;

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

use waflow_core::{FileReport, Severity};

/// An output format of `check` (and of the commands that report findings).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Graphical report with source snippets (honours NO_COLOR).
    Human,
    /// One line per finding: `path:line:col: severity[CODE] message`.
    Concise,
    /// waflow's JSON report (stable contract, see docs/output.md).
    Json,
    /// Meta's own `validation_errors` objects, per file.
    Meta,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// GitHub Actions annotations, after the findings printed plainly.
    Github,
    /// JUnit XML: a test suite per file, a test case per finding.
    Junit,
}

/// Writes `reports` in `format`.
pub fn render(format: Format, reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::render(reports, out),
        Format::Concise => concise::render(reports, out),
        Format::Json => json::render(reports, out),
        Format::Meta => meta::render(reports, out),
        Format::Sarif => sarif::render(reports, out),
        Format::Github => github::render(reports, out),
        Format::Junit => junit::render(reports, out),
    }
}

/// Writes `reports` in `format` to `output`, or to standard output (a closed pipe is not an
/// error).
pub fn render_to(format: Format, reports: &[FileReport], output: Option<&Path>) -> io::Result<()> {
    let result = match output {
        Some(path) => {
            let mut file = io::BufWriter::new(std::fs::File::create(path)?);
            match format {
                Format::Human => human::render_plain(reports, &mut file),
                _ => render(format, reports, &mut file),
            }
            .and_then(|()| file.flush())
        }
        None => {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            render(format, reports, &mut out).and_then(|()| out.flush())
        }
    };
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// `text` safe to show on a terminal: control characters other than tab and line breaks (an
/// escape sequence in a flow file or quoted in a message could clear the screen or retitle the
/// window) become a visible character of the same UTF-8 length, `?` for C0 and DEL, `¿` for C1,
/// so byte offsets and column numbers stay those of the file.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if !unsafe_char(c) => c,
                c if c.len_utf8() == 1 => '?',
                _ => '¿',
            })
            .collect(),
    )
}

/// `n word`, with an `s` unless `n` is 1: "1 file", "2 errors".
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Totals over a set of reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Informational findings.
    pub infos: usize,
}

impl Summary {
    /// Counts the findings of `reports`.
    pub fn of<'a>(reports: impl IntoIterator<Item = &'a FileReport>) -> Summary {
        reports
            .into_iter()
            .fold(Summary::default(), |sum, r| Summary {
                files: sum.files + 1,
                errors: sum.errors + r.count(Severity::Error),
                warnings: sum.warnings + r.count(Severity::Warning),
                infos: sum.infos + r.count(Severity::Info),
            })
    }

    /// "3 files checked: 1 error, 2 warnings".
    pub fn line(&self) -> String {
        format!(
            "{} checked: {}, {}",
            plural(self.files, "file"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        )
    }
}
