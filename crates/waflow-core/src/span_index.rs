//! Byte spans of the keys and values of a JSON text, looked up by JSON pointer.
//!
//! The loader records the spans in the same pass that builds the value
//! ([`Document::spans`](crate::document::Document::spans)): locating a finding parses nothing.

use std::borrow::Cow;

use crate::parse::{self, Node};
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

/// A value of a [`SpanIndex`], to walk the document's structure from [`SpanIndex::root`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeId(usize);

/// What kind of JSON value a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// An object.
    Object,
    /// An array.
    Array,
    /// A string.
    String,
    /// A number, `true`, `false` or `null`.
    Scalar,
}

/// The spans the loader recorded for a document: every value's, in document order, and the
/// repeated keys.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spans {
    pub nodes: Vec<Node>,
    pub duplicates: Vec<(u32, u32)>,
}

/// A JSON text with the spans of its keys and values, which answers "where is this pointer?".
#[derive(Debug, Clone)]
pub struct SpanIndex<'a> {
    json: &'a str,
    base: usize,
    nodes: Cow<'a, [Node]>,
    duplicates: Cow<'a, [(u32, u32)]>,
}

impl<'a> SpanIndex<'a> {
    /// Parses `json`, which starts at byte `base` of the file (after a byte order mark, say).
    /// A text that is not strict JSON yields an index that locates nothing.
    ///
    /// A loaded [`Document`](crate::document::Document) already has its index
    /// ([`Document::spans`](crate::document::Document::spans)); this is for other texts.
    pub fn new(json: &'a str, base: usize) -> SpanIndex<'a> {
        let spans = parse::parse(json, crate::document::MAX_NESTING_DEPTH)
            .map(|p| Spans {
                nodes: p.nodes,
                duplicates: p.duplicates,
            })
            .unwrap_or_default();
        SpanIndex {
            json,
            base,
            nodes: Cow::Owned(spans.nodes),
            duplicates: Cow::Owned(spans.duplicates),
        }
    }

    /// The index of `json` (starting at byte `base`) over spans recorded when it was parsed.
    pub(crate) fn recorded(json: &'a str, base: usize, spans: &'a Spans) -> SpanIndex<'a> {
        SpanIndex {
            json,
            base,
            nodes: Cow::Borrowed(&spans.nodes),
            duplicates: Cow::Borrowed(&spans.duplicates),
        }
    }

    /// The spans of the node at `pointer`, or of its deepest existing ancestor together with
    /// `false` when the pointer does not resolve completely.
    pub fn lookup(&self, pointer: &str) -> Option<(NodeSpans, bool)> {
        let (node, whole) = self.walk(pointer)?;
        Some((self.spans(node), whole))
    }

    /// The node at `pointer`, or its deepest existing ancestor together with `false`.
    fn walk(&self, pointer: &str) -> Option<(usize, bool)> {
        self.nodes.first()?;
        let mut node = 0;
        for seg in pointer::segments(pointer) {
            let next = match self.kind(NodeId(node)) {
                // The last occurrence of a repeated key is the one that counts.
                NodeKind::Object => self.members(node).filter(|&m| self.key_is(m, &seg)).last(),
                NodeKind::Array => seg
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| self.members(node).nth(i)),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return Some((node, false)),
            }
        }
        Some((node, true))
    }

    /// The root value; `None` when the text did not parse.
    pub fn root(&self) -> Option<NodeId> {
        self.nodes.first().map(|_| NodeId(0))
    }

    /// The node at `pointer`, when the pointer resolves completely (to the last occurrence of a
    /// repeated key).
    pub fn find(&self, pointer: &str) -> Option<NodeId> {
        match self.walk(pointer)? {
            (node, true) => Some(NodeId(node)),
            (_, false) => None,
        }
    }

    /// The spans of `node`.
    pub fn node(&self, node: NodeId) -> NodeSpans {
        self.spans(node.0)
    }

    /// What kind of value `node` is.
    pub fn kind(&self, node: NodeId) -> NodeKind {
        match self.json.as_bytes()[self.nodes[node.0].start as usize] {
            b'{' => NodeKind::Object,
            b'[' => NodeKind::Array,
            b'"' => NodeKind::String,
            _ => NodeKind::Scalar,
        }
    }

    /// The members of an object or the elements of an array, in file order (repeated keys
    /// included); nothing for other values.
    pub fn children(&self, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.members(node.0).map(NodeId)
    }

    /// The decoded key of a member; `None` for the root and array elements.
    pub fn key_of(&self, node: NodeId) -> Option<String> {
        self.nodes[node.0].has_key().then(|| self.key(node.0))
    }

    /// The nodes of the members (or elements) of the container at node `index`.
    fn members(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.nodes[index].next as usize;
        let mut next = index + 1;
        std::iter::from_fn(move || {
            let member = next;
            (member < end).then(|| {
                next = self.nodes[member].next as usize;
                member
            })
        })
    }

    /// The raw key of node `index`, quotes included.
    fn raw_key(&self, index: usize) -> &'a str {
        let node = &self.nodes[index];
        &self.json[node.key_start as usize..node.key_end as usize]
    }

    /// Whether the key of node `index` decodes to `name`.
    fn key_is(&self, index: usize, name: &str) -> bool {
        let raw = self.raw_key(index);
        let inside = &raw[1..raw.len() - 1];
        if inside.contains('\\') {
            self.key(index) == name
        } else {
            inside == name
        }
    }

    /// The decoded key of node `index`.
    fn key(&self, index: usize) -> String {
        // The text parsed, so the key decodes.
        serde_json::from_str(self.raw_key(index)).unwrap_or_default()
    }

    fn shift(&self, start: u32, end: u32) -> Span {
        Span::new(start as usize + self.base, end as usize + self.base)
    }

    fn spans(&self, index: usize) -> NodeSpans {
        let node = &self.nodes[index];
        NodeSpans {
            key: node
                .has_key()
                .then(|| self.shift(node.key_start, node.key_end)),
            value: self.shift(node.start, node.end),
        }
    }

    /// The pointer of node `target`.
    fn pointer_of(&self, target: usize) -> String {
        let mut out = String::new();
        let mut node = 0;
        while node != target {
            let object = self.json.as_bytes()[self.nodes[node].start as usize] == b'{';
            let Some((i, member)) = self
                .members(node)
                .enumerate()
                .find(|&(_, m)| m <= target && target < self.nodes[m].next as usize)
            else {
                break;
            };
            out = match object {
                true => pointer::push(&out, &self.key(member)),
                false => pointer::push_index(&out, i),
            };
            node = member;
        }
        out
    }

    /// Every member key that appears more than once in its object, in file order.
    pub fn duplicate_keys(&self) -> Vec<DuplicateKey> {
        let mut out: Vec<DuplicateKey> = self
            .duplicates
            .iter()
            .map(|&(object, member)| {
                let (object, member) = (object as usize, member as usize);
                let key = self.key(member);
                let first = self
                    .members(object)
                    .find(|&m| self.key_is(m, &key))
                    .unwrap_or(member);
                DuplicateKey {
                    pointer: self.pointer_of(member),
                    first: self.spans(first).key.unwrap_or_default(),
                    repeated: self.spans(member).key.unwrap_or_default(),
                    key,
                }
            })
            .collect();
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
