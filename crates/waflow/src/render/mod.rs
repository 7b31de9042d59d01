//! Renderers: one model of a finding, written in every output format.

pub(crate) mod concise;
mod github;
pub(crate) mod human;
pub(crate) mod json;
mod junit;
mod meta;
mod sarif;
pub(crate) mod stats;

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
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

/// How a report is written, besides its format (the output flags of `check`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Findings only: no summary line, and nothing at all for a clean run (text formats).
    pub quiet: bool,
    /// The number of findings per rule instead of the findings.
    pub statistics: bool,
    /// When the human format uses colour.
    pub color: ColorChoice,
}

/// When to use colour (`--color`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set; `CLICOLOR_FORCE` or `FORCE_COLOR` force it.
    #[default]
    Auto,
    /// Always, even into a file or a pipe.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to use colour when the output `is_terminal`.
    pub fn enabled(self, is_terminal: bool) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let forced = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if set("NO_COLOR") => false,
            ColorChoice::Auto => forced("CLICOLOR_FORCE") || set("FORCE_COLOR") || is_terminal,
        }
    }
}

/// Writes `reports` in `format`; `is_terminal` says whether `out` is one (colour and width of
/// the human format).
pub fn render(
    format: Format,
    reports: &[FileReport],
    out: &mut dyn Write,
    options: &Options,
    is_terminal: bool,
) -> io::Result<()> {
    if options.statistics {
        return stats::render(format, reports, out, options.quiet);
    }
    match format {
        Format::Human => human::render(
            reports,
            out,
            human::Style::new(options.color, is_terminal),
            options.quiet,
        ),
        Format::Concise => concise::render(reports, out),
        Format::Json => json::render(reports, out),
        Format::Meta => meta::render(reports, out),
        Format::Sarif => sarif::render(reports, out),
        Format::Github => github::render(reports, out, options.quiet),
        Format::Junit => junit::render(reports, out),
    }
}

/// [`render_with`] with the default options.
pub fn render_to(format: Format, reports: &[FileReport], output: Option<&Path>) -> io::Result<()> {
    render_with(format, reports, output, &Options::default())
}

/// The colour choice for a report file: plain unless colour is asked for explicitly (not
/// through the environment, which is meant for the terminal).
pub fn file_color(color: ColorChoice) -> ColorChoice {
    match color {
        ColorChoice::Always => ColorChoice::Always,
        _ => ColorChoice::Never,
    }
}

/// Writes `reports` in `format` to `output` (atomically, see [`crate::report_file::write`]), or
/// to standard output (a closed pipe is not an error).
pub fn render_with(
    format: Format,
    reports: &[FileReport],
    output: Option<&Path>,
    options: &Options,
) -> io::Result<()> {
    let result = match output {
        Some(path) => {
            let options = Options {
                color: file_color(options.color),
                ..*options
            };
            crate::report_file::write(path, |file| render(format, reports, file, &options, false))
        }
        None => {
            let stdout = io::stdout();
            let tty = stdout.is_terminal();
            let mut out = stdout.lock();
            render(format, reports, &mut out, options, tty).and_then(|()| out.flush())
        }
    };
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// `text` safe to show on one line of a terminal (a message, a name, a path, text a server
/// sent): every control character, line breaks and tabs included, becomes a visible character
/// of the same UTF-8 length, `?` for C0 and DEL, `¿` for C1. An escape sequence could clear the
/// screen or retitle the window, and a CR or LF could forge a line of output.
pub fn printable(text: &str) -> Cow<'_, str> {
    visible(text, |_, _| false)
}

/// Text whose line breaks waflow wrote itself (a table, pretty JSON): as [`printable`], but
/// line feeds are kept. Anything a server or a file put in a line must go through
/// [`printable`] first.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    visible(text, |c, _| c == '\n')
}

/// A file's text for a source snippet: as [`printable`], but tabs, line feeds and the CR of a
/// CRLF are kept. A lone CR (valid JSON whitespace, but not a line end for waflow's line
/// numbers) is replaced too, so that it cannot move the cursor back over the line. Every
/// replacement has the same UTF-8 length, so byte offsets and columns stay those of the file.
pub fn printable_source(text: &str) -> Cow<'_, str> {
    visible(text, |c, next| {
        c == '\t' || c == '\n' || (c == '\r' && next == Some('\n'))
    })
}

/// `text` with the control characters that `keep` (given the character and the next one) does
/// not keep replaced by `?` (one byte) or `¿` (two bytes, C1).
fn visible(text: &str, keep: impl Fn(char, Option<char>) -> bool) -> Cow<'_, str> {
    // Every control character is a byte below a space, DEL, or (C1) a pair led by 0xC2.
    if !text.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) {
        return Cow::Borrowed(text);
    }
    let replaced =
        |(i, c): (usize, char)| c.is_control() && !keep(c, text[i + c.len_utf8()..].chars().next());
    if !text.char_indices().any(replaced) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.char_indices()
            .map(|(i, c)| match c {
                c if !replaced((i, c)) => c,
                c if c.len_utf8() == 1 => '?',
                _ => '¿',
            })
            .collect(),
    )
}

/// Writes `value` as pretty JSON and a line break. serde_json leaves DEL and the C1 controls
/// raw; they are written as `\u` escapes here (the same JSON value), so that a report shown on
/// a terminal cannot drive it either.
pub fn write_json(value: &impl serde::Serialize, out: &mut dyn Write) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    let is_raw = |c: char| c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c);
    if !text.contains(is_raw) {
        out.write_all(text.as_bytes())?;
    } else {
        let mut escaped = String::with_capacity(text.len() + 16);
        for c in text.chars() {
            if is_raw(c) {
                escaped.push_str(&format!("\\u{:04x}", u32::from(c)));
            } else {
                escaped.push(c);
            }
        }
        out.write_all(escaped.as_bytes())?;
    }
    writeln!(out)
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
    /// Error findings, those past the cap on findings per file included.
    pub errors: usize,
    /// Warning findings, those past the cap included.
    pub warnings: usize,
    /// Informational findings, those past the cap included.
    pub infos: usize,
    /// Findings counted but not kept (past the cap on findings per file).
    pub omitted: usize,
    /// Whether a check stopped at the cap, so that the counts are a minimum.
    pub lower_bound: bool,
}

impl Summary {
    /// Counts the findings of `reports`.
    pub fn of<'a>(reports: impl IntoIterator<Item = &'a FileReport>) -> Summary {
        reports.into_iter().fold(Summary::default(), Summary::add)
    }

    /// These totals and the findings of one more report.
    pub fn add(self, r: &FileReport) -> Summary {
        Summary {
            files: self.files + 1,
            errors: self.errors + r.count(Severity::Error) + r.omitted.errors,
            warnings: self.warnings + r.count(Severity::Warning) + r.omitted.warnings,
            infos: self.infos + r.count(Severity::Info) + r.omitted.infos,
            omitted: self.omitted + r.omitted.total(),
            lower_bound: self.lower_bound || r.omitted.lower_bound,
        }
    }

    /// "3 files checked: 1 error, 2 warnings", with the infos when there are any and the
    /// number of findings not shown when some were past the cap.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} checked: {}{}, {}",
            plural(self.files, "file"),
            if self.lower_bound { "at least " } else { "" },
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        );
        if self.infos > 0 {
            line.push_str(&format!(", {}", plural(self.infos, "info")));
        }
        if self.omitted > 0 {
            line.push_str(&format!(" ({} not shown)", self.omitted));
        }
        line
    }
}

/// For a report with findings past the cap: "flows/a.json: 4000 more findings not shown (3990
/// errors, 10 warnings); …", else `None`.
pub fn omitted_line(report: &FileReport) -> Option<String> {
    let omitted = &report.omitted;
    if omitted.total() == 0 && !omitted.lower_bound {
        return None;
    }
    let mut details: Vec<String> = [
        (omitted.errors, "error"),
        (omitted.warnings, "warning"),
        (omitted.infos, "info"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| plural(n, word))
    .collect();
    if omitted.lower_bound {
        details.push("and the check stopped looking".to_owned());
    }
    Some(format!(
        "{}: {}{} not shown ({}); max_findings (check --max-findings) sets the cap",
        printable(&report.path),
        if omitted.lower_bound { "at least " } else { "" },
        plural(omitted.total(), "more finding"),
        details.join(", ")
    ))
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn one_line_text_loses_every_control_character() {
        // A server message forging a line of output, and an escape sequence.
        assert_eq!(
            printable("denied\r\nwaflow: published flow 1\n\x1b[2J\u{9b}2J\tx"),
            "denied??waflow: published flow 1??[2J¿2J?x"
        );
        assert!(matches!(printable("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_keep_their_line_feeds_only() {
        assert_eq!(printable_lines("a\nb\r\nc\rd\x1b"), "a\nb?\nc?d?");
    }

    #[test]
    fn source_keeps_tabs_and_line_ends_but_not_a_lone_cr() {
        assert_eq!(
            printable_source("{\r\n\t\"a\": 1,\r  \"fake\": 2\n}\r"),
            "{\r\n\t\"a\": 1,?  \"fake\": 2\n}?"
        );
    }

    #[test]
    fn json_escapes_del_and_c1_and_stays_the_same_value() {
        let value = serde_json::json!({ "m": "a\u{7f}b\u{9b}2J\u{1b}c\u{a0}" });
        let mut out = Vec::new();
        write_json(&value, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        assert!(text.contains(r"a\u007fb\u009b2J\u001bc"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    proptest! {
        #[test]
        fn replacements_keep_the_utf8_length(s in "(?s).*") {
            for shown in [printable(&s), printable_lines(&s), printable_source(&s)] {
                prop_assert_eq!(shown.len(), s.len());
            }
            prop_assert!(!printable(&s).chars().any(char::is_control));
        }
    }
}
