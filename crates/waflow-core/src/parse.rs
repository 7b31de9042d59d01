//! The loader's JSON parser: one pass over the text builds the value, the byte spans of every
//! key and value, and the list of repeated keys.
//!
//! It accepts exactly the texts `serde_json` accepts and builds the same values (strings with
//! escapes and numbers other than small non-negative integers are decoded by `serde_json`
//! itself). It gives no error message: on a text it refuses, the loader asks `serde_json` why,
//! so that messages and positions stay `serde_json`'s.

use memchr::memchr2;
use serde_json::{Map, Number, Value};

/// The spans of one value, in document order (pre-order): a container's members follow it.
/// Offsets are bytes of the JSON text (after any byte order mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Node {
    /// First byte of the member key, quotes included.
    pub key_start: u32,
    /// One past the key's closing quote; 0 when the value has no key (root, array element).
    pub key_end: u32,
    /// First byte of the value.
    pub start: u32,
    /// One past the value's last byte.
    pub end: u32,
    /// Index of the first node after this value's members: the next sibling, if any.
    pub next: u32,
}

impl Node {
    /// Whether the value is a member of an object (and so has a key).
    pub fn has_key(&self) -> bool {
        self.key_end != 0
    }
}

/// What one parse of a JSON text gives.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The value.
    pub value: Value,
    /// The spans of every value, in document order; the root is the first.
    pub nodes: Vec<Node>,
    /// Each repeated key, as (the object's node, the repeated member's node).
    pub duplicates: Vec<(u32, u32)>,
}

/// The text is not JSON that `serde_json` would accept (or is nested too deep).
struct Refused;

type Parse<T> = Result<T, Refused>;

/// Parses `json`, allowing `max_depth` nested arrays and objects; `None` when `serde_json`
/// would refuse the text, or it is nested deeper.
///
/// Offsets are `u32`: the loader refuses files over 10 MiB before parsing.
///
/// It runs inside a scratch region ([`crate::document::with_loaded`]), so it must keep nothing
/// it allocates outside what it returns: no thread-local, static or cache of its own.
pub(crate) fn parse(json: &str, max_depth: usize) -> Option<Parsed> {
    u32::try_from(json.len()).ok()?;
    let mut p = Parser {
        text: json,
        bytes: json.as_bytes(),
        pos: 0,
        max_depth,
        nodes: Vec::with_capacity(json.len() / 16),
        duplicates: Vec::new(),
        members: Vec::new(),
        items: Vec::new(),
    };
    let value = p.value(0, 0, 0).ok()?;
    p.skip_ws();
    (p.pos == p.bytes.len()).then_some(Parsed {
        value,
        nodes: p.nodes,
        duplicates: p.duplicates,
    })
}

/// How many bytes of a string are read eight at a time before `memchr2` takes over.
const SHORT: usize = 64;

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    max_depth: usize,
    nodes: Vec<Node>,
    duplicates: Vec<(u32, u32)>,
    /// The members read so far of the objects being read, innermost last, each with its node:
    /// an object takes its own off the end when it closes, into a map of the right size.
    members: Vec<(String, Value, u32)>,
    /// The same for the elements of the arrays being read.
    items: Vec<Value>,
}

/// Each byte of a word set to `b`.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The high bit of each byte of `word` that is below `n` (at most 0x80): exact for the lowest
/// such byte, the only one read (a borrow can flag bytes above it).
const fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(splat(n)) & !word & splat(0x80)
}

/// The high bit of each byte of `word` equal to `b`, exact for the lowest such byte.
const fn equal(word: u64, b: u8) -> u64 {
    below(word ^ splat(b), 1)
}

/// The eight bytes of `bytes` at `at`, first byte lowest, if there are eight.
fn word(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*chunk))
}

/// The index of the first byte from `at` on that is not a space: indentation is read eight
/// bytes at a time.
fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    // One bounds test a word: through `word`, this loop took 17 % more instructions.
    while let Some(&chunk) = bytes
        .get(at..at + 8)
        .and_then(|w| <&[u8; 8]>::try_from(w).ok())
    {
        let other = u64::from_le_bytes(chunk) ^ splat(b' ');
        if other != 0 {
            return at + other.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

/// `n` as a node offset (the text length was checked to fit).
fn at(n: usize) -> u32 {
    n as u32
}

impl Parser<'_> {
    /// Skips white space; the common case, none, is decided inline.
    #[inline(always)]
    fn skip_ws(&mut self) {
        if let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.pos) {
            self.skip_ws_run();
        }
    }

    #[inline(never)]
    fn skip_ws_run(&mut self) {
        let mut at = self.pos;
        loop {
            at = skip_spaces(self.bytes, at);
            match self.bytes.get(at) {
                Some(b'\n' | b'\t' | b'\r') => at += 1,
                _ => break,
            }
        }
        self.pos = at;
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The value at the current position (after white space), `depth` containers deep, with
    /// its key span (`key_end` 0 for none).
    fn value(&mut self, depth: usize, key_start: u32, key_end: u32) -> Parse<Value> {
        self.skip_ws();
        let index = self.nodes.len();
        self.nodes.push(Node {
            key_start,
            key_end,
            start: at(self.pos),
            end: 0,
            next: 0,
        });
        let value = match self.peek().ok_or(Refused)? {
            b'{' => self.object(depth, index)?,
            b'[' => self.array(depth)?,
            b'"' => Value::String(self.string()?),
            b't' => self.literal(b"true", Value::Bool(true))?,
            b'f' => self.literal(b"false", Value::Bool(false))?,
            b'n' => self.literal(b"null", Value::Null)?,
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            _ => return Err(Refused),
        };
        let end = at(self.pos);
        let next = at(self.nodes.len());
        let node = &mut self.nodes[index];
        node.end = end;
        node.next = next;
        Ok(value)
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Parse<Value> {
        if !self.bytes[self.pos..].starts_with(word) {
            return Err(Refused);
        }
        self.pos += word.len();
        Ok(value)
    }

    /// An object; `index` is its node.
    fn object(&mut self, depth: usize, index: usize) -> Parse<Value> {
        if depth >= self.max_depth {
            return Err(Refused);
        }
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(Map::new()));
        }
        let first = self.members.len();
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(Refused);
            }
            let key_start = at(self.pos);
            let key = self.string()?;
            let key_end = at(self.pos);
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(Refused);
            }
            self.pos += 1;
            let member = at(self.nodes.len());
            let value = self.value(depth + 1, key_start, key_end)?;
            self.members.push((key, value, member));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    let mut map = Map::with_capacity(self.members.len() - first);
                    for (key, value, member) in self.members.drain(first..) {
                        // The value keeps the last occurrence, at the place of the first.
                        if map.insert(key, value).is_some() {
                            self.duplicates.push((at(index), member));
                        }
                    }
                    return Ok(Value::Object(map));
                }
                _ => return Err(Refused),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Parse<Value> {
        if depth >= self.max_depth {
            return Err(Refused);
        }
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(Vec::new()));
        }
        let first = self.items.len();
        loop {
            let item = self.value(depth + 1, 0, 0)?;
            self.items.push(item);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(self.items.drain(first..).collect()));
                }
                _ => return Err(Refused),
            }
        }
    }

    /// A string, at its opening quote.
    fn string(&mut self) -> Parse<String> {
        let open = self.pos;
        let mut from = open + 1;
        // Most strings are keys and short words: read eight bytes at a time up to the first
        // quote, backslash or control character; long strings go on with `memchr2` below.
        while let Some(w) = word(self.bytes, from).filter(|_| from - open <= SHORT) {
            let special = equal(w, b'"') | equal(w, b'\\') | below(w, 0x20);
            if special == 0 {
                from += 8;
                continue;
            }
            let at = from + special.trailing_zeros() as usize / 8;
            if self.bytes[at] != b'"' {
                // A backslash (read below) or a raw control character (refused below).
                from = at;
                break;
            }
            self.pos = at + 1;
            return Ok(self.text[open + 1..at].to_owned());
        }
        let mut escaped = false;
        loop {
            let rest = &self.bytes[from..];
            let i = memchr2(b'"', b'\\', rest).ok_or(Refused)?;
            // Folded rather than `any`, so that the compiler makes it a vector loop: strings run
            // to megabytes (base64 images).
            if rest[..i]
                .iter()
                .fold(false, |control, &b| control | (b < 0x20))
            {
                // A raw control character.
                return Err(Refused);
            }
            if rest[i] == b'"' {
                let close = from + i;
                self.pos = close + 1;
                return if escaped {
                    // Rare: serde_json decodes the escapes (and refuses lone surrogates).
                    serde_json::from_str(&self.text[open..self.pos]).map_err(|_| Refused)
                } else {
                    Ok(self.text[open + 1..close].to_owned())
                };
            }
            escaped = true;
            // Skip the backslash and the byte it escapes (an invalid escape is refused by
            // the decoding above).
            from += i + 2;
            if from > self.bytes.len() {
                return Err(Refused);
            }
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - from
    }

    /// A number, in the grammar of RFC 8259.
    fn number(&mut self) -> Parse<Number> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(Refused),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            integer = false;
            if self.digits() == 0 {
                return Err(Refused);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(Refused);
            }
        }
        let raw = &self.text[start..self.pos];
        // Up to 19 digits fit in u64; anything else is read by serde_json, so that floats and
        // large or negative integers are exactly what it makes of them.
        if integer && !negative && raw.len() <= 19 {
            let n = raw.bytes().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            return Ok(Number::from(n));
        }
        serde_json::from_str(raw).map_err(|_| Refused)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::span_index::SpanIndex;

    fn agrees(text: &str) {
        let ours = parse(text, 128).map(|p| p.value);
        let theirs = serde_json::from_str::<Value>(text).ok();
        assert_eq!(ours, theirs, "{text:?}");
    }

    #[test]
    fn accepts_and_refuses_what_serde_json_does() {
        for text in [
            "{}",
            " [ ] ",
            "{\"a\": [1, -2, 3.5, 1e3, -0, 0.0, 12345678901234567890, 1E-2, true, false, null]}",
            "\"\\u00e9\\ud83d\\ude00\\n\\\"\\/\"",
            "\"\\ud83d\"",
            "\"\\ude00\"",
            "\"\\x\"",
            "\"a\u{1}\"",
            "\"\\",
            "\"abc",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "1e400",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a: 1}",
            "[1 2]",
            "tru",
            "nulls",
            "",
            "  ",
            "[1] x",
            "\u{feff}{}",
            "{\"é\": \"😀\"}",
        ] {
            agrees(text);
        }
    }

    /// Strings and white space read eight bytes at a time: a quote, backslash, control or
    /// non-ASCII character at every place of a word, and runs ending at the end of the text.
    #[test]
    fn word_at_a_time_reads_agree_with_serde_json() {
        for n in 0..(SHORT + 20) {
            let run = "a".repeat(n);
            for special in [
                "\"", "\\n", "\\q", "\u{1}", "\u{1f}", "\u{7f}", "é", " ", "",
            ] {
                agrees(&format!("\"{run}{special}\""));
                agrees(&format!("[\"{run}{special}\"]"));
                agrees(&format!("\"{run}{special}"));
                agrees(&format!("{{\"{run}{special}\": 1}}"));
            }
            let spaces = " ".repeat(n);
            for ws in ["", "\n", "\t", "\r", "\u{b}", "\u{0}"] {
                agrees(&format!("[{spaces}{ws}{spaces}1{spaces}]{spaces}"));
                agrees(&format!("{{{spaces}\"k\"{spaces}:{ws}{spaces}null{ws}}}"));
            }
        }
    }

    #[test]
    fn spans_and_duplicates() {
        let text = r#"{"a": [1, {"b": "x"}], "a": null}"#;
        let p = parse(text, 128).unwrap_or_else(|| panic!("parses"));
        let shown: Vec<_> = p
            .nodes
            .iter()
            .map(|n| {
                let key = n
                    .has_key()
                    .then(|| &text[n.key_start as usize..n.key_end as usize]);
                (key, &text[n.start as usize..n.end as usize], n.next)
            })
            .collect();
        assert_eq!(
            shown,
            [
                (None, text, 6),
                (Some("\"a\""), "[1, {\"b\": \"x\"}]", 5),
                (None, "1", 3),
                (None, "{\"b\": \"x\"}", 5),
                (Some("\"b\""), "\"x\"", 5),
                (Some("\"a\""), "null", 6),
            ]
        );
        assert_eq!(p.duplicates, [(0, 5)]);
    }

    #[test]
    fn depth_is_bounded() {
        let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&nest(3), 3).is_some());
        assert!(parse(&nest(4), 3).is_none());
        assert!(parse(&"[".repeat(100_000), 128).is_none());
    }

    /// Any JSON value, with keys that repeat and strings that need escapes.
    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "(?s).{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec(("[ab~/\\\"é]{0,2}", inner), 0..6)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    /// Every pointer into `value`.
    fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    pointers(v, crate::pointer::push_index(&at, i), out);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    pointers(v, crate::pointer::push(&at, k), out);
                }
            }
            _ => {}
        }
        out.push(at);
    }

    proptest! {
        #[test]
        fn accepts_and_builds_what_serde_json_does(text in "[\\[\\]{}:, \n\"\\\\a-fnlrstu0-9.eE+\\-\u{1}é]{0,24}") {
            agrees(&text);
        }

        #[test]
        fn every_value_and_key_span_holds_its_node(value in json(), pretty in any::<bool>()) {
            let text = match pretty {
                true => serde_json::to_string_pretty(&value),
                false => serde_json::to_string(&value),
            }
            .unwrap_or_default();
            agrees(&text);
            // Floats need not survive the round trip: compare with what the text holds.
            let value: Value = serde_json::from_str(&text).unwrap_or_default();
            let index = SpanIndex::new(&text, 0);
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            for ptr in all {
                let Some((spans, true)) = index.lookup(&ptr) else {
                    panic!("{ptr} not found in {text}");
                };
                let covered = &text[spans.value.start..spans.value.end];
                let parsed: Value = serde_json::from_str(covered).unwrap_or_default();
                prop_assert_eq!(value.pointer(&ptr), Some(&parsed));
                if let (Some(key), Some(last)) = (spans.key, crate::pointer::segments(&ptr).last()) {
                    let key: String = serde_json::from_str(&text[key.start..key.end]).unwrap_or_default();
                    prop_assert_eq!(key, last);
                }
            }
        }
    }
}
