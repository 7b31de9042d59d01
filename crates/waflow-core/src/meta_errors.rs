//! Meta's `validation_errors` objects: rendering local findings in Meta's shape, and reading
//! Meta's errors back onto a local file.

use serde::{Deserialize, Serialize};

use crate::diagnostic::FileReport;
use crate::document::Document;
use crate::finding::{Anchor, Finding, Origin, Severity};
use crate::line_index::{LineIndex, Position};
use crate::pointer;

/// The `error_type` Meta uses for Flow JSON validation errors.
pub const FLOW_JSON_ERROR: &str = "FLOW_JSON_ERROR";

/// One location of a Meta validation error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaPointer {
    /// First line (1-based).
    #[serde(default)]
    pub line_start: usize,
    /// Last line.
    #[serde(default)]
    pub line_end: usize,
    /// First column (1-based).
    #[serde(default)]
    pub column_start: usize,
    /// Column just after the last character.
    #[serde(default)]
    pub column_end: usize,
    /// Dotted path, e.g. `screens[0].layout.children[0].type`.
    #[serde(default)]
    pub path: String,
}

/// One entry of Meta's `validation_errors` array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaValidationError {
    /// Meta's error code.
    pub error: String,
    /// Error family, `FLOW_JSON_ERROR`.
    #[serde(default)]
    pub error_type: String,
    /// Human text.
    #[serde(default)]
    pub message: String,
    /// First line of the first location.
    #[serde(default)]
    pub line_start: usize,
    /// Last line of the first location.
    #[serde(default)]
    pub line_end: usize,
    /// First column of the first location.
    #[serde(default)]
    pub column_start: usize,
    /// End column of the first location.
    #[serde(default)]
    pub column_end: usize,
    /// Every location of this error.
    #[serde(default)]
    pub pointers: Vec<MetaPointer>,
}

/// The errors of a report in Meta's shape: findings with the same code and message are merged
/// into one object listing each location, as Meta does. Warnings and infos are left out, since
/// Meta only reports errors.
pub fn from_report(report: &FileReport) -> Vec<MetaValidationError> {
    let mut out: Vec<MetaValidationError> = Vec::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.finding.severity == Severity::Error)
    {
        let p = MetaPointer {
            line_start: d.start.line,
            line_end: d.end.line,
            column_start: d.start.column,
            column_end: d.end.column,
            path: d.path.clone(),
        };
        match out
            .iter_mut()
            .find(|e| e.error == d.finding.code && e.message == d.finding.message)
        {
            Some(e) => {
                if !e.pointers.contains(&p) {
                    e.pointers.push(p);
                }
            }
            None => out.push(MetaValidationError {
                error: d.finding.code.to_string(),
                error_type: FLOW_JSON_ERROR.to_owned(),
                message: d.finding.message.clone(),
                line_start: p.line_start,
                line_end: p.line_end,
                column_start: p.column_start,
                column_end: p.column_end,
                pointers: vec![p],
            }),
        }
    }
    out
}

/// Turns Meta's errors for an uploaded file back into findings on the local document: each
/// pointer path is resolved in the document; when it does not resolve, Meta's line and column
/// are used as they are. Every finding is marked as reported by Meta.
pub fn to_findings(errors: &[MetaValidationError], doc: &Document) -> Vec<Finding> {
    let lines = LineIndex::new(&doc.text);
    let mut out = Vec::new();
    for e in errors {
        let mut locations: Vec<(Option<String>, Position, Position)> = e
            .pointers
            .iter()
            .map(|p| {
                let resolved = doc
                    .value
                    .as_ref()
                    .filter(|_| !p.path.is_empty())
                    .and_then(|v| pointer::from_meta_path(&p.path, v));
                (
                    resolved,
                    pos(p.line_start, p.column_start),
                    pos(p.line_end, p.column_end),
                )
            })
            .collect();
        if locations.is_empty() {
            locations.push((
                None,
                pos(e.line_start, e.column_start),
                pos(e.line_end, e.column_end),
            ));
        }
        for (resolved, start, end) in locations {
            let (pointer, anchor) = match resolved {
                Some(p) => (p, Anchor::Value),
                None => {
                    let s = lines.offset(&doc.text, start);
                    let t = lines.offset(&doc.text, end).max(s);
                    (String::new(), Anchor::Bytes { start: s, end: t })
                }
            };
            out.push(Finding {
                rule: "meta/remote".into(),
                code: e.error.clone().into(),
                severity: Severity::Error,
                message: e.message.clone(),
                help: None,
                pointer,
                anchor,
                origin: Origin::Meta,
                related: Vec::new(),
                fix: None,
            });
        }
    }
    out
}

fn pos(line: usize, column: usize) -> Position {
    Position {
        line: line.max(1),
        column: column.max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;

    #[test]
    fn remote_paths_resolve_to_local_pointers() {
        let text = "{\n  \"version\": \"7.3\",\n  \"screens\": [{\"id\": \"A_B\"}]\n}";
        let (doc, _) = document::load(text.as_bytes());
        let errors: Vec<MetaValidationError> = serde_json::from_str(
            r#"[{"error": "PATTERN_MISMATCH", "error_type": "FLOW_JSON_ERROR", "message": "m",
                "line_start": 3, "line_end": 3, "column_start": 23, "column_end": 28,
                "pointers": [{"line_start": 3, "line_end": 3, "column_start": 23, "column_end": 28, "path": "screens[0].id"},
                             {"line_start": 2, "line_end": 2, "column_start": 3, "column_end": 12, "path": "nowhere"}]}]"#,
        )
        .unwrap_or_default();
        let found = to_findings(&errors, &doc);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].pointer, "/screens/0/id");
        assert_eq!(found[0].origin, Origin::Meta);
        assert_eq!(found[1].anchor, Anchor::Bytes { start: 4, end: 13 });
    }
}
