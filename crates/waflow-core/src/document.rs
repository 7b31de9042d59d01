//! Reading a file into a JSON document: size, encoding, byte order mark, strict syntax, depth
//! and duplicate keys, each reported as a finding rather than a failure.

use std::cell::Cell;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::finding::{Anchor, Finding};
use crate::fix::{Edit, Fix};
use crate::line_index::LineIndex;
use crate::parse;
use crate::span_index::{SpanIndex, Spans};

/// Meta's limit on the size of a Flow JSON file, in bytes (10 MiB); larger files are reported
/// and not parsed.
pub const MAX_FLOW_JSON_BYTES: usize = 10 * 1024 * 1024;

/// The deepest nesting accepted: a document may hold this many arrays and objects one inside
/// the other; deeper documents are reported, not parsed.
pub const MAX_NESTING_DEPTH: usize = 128;

/// The parse error for a container one level deeper than [`MAX_NESTING_DEPTH`].
const TOO_DEEP: &str = "nested too deep";

const BOM: &str = "\u{feff}";

/// A file's text and, when it is well-formed JSON, its value.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file as text (invalid UTF-8 replaced, for display only).
    pub text: Arc<str>,
    /// Where the JSON starts in `text` (3 after a byte order mark, else 0).
    pub json_start: usize,
    /// The parsed value, when the text is valid JSON.
    pub value: Option<Value>,
    /// Whether some object repeats a key (the value keeps the last occurrence).
    pub has_duplicate_keys: bool,
    /// The spans of the keys and values, recorded by the parse that built `value`.
    spans: Spans,
}

impl Document {
    /// The JSON part of the text.
    pub fn json_text(&self) -> &str {
        &self.text[self.json_start..]
    }

    /// Where each key and value is in the text (empty when there is no value).
    pub fn spans(&self) -> SpanIndex<'_> {
        SpanIndex::recorded(self.json_text(), self.json_start, &self.spans)
    }

    /// A file that is not checked further: its text for display, no value.
    fn unparsed(text: impl Into<Arc<str>>) -> Document {
        Document {
            text: text.into(),
            json_start: 0,
            value: None,
            has_duplicate_keys: false,
            spans: Spans::default(),
        }
    }
}

/// Reads `bytes` as a Flow JSON file. Problems with the bytes themselves come back as findings
/// (code `INVALID_FLOW_JSON`); `value` is `None` when the JSON cannot be parsed at all.
pub fn load(bytes: &[u8]) -> (Document, Vec<Finding>) {
    let (doc, findings, _) = load_with(bytes, |json| parse::parse(json, MAX_NESTING_DEPTH));
    (doc, findings)
}

/// [`load`]s `bytes` and gives the document and its findings to `check`, with the parsed tree
/// built in the thread's scratch region ([`waflow_alloc::Scratch`]) and freed in one step when
/// `check` returns, instead of freeing the tree's allocations one by one: for a check that keeps
/// nothing of the tree once its report is made (every check of the CLI). Without
/// [`waflow_alloc::Allocator`] as the global allocator it is [`load`] and an ordinary drop.
#[allow(unsafe_code)]
pub fn with_loaded<R>(bytes: &[u8], check: impl FnOnce(&Document, Vec<Finding>) -> R) -> R {
    let mut scratch = waflow_alloc::Scratch::new();
    // SAFETY (`fill`): `parse::parse` keeps nothing it allocates but in the `Parsed` it returns
    // (it writes no thread-local or static and grows no buffer made before it).
    let (doc, findings, parsed) = load_with(bytes, |json| unsafe {
        scratch.fill(|| parse::parse(json, MAX_NESTING_DEPTH))
    });
    let result = check(&doc, findings);
    if parsed {
        let Document { value, spans, .. } = doc;
        // SAFETY (`free`): `value` and `spans` are the `Parsed` that `fill` returned, moved whole
        // into `doc`; `check` saw them only through `&Document` (no interior mutability, no
        // `Rc`/`Arc` in a `Value` or the spans), and its result cannot borrow from `doc`.
        unsafe { scratch.free((value, spans)) };
    }
    // Otherwise the value, if any, is serde_json's fallback parse, made outside `fill`: it drops
    // as usual before the scratch, whose drop empties the region of what `fill` left.
    result
}

/// [`load`] with the span-recording parse given as `parse`; also tells whether the document's
/// value and spans are what `parse` returned (else serde_json's fallback parse made the value).
fn load_with(
    bytes: &[u8],
    parse: impl FnOnce(&str) -> Option<parse::Parsed>,
) -> (Document, Vec<Finding>, bool) {
    let mut findings = Vec::new();
    if bytes.len() > MAX_FLOW_JSON_BYTES {
        // Meta refuses the file whatever it holds: it is not parsed, so its size bounds nothing
        // but this one finding.
        findings.push(
            Finding::error(
                "json/too-large",
                "INVALID_FLOW_JSON",
                "",
                format!(
                    "the file is {} bytes, more than Meta's limit for Flow JSON of 10 MiB ({} bytes); it is not checked further",
                    thousands(bytes.len()),
                    thousands(MAX_FLOW_JSON_BYTES)
                ),
            )
            .with_anchor(Anchor::Bytes { start: 0, end: 0 })
            .with_help("split the flow, or move large static data behind an endpoint"),
        );
        return (
            Document::unparsed(String::from_utf8_lossy(bytes)),
            findings,
            false,
        );
    }
    if let Some(wide) = Wide::detect(bytes) {
        findings.push(
            Finding::error(
                "json/encoding",
                "INVALID_FLOW_JSON",
                "",
                format!("the file is {}; save it as UTF-8", wide.name()),
            )
            .with_anchor(Anchor::Bytes { start: 0, end: 0 })
            .with_help("Flow JSON must be UTF-8 text, without byte order mark"),
        );
        return (Document::unparsed(wide.decode(bytes)), findings, false);
    }
    let text: Arc<str> = match std::str::from_utf8(bytes) {
        Ok(t) => Arc::from(t),
        Err(e) => {
            let at = e.valid_up_to();
            findings.push(
                Finding::error(
                    "json/encoding",
                    "INVALID_FLOW_JSON",
                    "",
                    format!("the file is not valid UTF-8: byte 0x{:02X} at offset {at} cannot start a character here", bytes[at]),
                )
                .with_anchor(Anchor::Bytes {
                    start: at,
                    end: at + char::REPLACEMENT_CHARACTER.len_utf8(),
                })
                .with_help("save the file as UTF-8; Flow JSON must be UTF-8 text"),
            );
            return (
                Document::unparsed(String::from_utf8_lossy(bytes)),
                findings,
                false,
            );
        }
    };
    let json_start = if text.starts_with(BOM) {
        findings.push(
            Finding::error(
                "json/byte-order-mark",
                "INVALID_FLOW_JSON",
                "",
                "the file starts with a UTF-8 byte order mark, which JSON does not allow",
            )
            .with_anchor(Anchor::Bytes {
                start: 0,
                end: BOM.len(),
            })
            .with_help("save the file as UTF-8 without BOM")
            .with_fix(Fix::safe(
                "remove the byte order mark",
                vec![Edit::Bytes {
                    start: 0,
                    end: BOM.len(),
                    text: String::new(),
                }],
            )),
        );
        BOM.len()
    } else {
        0
    };
    let json = &text[json_start..];
    if let Some(parsed) = parse(json) {
        let doc = Document {
            json_start,
            value: Some(parsed.value),
            has_duplicate_keys: !parsed.duplicates.is_empty(),
            spans: Spans {
                nodes: parsed.nodes,
                duplicates: parsed.duplicates,
            },
            text,
        };
        return (doc, findings, true);
    }
    // Not JSON (or nested too deep): serde_json says why, in its words and at its position.
    let duplicates = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(json);
    // serde_json's own limit lets only 127 levels through; `ValueSeed` stops at 129.
    de.disable_recursion_limit();
    let parsed = ValueSeed {
        duplicates: &duplicates,
        depth: 0,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    let value = match parsed {
        Ok(v) => Some(v),
        Err(e) => {
            findings.push(syntax_finding(&text, json_start, &e));
            None
        }
    };
    let doc = Document {
        text,
        json_start,
        value,
        has_duplicate_keys: duplicates.get(),
        spans: Spans::default(),
    };
    (doc, findings, false)
}

/// A UTF-16 or UTF-32 encoding, as told by a byte order mark or by the NUL bytes around the
/// first (ASCII) characters of a JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Wide {
    /// Bytes per code unit: 2 or 4.
    unit: usize,
    big_endian: bool,
    /// Whether the file starts with a byte order mark.
    bom: bool,
}

impl Wide {
    fn detect(bytes: &[u8]) -> Option<Wide> {
        let wide = |unit, big_endian, bom| {
            Some(Wide {
                unit,
                big_endian,
                bom,
            })
        };
        let ascii = |b: u8| b != 0 && b.is_ascii();
        match bytes {
            [0xFF, 0xFE, 0, 0, ..] => wide(4, false, true),
            [0, 0, 0xFE, 0xFF, ..] => wide(4, true, true),
            [0xFF, 0xFE, ..] => wide(2, false, true),
            [0xFE, 0xFF, ..] => wide(2, true, true),
            [0, 0, 0, a, ..] if ascii(*a) => wide(4, true, false),
            [a, 0, 0, 0, ..] if ascii(*a) => wide(4, false, false),
            [0, a, 0, b, ..] if ascii(*a) && ascii(*b) => wide(2, true, false),
            [a, 0, b, 0, ..] if ascii(*a) && ascii(*b) => wide(2, false, false),
            _ => None,
        }
    }

    /// "UTF-16 LE", "UTF-32 BE with a byte order mark", …
    fn name(self) -> String {
        format!(
            "UTF-{} {}{}",
            self.unit * 8,
            if self.big_endian { "BE" } else { "LE" },
            if self.bom {
                " with a byte order mark"
            } else {
                ""
            }
        )
    }

    /// The text, for display (units that do not decode become U+FFFD).
    fn decode(self, bytes: &[u8]) -> String {
        let body = if self.bom { &bytes[self.unit..] } else { bytes };
        let units = body.chunks(self.unit).map(|c| {
            let mut word = [0u8; 4];
            word[4 - c.len()..].copy_from_slice(c);
            if !self.big_endian {
                word[4 - c.len()..].reverse();
            }
            u32::from_be_bytes(word)
        });
        if self.unit == 2 {
            // Units of two bytes fit in u16.
            let units = units.map(|u| u16::try_from(u).unwrap_or(0xFFFD));
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        } else {
            units
                .map(|u| char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        }
    }
}

/// Whether `bytes` are UTF-16 or UTF-32 text (told by a byte order mark or by the NUL bytes
/// around the first characters) whose first character other than white space is `{`: a JSON
/// object in an encoding Meta refuses, which the flow test of a directory search must not skip.
pub fn is_wide_json_object(bytes: &[u8]) -> bool {
    let Some(wide) = Wide::detect(bytes) else {
        return false;
    };
    let head = &bytes[..bytes.len().min(64) / wide.unit * wide.unit];
    wide.decode(head).trim_start().starts_with('{')
}

/// `n` with a comma between groups of three digits (`10,485,760`).
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn syntax_finding(text: &str, json_start: usize, e: &serde_json::Error) -> Finding {
    let json = &text[json_start..];
    let lines = LineIndex::new(json);
    let mut at = json_start + lines.offset_of_byte_column(json, e.line(), e.column());
    let full = e.to_string();
    if full.starts_with("trailing comma") {
        // serde_json stops at the closing bracket; point at the comma itself.
        if let Some(comma) = text[..at].trim_end().strip_suffix(',') {
            at = comma.len();
        }
    }
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let (message, help) = if message == TOO_DEEP {
        (
            format!("the JSON is nested more than {MAX_NESTING_DEPTH} levels deep"),
            "no Flow JSON needs this depth; look for runaway nesting",
        )
    } else if json.trim_ascii().is_empty() {
        (
            format!(
                "the file is {}",
                if json.is_empty() {
                    "empty"
                } else {
                    "blank (only white space)"
                }
            ),
            "a Flow JSON file is one object: {\"version\": \"7.3\", \"screens\": [...]}",
        )
    } else if e.is_eof() {
        (
            format!("the JSON ends too early: {message}"),
            "a closing bracket, brace or quote is missing",
        )
    } else {
        (
            format!("the file is not valid JSON: {message}"),
            "Flow JSON is strict JSON: no comments, no trailing commas, double-quoted keys and strings",
        )
    };
    let end = (at + 1).min(text.len());
    Finding::error("json/syntax", "INVALID_FLOW_JSON", "", message)
        .with_anchor(Anchor::Bytes { start: at, end })
        .with_help(help)
}

/// Builds a `serde_json::Value` and notes whether any object repeated a key.
#[derive(Clone, Copy)]
struct ValueSeed<'c> {
    duplicates: &'c Cell<bool>,
    /// How many arrays and objects enclose the value.
    depth: usize,
}

impl ValueSeed<'_> {
    /// The seed of the values inside this one, an array or object; the error when this one is
    /// already one level too deep.
    fn inner<E: de::Error>(self) -> Result<Self, E> {
        if self.depth >= MAX_NESTING_DEPTH {
            return Err(E::custom(TOO_DEEP));
        }
        Ok(ValueSeed {
            duplicates: self.duplicates,
            depth: self.depth + 1,
        })
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(inner)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let v = map.next_value_seed(inner)?;
            if out.insert(key, v).is_some() {
                self.duplicates.set(true);
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(findings: &[Finding]) -> &Finding {
        assert_eq!(findings.len(), 1, "{findings:#?}");
        &findings[0]
    }

    #[test]
    fn an_empty_file_is_said_to_be_empty() {
        let (_, f) = load(b"");
        assert_eq!(only(&f).message, "the file is empty");
        let (_, f) = load(b" \n\t");
        assert_eq!(only(&f).message, "the file is blank (only white space)");
        let (_, f) = load(b"{");
        assert!(only(&f).message.starts_with("the JSON ends too early"));
    }

    #[test]
    fn valid_json_parses_without_findings() {
        let (doc, f) = load(br#"{"version": "7.3", "screens": []}"#);
        assert!(f.is_empty());
        assert!(doc.value.is_some());
        assert!(!doc.has_duplicate_keys);
    }

    #[test]
    fn trailing_comma_is_a_syntax_error_at_its_position() {
        let (doc, f) = load(b"{\n  \"a\": 1,\n}");
        let f = only(&f);
        assert_eq!(f.rule, "json/syntax");
        assert!(doc.value.is_none());
        assert_eq!(f.anchor, Anchor::Bytes { start: 10, end: 11 });
    }

    #[test]
    fn comments_are_rejected() {
        let (_, f) = load(b"{\"a\": 1 // no\n}");
        assert_eq!(only(&f).code, "INVALID_FLOW_JSON");
    }

    #[test]
    fn bom_is_reported_and_skipped() {
        let (doc, f) = load("\u{feff}{\"a\": 1}".as_bytes());
        assert_eq!(only(&f).rule, "json/byte-order-mark");
        assert_eq!(doc.json_start, 3);
        assert!(doc.value.is_some());
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let (doc, f) = load(b"{\"a\": \"\xff\"}");
        let f = only(&f);
        assert_eq!(f.rule, "json/encoding");
        assert_eq!(f.anchor, Anchor::Bytes { start: 7, end: 10 });
        assert!(doc.value.is_none());
    }

    #[test]
    fn exactly_128_levels_pass_and_129_do_not() {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let nest = |n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
            let (doc, f) = load(nest(MAX_NESTING_DEPTH).as_bytes());
            assert!(f.is_empty(), "{open}: {f:#?}");
            assert!(doc.value.is_some());
            let (doc, f) = load(nest(MAX_NESTING_DEPTH + 1).as_bytes());
            assert_eq!(
                only(&f).message,
                "the JSON is nested more than 128 levels deep",
                "{open}"
            );
            assert!(doc.value.is_none());
        }
    }

    #[test]
    fn absurd_nesting_is_reported_not_overflowed() {
        let deep = "[".repeat(100_000);
        let (_, f) = load(deep.as_bytes());
        assert!(only(&f).message.contains("nested"));
    }

    #[test]
    fn duplicate_keys_are_noticed() {
        let (doc, f) = load(br#"{"a": {"b": 1, "b": 2}}"#);
        assert!(f.is_empty());
        assert!(doc.has_duplicate_keys);
    }

    #[test]
    fn oversized_files_are_reported_and_not_parsed() {
        let mut big = b"[".to_vec();
        big.extend(std::iter::repeat_n(b' ', MAX_FLOW_JSON_BYTES - 2));
        big.push(b']');
        let (doc, f) = load(&big);
        assert!(f.is_empty(), "exactly 10 MiB is allowed");
        assert!(doc.value.is_some());
        big.insert(1, b' ');
        let (doc, f) = load(&big);
        let f = only(&f);
        assert_eq!(f.rule, "json/too-large");
        assert!(
            f.message.contains("10,485,761 bytes")
                && f.message.contains("10 MiB (10,485,760 bytes)"),
            "{}",
            f.message
        );
        assert!(doc.value.is_none());
        assert_eq!(doc.text.len(), big.len());
    }

    #[test]
    fn wide_json_objects_are_told_apart_from_other_wide_text() {
        let utf16le =
            |text: &str| -> Vec<u8> { text.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        assert!(is_wide_json_object(&utf16le(" {\"screens\": []}")));
        assert!(is_wide_json_object(
            &[&[0xFF, 0xFE][..], &utf16le("{}")].concat()
        ));
        assert!(!is_wide_json_object(&utf16le("[1, 2]")));
        assert!(!is_wide_json_object(b"{\"screens\": []}"));
        assert!(!is_wide_json_object(&[0xFF, 0xFE]));
    }

    #[test]
    fn utf16_and_utf32_are_named() {
        let text = "{\"version\": \"7.3\", \"title\": \"Caf\u{e9} \u{1f600}\"}";
        let utf16 = |big: bool| -> Vec<u8> {
            text.encode_utf16()
                .flat_map(|u| {
                    if big {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    }
                })
                .collect()
        };
        let utf32 = |big: bool| -> Vec<u8> {
            text.chars()
                .flat_map(|c| {
                    let c = u32::from(c);
                    if big {
                        c.to_be_bytes()
                    } else {
                        c.to_le_bytes()
                    }
                })
                .collect()
        };
        let with_bom = |bom: &[u8], body: Vec<u8>| [bom.to_vec(), body].concat();
        let cases = [
            (utf16(false), "UTF-16 LE"),
            (utf16(true), "UTF-16 BE"),
            (
                with_bom(&[0xFF, 0xFE], utf16(false)),
                "UTF-16 LE with a byte order mark",
            ),
            (
                with_bom(&[0xFE, 0xFF], utf16(true)),
                "UTF-16 BE with a byte order mark",
            ),
            (utf32(false), "UTF-32 LE"),
            (utf32(true), "UTF-32 BE"),
            (
                with_bom(&[0xFF, 0xFE, 0, 0], utf32(false)),
                "UTF-32 LE with a byte order mark",
            ),
            (
                with_bom(&[0, 0, 0xFE, 0xFF], utf32(true)),
                "UTF-32 BE with a byte order mark",
            ),
        ];
        for (bytes, name) in cases {
            let (doc, f) = load(&bytes);
            let f = only(&f);
            assert_eq!(f.rule, "json/encoding");
            assert_eq!(f.message, format!("the file is {name}; save it as UTF-8"));
            assert!(doc.value.is_none());
            assert_eq!(&*doc.text, text, "{name}: shown decoded");
        }
        // A UTF-8 file is not taken for a wide one, nor is a short one.
        for utf8 in [text.as_bytes(), b"{}", b"1", b""] {
            assert!(Wide::detect(utf8).is_none());
        }
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(10_485_760), "10,485,760");
        assert_eq!(thousands(123_456_789_012), "123,456,789,012");
    }
}
