//! `--format human`: miette's graphical report, one block per finding, then a summary line.
//!
//! The source is served by [`ClippedSource`], which looks lines up in an index (instead of
//! scanning the file per finding) and cuts very long lines (minified JSON) down to a window
//! around the finding, keeping real line and column numbers. Long lines next to the finding
//! end its context instead of being printed, and a span over many lines is underlined on its
//! first line, so the output per finding stays a few lines whatever the file holds.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, IsTerminal, Write};

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use waflow_core::line_index::LineIndex;
use waflow_core::span_index::Span;
use waflow_core::{Diagnostic, FileReport, Origin, Severity};

use super::{ColorChoice, Summary, omitted_line, printable, printable_source};

/// Lines longer than this (in bytes) are shown as a window around the finding.
const LONG_LINE: usize = 160;
/// Bytes of context kept on each side of a finding on a long line.
const WINDOW: usize = 60;
/// A span over more lines than this (or over a long line) is underlined on its first line only.
const MAX_SPAN_LINES: usize = 6;

/// How the report looks: colour and width.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
    width: usize,
}

impl Style {
    /// The style for output that `is_terminal` (or not) under the colour choice `color`: the
    /// terminal's width on a terminal, else 100 columns.
    pub fn new(color: ColorChoice, is_terminal: bool) -> Style {
        let width = if is_terminal {
            terminal_size::terminal_size().map_or(100, |(w, _)| usize::from(w.0))
        } else {
            100
        };
        Style {
            colour: color.enabled(is_terminal),
            width,
        }
    }
}

/// Writes each finding as a graphical report, then the summary (unless `quiet`).
pub fn render(
    reports: &[FileReport],
    out: &mut dyn Write,
    style: Style,
    quiet: bool,
) -> io::Result<()> {
    render_findings_styled(reports, out, style)?;
    render_summary(Summary::of(reports), out, quiet)
}

/// Writes the findings of one file (what [`render`] writes for it before the summary).
pub fn render_file(report: &FileReport, out: &mut dyn Write, style: Style) -> io::Result<()> {
    render_findings_styled([report], out, style)
}

/// Writes the summary line of the reports `summary` counts (nothing when `quiet`), which ends
/// [`render`].
pub fn render_summary(summary: Summary, out: &mut dyn Write, quiet: bool) -> io::Result<()> {
    if quiet {
        return Ok(());
    }
    writeln!(out, "{}", summary.line())
}

/// Writes each finding as a graphical report, without the summary (`waflow watch` writes its
/// own status line), styled for standard output.
pub fn render_findings<'a>(
    reports: impl IntoIterator<Item = &'a FileReport>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = Style::new(ColorChoice::Auto, io::stdout().is_terminal());
    render_findings_styled(reports, out, style)
}

/// [`render_findings`] in `style`; a file with findings past the cap ends with a line that
/// counts them.
fn render_findings_styled<'a>(
    reports: impl IntoIterator<Item = &'a FileReport>,
    out: &mut dyn Write,
    style: Style,
) -> io::Result<()> {
    let handler = handler(style);
    for report in reports {
        if !report.diagnostics.is_empty() {
            let source = ClippedSource::new(report);
            for d in &report.diagnostics {
                let view = View { d, source: &source };
                let mut text = String::new();
                handler
                    .render_report(&mut text, &view)
                    .map_err(|_| io::Error::other("cannot render a finding"))?;
                writeln!(out, "{text}")?;
            }
        }
        if let Some(line) = omitted_line(report) {
            writeln!(out, "{line}\n")?;
        }
    }
    Ok(())
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
}

/// The file text, served to miette line by line with long lines clipped, and without terminal
/// control characters (replaced byte for byte, so offsets are unchanged).
struct ClippedSource<'r> {
    name: Cow<'r, str>,
    text: Cow<'r, str>,
    lines: LineIndex,
}

impl<'r> ClippedSource<'r> {
    fn new(report: &'r FileReport) -> Self {
        ClippedSource {
            name: printable(&report.path),
            text: printable_source(&report.text),
            lines: LineIndex::new(&report.text),
        }
    }

    /// Byte range of 0-based `line` without its line break.
    fn line_range(&self, line: usize) -> (usize, usize) {
        let start = self.lines.line_start(line).unwrap_or(self.text.len());
        let end = self.lines.line_start(line + 1).unwrap_or(self.text.len());
        let body = self.text[start..end].trim_end_matches(['\n', '\r']);
        (start, start + body.len())
    }

    fn floor(&self, mut at: usize) -> usize {
        at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    fn ceil(&self, mut at: usize) -> usize {
        at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at += 1;
        }
        at
    }

    /// Whether 0-based `line` is too long to be shown whole.
    fn is_long(&self, line: usize) -> bool {
        let (start, end) = self.line_range(line);
        end - start > LONG_LINE
    }

    /// For a span starting on a long line: the window of that line to show, else `None`.
    fn window(&self, offset: usize) -> Option<(usize, usize)> {
        let (start, end) = self.line_range(self.lines.line_of(offset));
        (end - start > LONG_LINE).then(|| {
            let from = self.floor(offset.saturating_sub(WINDOW).max(start));
            let to = self.ceil((offset + WINDOW).min(end)).max(from);
            (from, to)
        })
    }

    /// The part of the span `start..end` that is underlined: all of it, unless it starts on a
    /// long line (then up to the end of the window) or covers many lines or a long one (then
    /// up to the end of its first line). Every snippet line then stays short.
    fn shown(&self, start: usize, end: usize) -> (usize, usize) {
        if let Some((_, window_end)) = self.window(start) {
            return (start, end.min(window_end).max(start));
        }
        let first = self.lines.line_of(start);
        let last = self.lines.line_of(end.saturating_sub(1).max(start));
        if last > first
            && (last - first >= MAX_SPAN_LINES || (first + 1..=last).any(|l| self.is_long(l)))
        {
            let (_, first_end) = self.line_range(first);
            return (start, end.min(first_end).max(start));
        }
        (start, end)
    }

    fn contents(&self, from: usize, to: usize, line_count: usize) -> MietteSpanContents<'_> {
        let pos = self.lines.position(&self.text, from);
        MietteSpanContents::new_named(
            self.name.to_string(),
            &self.text.as_bytes()[from..to],
            SourceSpan::from((from, to - from)),
            pos.line - 1,
            pos.column - 1,
            line_count,
        )
    }
}

impl SourceCode for ClippedSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = self.floor(span.offset());
        let end = self.ceil(span.offset() + span.len()).max(start);
        let (start, end) = self.shown(start, end);
        if before == 0 && after == 0 {
            return Ok(Box::new(self.contents(start, end, 1)));
        }
        if let Some((from, to)) = self.window(start) {
            return Ok(Box::new(self.contents(from, to, 1)));
        }
        // Context lines around the span, as far as they are short: a long line (a base64
        // image next to the finding) ends the context instead of being printed whole.
        let first_of_span = self.lines.line_of(start);
        let last_of_span = self.lines.line_of(end.saturating_sub(1).max(start));
        let last_line = self.lines.line_of(self.text.len());
        let mut first = first_of_span;
        while first > 0 && first_of_span - first < before && !self.is_long(first - 1) {
            first -= 1;
        }
        let mut last = last_of_span;
        while last < last_line && last - last_of_span < after && !self.is_long(last + 1) {
            last += 1;
        }
        let from = self.lines.line_start(first).unwrap_or(0);
        let (_, to) = self.line_range(last);
        Ok(Box::new(self.contents(
            from,
            to.max(from),
            last - first + 1,
        )))
    }
}

/// One finding seen through miette's `Diagnostic` trait.
struct View<'a> {
    d: &'a Diagnostic,
    source: &'a ClippedSource<'a>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.d.finding.origin == Origin::Meta {
            write!(f, "reported by Meta: ")?;
        }
        f.write_str(&printable(&self.d.finding.message))
    }
}

impl std::error::Error for View<'_> {}

impl MietteDiagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(
            printable(&format!(
                "{} ({})",
                self.d.finding.code, self.d.finding.rule
            ))
            .into_owned(),
        ))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .finding
            .help
            .as_deref()
            .map(|h| Box::new(printable(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    /// The finding's span, labelled with its path, then each related location, labelled with
    /// what it is.
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let shown = |span: Span| {
            let (start, end) = self
                .source
                .shown(self.source.floor(span.start), self.source.ceil(span.end));
            (start, end.saturating_sub(start))
        };
        let label = if self.d.path.is_empty() {
            None
        } else {
            Some(printable(&self.d.path).into_owned())
        };
        let primary = LabeledSpan::new_primary_with_span(label, shown(self.d.span));
        let related = self.d.related.iter().map(move |r| {
            LabeledSpan::new_with_span(Some(printable(&r.message).into_owned()), shown(r.span))
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
