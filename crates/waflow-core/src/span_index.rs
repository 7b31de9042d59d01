//! Byte spans of the keys and values of a JSON text, looked up by JSON pointer.
//!
//! Built only when a file has findings to locate: the happy path never pays for it.

use jsonc_parser::ast::Value as Ast;
use jsonc_parser::common::{Range, Ranged};
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::pointer;

/// A half-open byte range of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// The spans of one JSON node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpans {
    /// The member key, including its quotes; `None` for array elements and the root.
    pub key: Option<Span>,
    /// The value.
    pub value: Span,
}

/// A duplicate member key: the pointer of the object and the spans of the repeated keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer of the member (the last occurrence, which is the one that counts).
    pub pointer: String,
    /// The decoded key.
    pub key: String,
    /// The key of an earlier occurrence.
    pub first: Span,
    /// The key of the repeated occurrence.
    pub repeated: Span,
}

/// A parsed JSON text that answers "where is this pointer?".
pub struct SpanIndex<'a> {
    root: Option<Ast<'a>>,
    base: usize,
}

/// Strict JSON: no comments, no trailing commas, nothing JSON5.
pub(crate) fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

impl<'a> SpanIndex<'a> {
    /// Parses `json`, which starts at byte `base` of the file (after a byte order mark, say).
    ///
    /// The text must already have passed `serde_json` (so its nesting depth is bounded); a text
    /// that fails here yields an index that locates nothing.
    pub fn new(json: &'a str, base: usize) -> SpanIndex<'a> {
        let root = jsonc_parser::parse_to_ast(json, &CollectOptions::default(), &strict())
            .ok()
            .and_then(|r| r.value);
        SpanIndex { root, base }
    }

    /// The spans of the node at `pointer`, or of its deepest existing ancestor together with
    /// `false` when the pointer does not resolve completely.
    pub fn lookup(&self, pointer: &str) -> Option<(NodeSpans, bool)> {
        let mut node = self.root.as_ref()?;
        let mut key = None;
        for seg in pointer::segments(pointer) {
            let next = match node {
                Ast::Object(obj) => obj
                    .properties
                    .iter()
                    .rev()
                    .find(|p| p.name.as_str() == seg)
                    .map(|p| (Some(p.name.range()), &p.value)),
                Ast::Array(arr) => seg
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| arr.elements.get(i))
                    .map(|v| (None, v)),
                _ => None,
            };
            match next {
                Some((k, v)) => {
                    key = k;
                    node = v;
                }
                None => return Some((self.spans(key, node), false)),
            }
        }
        Some((self.spans(key, node), true))
    }

    fn spans(&self, key: Option<Range>, value: &Ast<'_>) -> NodeSpans {
        let shift = |r: Range| Span::new(r.start + self.base, r.end + self.base);
        NodeSpans {
            key: key.map(shift),
            value: shift(value.range()),
        }
    }

    /// Every member key that appears more than once in its object.
    pub fn duplicate_keys(&self) -> Vec<DuplicateKey> {
        let mut out = Vec::new();
        if let Some(root) = &self.root {
            let mut stack = vec![(String::new(), root)];
            while let Some((ptr, node)) = stack.pop() {
                match node {
                    Ast::Object(obj) => {
                        for (i, p) in obj.properties.iter().enumerate() {
                            let name = p.name.as_str();
                            if let Some(first) =
                                obj.properties[..i].iter().find(|q| q.name.as_str() == name)
                            {
                                out.push(DuplicateKey {
                                    pointer: pointer::push(&ptr, name),
                                    key: name.to_string(),
                                    first: self
                                        .spans(Some(first.name.range()), &first.value)
                                        .key
                                        .unwrap_or_default(),
                                    repeated: self
                                        .spans(Some(p.name.range()), &p.value)
                                        .key
                                        .unwrap_or_default(),
                                });
                            }
                            stack.push((pointer::push(&ptr, name), &p.value));
                        }
                    }
                    Ast::Array(arr) => {
                        for (i, v) in arr.elements.iter().enumerate() {
                            stack.push((pointer::push_index(&ptr, i), v));
                        }
                    }
                    _ => {}
                }
            }
        }
        out.sort_by_key(|d| d.repeated.start);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn finds_keys_and_values_through_escapes() {
        let text = "{\r\n \"caf\\u00e9\": {\"a/b\": [1, {\"m~n\": \"\\ud83d\\ude00\"}]},\n \"emoji 😀\": true}";
        let idx = SpanIndex::new(text, 0);
        let (s, ok) = idx
            .lookup("/café/a~1b/1/m~0n")
            .unwrap_or_else(|| panic!("no root"));
        assert!(ok);
        assert_eq!(text_at(text, s.value), "\"\\ud83d\\ude00\"");
        assert_eq!(s.key.map(|k| text_at(text, k)), Some("\"m~n\""));
        let (s, _) = idx.lookup("/emoji 😀").unwrap_or_else(|| panic!("no root"));
        assert_eq!(text_at(text, s.value), "true");
        let (s, ok) = idx
            .lookup("/café/missing")
            .unwrap_or_else(|| panic!("no root"));
        assert!(!ok);
        assert_eq!(s.key.map(|k| text_at(text, k)), Some("\"caf\\u00e9\""));
    }

    #[test]
    fn last_duplicate_wins_and_duplicates_are_listed() {
        let text = r#"{"a": 1, "b": {"x": 1}, "a": 2}"#;
        let idx = SpanIndex::new(text, 0);
        let (s, _) = idx.lookup("/a").unwrap_or_else(|| panic!("no root"));
        assert_eq!(text_at(text, s.value), "2");
        let dups = idx.duplicate_keys();
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].pointer, "/a");
        assert_eq!(text_at(text, dups[0].first), "\"a\"");
        assert!(dups[0].repeated.start > dups[0].first.start);
    }

    #[test]
    fn base_offset_shifts_spans() {
        let text = r#"{"a": 1}"#;
        let idx = SpanIndex::new(text, 3);
        let (s, _) = idx.lookup("/a").unwrap_or_else(|| panic!("no root"));
        assert_eq!(s.value, Span::new(9, 10));
    }
}
