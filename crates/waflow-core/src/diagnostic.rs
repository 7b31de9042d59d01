//! Findings located in the file: byte span, line and column, and Meta's path.

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::document::Document;
use crate::finding::{Anchor, Finding, Related, Severity};
use crate::fix::{Resolver, TextEdit};
use crate::line_index::{LineIndex, Position, floor_char_boundary, position_in};
use crate::pointer;
use crate::span_index::{Span, SpanIndex};

/// A finding together with where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What was found.
    pub finding: Finding,
    /// Meta's path form of the pointer, e.g. `screens[0].layout.children[2].label`.
    pub path: String,
    /// The underlined bytes.
    pub span: Span,
    /// Position of the first underlined character.
    pub start: Position,
    /// Position just after the last underlined character.
    pub end: Position,
    /// The finding's related locations that are in the file, in the rule's order.
    pub related: Vec<RelatedLocation>,
    /// The byte edits of the finding's fix in this file; `None` when it has no fix or the fix
    /// does not apply to the text (a pointer that does not resolve, say).
    pub edits: Option<Vec<TextEdit>>,
}

/// A related location of a finding, placed in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedLocation {
    /// What that place is.
    pub message: String,
    /// Its JSON pointer.
    pub pointer: String,
    /// Meta's path form of its pointer.
    pub path: String,
    /// Its bytes.
    pub span: Span,
    /// Position of its first character.
    pub start: Position,
    /// Position just after its last character.
    pub end: Position,
}

/// Everything found in one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as given by the caller (used verbatim in every output).
    pub path: String,
    /// The declared `version`, when it is a string.
    pub flow_version: Option<String>,
    /// The file's text, for rendering snippets.
    pub text: Arc<str>,
    /// The findings, in file order (at most [`CheckOptions::max_findings`](crate::CheckOptions)).
    pub diagnostics: Vec<Diagnostic>,
    /// The findings past the cap on findings per file, counted but not kept.
    pub omitted: Omitted,
}

/// Findings past the cap on findings per file, which a report counts but does not keep.
///
/// The check keeps the first findings it makes (reading the file, then the schema, then the
/// semantic rules) and counts the rest by severity, after levels and filters. The schema layer
/// stops listing errors once the cap is reached, so its remaining errors are not counted: then
/// [`Omitted::lower_bound`] is set and the counts are a minimum ("at least").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Omitted {
    /// Errors not kept.
    pub errors: usize,
    /// Warnings not kept.
    pub warnings: usize,
    /// Infos not kept.
    pub infos: usize,
    /// Whether the check stopped looking before the end, so that there may be more findings
    /// than counted here.
    pub lower_bound: bool,
}

impl Omitted {
    /// Every finding not kept.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Number of findings of `severity` not kept.
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        }
    }

    /// Counts one more finding of `severity`.
    pub(crate) fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
}

impl FileReport {
    /// Adds `findings` about `doc` (the document this report was made from), located, keeping
    /// the diagnostics in file order.
    pub fn extend_located(&mut self, doc: &Document, findings: impl IntoIterator<Item = Finding>) {
        let mut locator = Locator::new(doc);
        self.diagnostics
            .extend(findings.into_iter().map(|f| locator.locate(f)));
        in_file_order(&mut self.diagnostics);
    }

    /// Number of findings of `severity` kept (those past the cap are in [`FileReport::omitted`]).
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.finding.severity == severity)
            .count()
    }
}

/// Sorts diagnostics in file order: by span, then by Meta code.
pub(crate) fn in_file_order(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.finding.code).cmp(&(
            b.span.start,
            b.span.end,
            &b.finding.code,
        ))
    });
}

/// Places findings in a document, with the spans its loading recorded. The line index is built
/// on the first lookup only (a clean document needs none).
pub struct Locator<'d> {
    doc: &'d Document,
    /// Built once counting would cost more (see [`Locator::positions`]).
    lines: Option<LineIndex>,
    /// The bytes read so far to count positions without `lines`.
    counted: usize,
    spans: SpanIndex<'d>,
}

/// How many times its text a [`Locator`] reads to count positions before it indexes the lines:
/// counting reads about a tenth of the instructions a byte that indexing does.
const COUNTING_BUDGET: usize = 8;

impl<'d> Locator<'d> {
    /// A locator over `doc`.
    pub fn new(doc: &'d Document) -> Locator<'d> {
        Locator {
            doc,
            lines: None,
            counted: 0,
            spans: doc.spans(),
        }
    }

    fn value(&self) -> Option<&Value> {
        self.doc.value.as_ref()
    }

    /// The span index of the document.
    pub fn spans(&self) -> &SpanIndex<'d> {
        &self.spans
    }

    /// Locates one finding (and those of its related locations that are in the document).
    pub fn locate(&mut self, mut finding: Finding) -> Diagnostic {
        let span = self
            .span_at(&finding.pointer, finding.anchor)
            .map_or_else(Span::default, |(span, _)| span);
        let related = std::mem::take(&mut finding.related)
            .into_iter()
            .filter_map(|r| self.locate_related(r))
            .collect();
        let (start, end) = self.positions(span);
        let edits = finding
            .fix
            .as_deref()
            .and_then(|fix| Resolver::new(&self.doc.text, &self.spans).resolve(fix));
        Diagnostic {
            start,
            end,
            path: self.path(&finding.pointer),
            span,
            related,
            edits,
            finding,
        }
    }

    fn locate_related(&mut self, related: Related) -> Option<RelatedLocation> {
        let (span, whole) = self.span_at(&related.pointer, related.anchor)?;
        if !whole {
            return None;
        }
        let (start, end) = self.positions(span);
        Some(RelatedLocation {
            path: self.path(&related.pointer),
            pointer: related.pointer,
            message: related.message,
            span,
            start,
            end,
        })
    }

    fn path(&self, pointer: &str) -> String {
        match self.value() {
            Some(v) => pointer::to_meta_path(pointer, v),
            None => String::new(),
        }
    }

    /// The positions of the ends of `span`: counted for the first few, then from an index of
    /// the lines (most files have few findings; indexing a 36 KB flow's lines costs as much as
    /// counting the positions of a dozen of them).
    fn positions(&mut self, span: Span) -> (Position, Position) {
        let text = &self.doc.text;
        if self.lines.is_none() {
            self.counted = self
                .counted
                .saturating_add(span.start.saturating_add(span.end));
            if self.counted <= text.len().saturating_mul(COUNTING_BUDGET) {
                return (position_in(text, span.start), position_in(text, span.end));
            }
        }
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(text));
        (
            lines.position(text, span.start),
            lines.position(text, span.end),
        )
    }

    /// The span of `anchor` of the node at `pointer`, with `false` when that is the span of its
    /// deepest existing ancestor; `None` when the document has no value.
    fn span_at(&mut self, pointer: &str, anchor: Anchor) -> Option<(Span, bool)> {
        let len = self.doc.text.len();
        if let Anchor::Bytes { start, end } = anchor {
            let text = &self.doc.text;
            let start = floor_char_boundary(text, start);
            let mut end = end.clamp(start, len);
            while !text.is_char_boundary(end) {
                end += 1;
            }
            return Some((Span::new(start, end), true));
        }
        self.value()?;
        let (node, whole) = self.spans().lookup(pointer)?;
        let span = match anchor {
            Anchor::Key => node
                .key
                .unwrap_or(Span::new(node.value.start, (node.value.start + 1).min(len))),
            Anchor::InString { start, end } => {
                let raw = &self.doc.text[node.value.start..node.value.end];
                let from = node.value.start + decoded_to_raw(raw, start);
                let to = node.value.start + decoded_to_raw(raw, end);
                Span::new(from, to.max(from))
            }
            Anchor::Value | Anchor::Bytes { .. } => node.value,
        };
        Some((span, whole))
    }
}

/// Maps a byte offset in the decoded contents of a JSON string onto its raw text (`raw` includes
/// the quotes). Offsets past the end map to just before the closing quote.
fn decoded_to_raw(raw: &str, decoded: usize) -> usize {
    let bytes = raw.as_bytes();
    if bytes.first() != Some(&b'"') {
        return 0;
    }
    let body_end = raw.len().saturating_sub(1).max(1);
    let mut i = 1;
    let mut seen = 0;
    while i < body_end && seen < decoded {
        if bytes[i] == b'\\' {
            let (raw_len, dec_len) = escape_lengths(&raw[i..]);
            i += raw_len;
            seen += dec_len;
        } else {
            let c_len = raw[i..].chars().next().map_or(1, char::len_utf8);
            i += c_len;
            seen += c_len;
        }
    }
    i.min(body_end)
}

/// Raw and decoded lengths of the escape sequence at the start of `s`.
fn escape_lengths(s: &str) -> (usize, usize) {
    let hex = |from: usize| {
        s.get(from..from + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match s.as_bytes().get(1) {
        Some(b'u') => match hex(2) {
            Some(hi @ 0xD800..=0xDBFF) if s.get(6..8) == Some("\\u") => match hex(8) {
                Some(0xDC00..=0xDFFF) => (12, 4),
                _ => (6, char::from_u32(hi).map_or(3, char::len_utf8)),
            },
            Some(cp) => (6, char::from_u32(cp).map_or(3, char::len_utf8)),
            None => (2, 1),
        },
        _ => (2, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_offsets_follow_escapes() {
        // decoded: a\u{e9}"${x}  -> the `$` is at decoded byte 4 (a=1, é=2, "=1)
        let raw = r#""a\u00e9\"${x}""#;
        let at = decoded_to_raw(raw, 4);
        assert_eq!(&raw[at..at + 4], "${x}");
        assert_eq!(decoded_to_raw(raw, 1000), raw.len() - 1);
        let pair = r#""\ud83d\ude00x""#;
        assert_eq!(&pair[decoded_to_raw(pair, 4)..], "x\"");
    }
}
