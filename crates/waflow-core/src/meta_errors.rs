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

/// Codes that name one check in Meta's different sources: its error-codes page, its Flow Builder
/// and the API (the reference notes that the API may answer with either). waflow reports the
/// error-codes page's name (`schema/report/codes.rs`, `fixtures/conformance/`); an answer of Meta
/// with another name of the family is the same verdict.
const FAMILIES: &[&[&str]] = &[
    // Per-screen counts: the page's names and the builder's one name.
    &[
        "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
        "MAX_FOOTER_PER_SCREEN",
        "MORE_THAN_ONE_FOOTER",
        "MAX_EMBEDDED_LINK_PER_SCREEN",
        "MAX_IMAGE_PER_SCREEN",
        "MAX_OPT_IN_PER_SCREEN",
    ],
    // Navigate payloads: literal values (builder: STATIC_DATA), object properties that differ
    // (page: ON_CLICK, builder: NAVIGATE).
    &[
        "INVALID_NAVIGATE_ACTION_PAYLOAD",
        "INVALID_NAVIGATE_ACTION_STATIC_DATA",
        "INVALID_ON_CLICK_ACTION_PAYLOAD",
    ],
    // Global references (page: SCREEN_DATA, builder: SCREEN_DYNAMIC_DATA).
    &["INVALID_SCREEN_DATA", "INVALID_SCREEN_DYNAMIC_DATA"],
    // A component type (builder: TYPE_PROPERTY_VALUE), a placement before 4.0 (page: KEYWORD_ONE_OF).
    &[
        "INVALID_PROPERTY_VALUE",
        "INVALID_TYPE_PROPERTY_VALUE",
        "KEYWORD_ONE_OF",
    ],
    // The version.
    &[
        "INVALID_FLOW_JSON_VERSION",
        "UNSUPPORTED_FLOW_JSON_VERSION",
        "UNAVAILABLE_FLOW_JSON_VERSION",
    ],
    // A value that is neither of the property's type nor a binding.
    &["INVALID_PROPERTY_TYPE", "PATTERN_MISMATCH"],
];

/// Whether `remote`, a code in an answer of Meta, names the check that waflow reports as `local`:
/// the same code (the builder's type suffix `INVALID_PROPERTY_TYPE:BOOLEAN` left aside), or two
/// names of one check in Meta's sources. The push and publish comparison of Meta's verdict with
/// the local one matches codes with it, so that both sides are read with one mapping.
pub fn same_check(local: &str, remote: &str) -> bool {
    let remote = remote.split_once(':').map_or(remote, |(code, _)| code);
    local == remote
        || FAMILIES
            .iter()
            .any(|family| family.contains(&local) && family.contains(&remote))
}

/// Whether Meta's `errors` report the check of a local finding with `code` at `path` (Meta's
/// dotted path, [`crate::Diagnostic::path`]).
pub fn reports(errors: &[MetaValidationError], code: &str, path: &str) -> bool {
    errors
        .iter()
        .filter(|e| same_check(code, &e.error))
        .any(|e| e.pointers.iter().any(|p| p.path == path))
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
    fn metas_other_names_of_a_check_are_the_same_verdict() {
        assert!(same_check("MAX_FOOTER_PER_SCREEN", "MAX_FOOTER_PER_SCREEN"));
        assert!(same_check(
            "MORE_THAN_ONE_FOOTER",
            "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN"
        ));
        assert!(same_check(
            "INVALID_NAVIGATE_ACTION_PAYLOAD",
            "INVALID_NAVIGATE_ACTION_STATIC_DATA"
        ));
        assert!(same_check(
            "INVALID_PROPERTY_TYPE",
            "INVALID_PROPERTY_TYPE:BOOLEAN"
        ));
        assert!(!same_check(
            "MAX_FOOTER_PER_SCREEN",
            "INVALID_ROUTING_MODEL"
        ));
        assert!(!same_check("INVALID_SCREEN_DATA", "INVALID_PROPERTY_VALUE"));
        let errors = vec![MetaValidationError {
            error: "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN".into(),
            error_type: FLOW_JSON_ERROR.into(),
            message: "m".into(),
            line_start: 1,
            line_end: 1,
            column_start: 1,
            column_end: 2,
            pointers: vec![MetaPointer {
                line_start: 1,
                line_end: 1,
                column_start: 1,
                column_end: 2,
                path: "screens[0].layout.children[1].type".into(),
            }],
        }];
        let at = "screens[0].layout.children[1].type";
        assert!(reports(&errors, "MAX_FOOTER_PER_SCREEN", at));
        assert!(!reports(&errors, "MAX_FOOTER_PER_SCREEN", "screens[0]"));
        assert!(!reports(&errors, "INVALID_ROUTING_MODEL", at));
    }

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
