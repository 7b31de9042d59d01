//! Automatic fixes: what a finding may carry ([`Fix`]), how its edits become byte edits of the
//! file ([`Resolver`], run by the check that located the finding, over the spans its load
//! recorded: [`Diagnostic::edits`](crate::Diagnostic::edits)) and how a file is fixed until
//! nothing more can be fixed ([`fix_file`]).
//!
//! A rule describes a fix by JSON pointers ([`Edit`]): remove a member, rename a key, replace a
//! value, append a member or an element. The resolver turns those into the smallest text edits
//! on the file as it is, copying the file's own separators and indentation, so key order, line
//! endings and layout are kept.

mod apply;
mod schema;

use crate::pointer;
use crate::span_index::{NodeId, NodeKind, SpanIndex};

pub use apply::{Applied, Dropped, ErrorCounts, Fixed, MAX_ROUNDS, adds_error, fix_file};
pub(crate) use schema::{attach as attach_schema_fixes, proposed_fix, schema_fix_of};

/// How safe a fix is to apply without looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Keeps what the flow means: applied by `check --fix` and the editor's "fix all".
    Safe,
    /// Changes what the flow does or guesses what the author meant: applied only with
    /// `--unsafe-fixes`, or one at a time in the editor.
    Unsafe,
}

impl Applicability {
    /// The lowercase name used in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One change to the document, by JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Replaces an absolute byte range of the file (for bytes outside the JSON value, such as a
    /// byte order mark).
    Bytes {
        /// First byte.
        start: usize,
        /// One past the last byte.
        end: usize,
        /// The replacement.
        text: String,
    },
    /// Replaces the value at `pointer` with the JSON text `json`.
    Replace {
        /// Pointer of the value.
        pointer: String,
        /// The new value, as JSON text.
        json: String,
    },
    /// Renames the member at `pointer` to `key`, keeping its value.
    RenameKey {
        /// Pointer of the member.
        pointer: String,
        /// The new key (not escaped).
        key: String,
    },
    /// Removes the member or array element at `pointer`, with its separator.
    Remove {
        /// Pointer of the member or element.
        pointer: String,
    },
    /// Appends a member (`key` set) to the object, or an element (`key` unset) to the array, at
    /// `pointer`.
    Append {
        /// Pointer of the object or array.
        pointer: String,
        /// The new member's key (not escaped), for an object.
        key: Option<String>,
        /// The new value, as JSON text.
        json: String,
    },
}

/// An automatic fix of one finding: a short title and the edits that make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, e.g. "remove the byte order mark".
    pub title: String,
    /// Whether it is applied without `--unsafe-fixes`.
    pub applicability: Applicability,
    /// The edits, applied together or not at all.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A safe fix.
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    /// An unsafe fix.
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }

    /// Whether the fix may be applied when fixes up to `allowed` are wanted.
    pub fn allowed(&self, allowed: Applicability) -> bool {
        self.applicability <= allowed
    }
}

/// A change to the bytes of a file: `start..end` becomes `text`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextEdit {
    /// First byte replaced.
    pub start: usize,
    /// One past the last byte replaced.
    pub end: usize,
    /// The replacement.
    pub text: String,
}

impl TextEdit {
    /// Whether the two edits touch the same bytes (two insertions at one offset count, as their
    /// order would be arbitrary).
    pub fn overlaps(&self, other: &TextEdit) -> bool {
        (self.start < other.end && other.start < self.end) || self.start == other.start
    }
}

/// Applies non-overlapping `edits` to `text`.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        let (Some(kept), Some(_)) = (text.get(at..e.start), text.get(e.start..e.end)) else {
            continue;
        };
        out.push_str(kept);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// Turns the pointer edits of fixes into byte edits of one text, with the spans its load
/// recorded (nothing is parsed again).
pub struct Resolver<'t> {
    text: &'t str,
    spans: &'t SpanIndex<'t>,
}

/// The first byte (its key's, for a member) and the end of each entry of a container.
fn entry_ranges(spans: &SpanIndex<'_>, container: NodeId) -> Vec<(usize, usize)> {
    spans
        .children(container)
        .map(|c| {
            let s = spans.node(c);
            (s.key.unwrap_or(s.value).start, s.value.end)
        })
        .collect()
}

impl<'t> Resolver<'t> {
    /// A resolver over the whole file `text` (which may start with a byte order mark), whose
    /// keys and values are where `spans` says (the index of that very text).
    pub fn new(text: &'t str, spans: &'t SpanIndex<'t>) -> Resolver<'t> {
        Resolver { text, spans }
    }

    /// The byte edits of `fix`, or `None` when one of its edits does not apply to this text
    /// (a pointer that does not resolve, a node of the wrong kind, edits that overlap).
    pub fn resolve(&self, fix: &Fix) -> Option<Vec<TextEdit>> {
        let mut out: Vec<TextEdit> = Vec::with_capacity(fix.edits.len());
        for edit in &fix.edits {
            let e = self.edit(edit)?;
            if out.iter().any(|o| o.overlaps(&e)) {
                return None;
            }
            out.push(e);
        }
        Some(out)
    }

    fn edit(&self, edit: &Edit) -> Option<TextEdit> {
        let spans = self.spans;
        match edit {
            Edit::Bytes { start, end, text } => {
                (self.text.get(*start..*end).is_some()).then(|| TextEdit {
                    start: *start,
                    end: *end,
                    text: text.clone(),
                })
            }
            Edit::Replace { pointer, json } => {
                let value = spans.node(spans.find(pointer)?).value;
                Some(at(value.start, value.end, json.clone()))
            }
            Edit::RenameKey { pointer, key } => {
                let name = spans.node(spans.find(pointer)?).key?;
                Some(at(name.start, name.end, json_string(key)))
            }
            Edit::Remove { pointer } => {
                let container = spans.find(pointer::parent(pointer)?)?;
                let member = spans.find(pointer)?;
                let i = spans.children(container).position(|c| c == member)?;
                let ranges = entry_ranges(spans, container);
                let whole = spans.node(container).value;
                let (start, end) = match (i, ranges.len()) {
                    // The only entry: the container becomes empty.
                    (_, 1) => (whole.start + 1, whole.end - 1),
                    // The first of several: up to the next entry.
                    (0, _) => (ranges[0].0, ranges[1].0),
                    // Any other: from the end of the one before, with the separator.
                    _ => (ranges[i - 1].1, ranges[i].1),
                };
                Some(at(start, end, String::new()))
            }
            Edit::Append { pointer, key, json } => {
                let container = spans.find(pointer)?;
                let whole = spans.node(container).value;
                let ranges = entry_ranges(spans, container);
                let entry = match (spans.kind(container), key) {
                    (NodeKind::Object, Some(key)) => {
                        let colon = spans
                            .children(container)
                            .last()
                            .map(|c| spans.node(c))
                            .and_then(|s| self.text.get(s.key?.end..s.value.start))
                            .unwrap_or(": ");
                        format!("{}{colon}{json}", json_string(key))
                    }
                    (NodeKind::Array, None) => json.clone(),
                    _ => return None,
                };
                let text = match ranges.as_slice() {
                    [] => return Some(at(whole.start + 1, whole.end - 1, entry)),
                    [.., before, last] => {
                        let separator = self.text.get(before.1..last.0)?;
                        format!("{separator}{entry}")
                    }
                    [only] => {
                        let space = self.text.get(whole.start + 1..only.0)?;
                        if space.contains('\n') {
                            format!(",{space}{entry}")
                        } else {
                            format!(", {entry}")
                        }
                    }
                };
                let end = ranges.last()?.1;
                Some(at(end, end, text))
            }
        }
    }
}

/// The byte edit that turns `start..end` into `text`.
fn at(start: usize, end: usize, text: String) -> TextEdit {
    TextEdit { start, end, text }
}

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str, edit: Edit) -> Option<String> {
        let fix = Fix::safe("test", vec![edit]);
        let (doc, _) = crate::document::load(text.as_bytes());
        let spans = doc.spans();
        let edits = Resolver::new(text, &spans).resolve(&fix)?;
        Some(apply_edits(text, &edits))
    }

    fn remove(p: &str) -> Edit {
        Edit::Remove { pointer: p.into() }
    }

    #[test]
    fn removes_members_and_elements_with_their_separators() {
        let text = "{\r\n  \"a\": 1,\r\n  \"b\": [1, 2, 3],\r\n  \"c\": {\"x\": true}\r\n}";
        assert_eq!(
            fixed(text, remove("/a")).as_deref(),
            Some("{\r\n  \"b\": [1, 2, 3],\r\n  \"c\": {\"x\": true}\r\n}")
        );
        assert_eq!(
            fixed(text, remove("/b")).as_deref(),
            Some("{\r\n  \"a\": 1,\r\n  \"c\": {\"x\": true}\r\n}")
        );
        assert_eq!(
            fixed(text, remove("/b/1")).as_deref(),
            Some("{\r\n  \"a\": 1,\r\n  \"b\": [1, 3],\r\n  \"c\": {\"x\": true}\r\n}")
        );
        assert_eq!(
            fixed(text, remove("/c/x")).as_deref(),
            Some("{\r\n  \"a\": 1,\r\n  \"b\": [1, 2, 3],\r\n  \"c\": {}\r\n}")
        );
        assert_eq!(fixed(text, remove("/missing")), None);
        assert_eq!(fixed(text, remove("/b/7")), None);
        assert_eq!(fixed(text, remove("")), None);
    }

    #[test]
    fn appends_in_the_file_s_own_style() {
        let text = "{\n    \"m\": {\n        \"A\": [\n            \"B\"\n        ]\n    },\n    \"e\": [],\n    \"i\": [\"x\", \"y\"]\n}";
        let append = |p: &str, key: Option<&str>, json: &str| Edit::Append {
            pointer: p.into(),
            key: key.map(str::to_owned),
            json: json.into(),
        };
        assert_eq!(
            fixed(text, append("/m/A", None, "\"C\"")).as_deref(),
            Some(
                "{\n    \"m\": {\n        \"A\": [\n            \"B\",\n            \"C\"\n        ]\n    },\n    \"e\": [],\n    \"i\": [\"x\", \"y\"]\n}"
            )
        );
        assert_eq!(
            fixed(text, append("/m", Some("D"), "[\"C\"]")).as_deref(),
            Some(
                "{\n    \"m\": {\n        \"A\": [\n            \"B\"\n        ],\n        \"D\": [\"C\"]\n    },\n    \"e\": [],\n    \"i\": [\"x\", \"y\"]\n}"
            )
        );
        let inline = fixed(text, append("/i", None, "\"z\"")).unwrap_or_default();
        assert!(inline.contains("\"i\": [\"x\", \"y\", \"z\"]"), "{inline}");
        let empty = fixed(text, append("/e", None, "1")).unwrap_or_default();
        assert!(empty.contains("\"e\": [1]"), "{empty}");
        assert_eq!(fixed(text, append("/i", Some("k"), "1")), None);
    }

    #[test]
    fn renames_keys_and_replaces_values_after_a_byte_order_mark() {
        let text = "\u{feff}{\"lable\": 1, \"version\": 7.3}";
        let rename = Edit::RenameKey {
            pointer: "/lable".into(),
            key: "label".into(),
        };
        assert_eq!(
            fixed(text, rename).as_deref(),
            Some("\u{feff}{\"label\": 1, \"version\": 7.3}")
        );
        let quote = Edit::Replace {
            pointer: "/version".into(),
            json: "\"7.3\"".into(),
        };
        assert_eq!(
            fixed(text, quote).as_deref(),
            Some("\u{feff}{\"lable\": 1, \"version\": \"7.3\"}")
        );
        let bom = Edit::Bytes {
            start: 0,
            end: 3,
            text: String::new(),
        };
        assert_eq!(
            fixed(text, bom).as_deref(),
            Some("{\"lable\": 1, \"version\": 7.3}")
        );
        let inside = Edit::Bytes {
            start: 1,
            end: 2,
            text: String::new(),
        };
        assert_eq!(fixed(text, inside), None);
    }

    #[test]
    fn the_check_resolves_each_fix_in_the_text_it_checked() {
        let before = include_str!("../../../../fixtures/fixes/schema/unknown-property/before.json");
        let text = format!("\u{feff}{before}");
        let report = crate::check("flow.json", text.as_bytes(), &Default::default());
        let edits = |rule: &str| {
            report
                .diagnostics
                .iter()
                .find(|d| d.finding.rule == rule)
                .and_then(|d| d.edits.clone())
                .unwrap_or_else(|| panic!("{rule}: no resolved fix"))
        };
        assert_eq!(apply_edits(&text, &edits("json/byte-order-mark")), before);
        let renamed = apply_edits(&text, &edits("schema/unknown-property"));
        assert_eq!(renamed, text.replace("\"lable\"", "\"label\""));
        assert!(
            report
                .diagnostics
                .iter()
                .all(|d| d.edits.is_some() == d.finding.fix.is_some())
        );
    }

    #[test]
    fn broken_text_resolves_nothing() {
        assert_eq!(fixed("{\"a\": ", remove("/a")), None);
        assert_eq!(fixed("", remove("/a")), None);
    }
}
