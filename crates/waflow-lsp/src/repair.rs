//! Half-typed JSON made whole: the few insertions and blanked bytes that turn a text being typed
//! into valid JSON, so that what parses can still be checked, completed and navigated.
//!
//! Blanked bytes become spaces (offsets do not move); insertions (a closing quote, bracket or
//! brace, a missing `:` or `,`, a `null` for a missing value) are recorded so that offsets map
//! both ways between the typed text and the repaired one.

use waflow_core::document::MAX_NESTING_DEPTH;

/// One insertion made by the repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Insert {
    /// Offset in the original text.
    at: usize,
    /// Inserted text.
    text: &'static str,
}

/// A repaired text and how it relates to the original.
#[derive(Debug, Clone)]
pub struct Repair {
    /// The repaired text (valid JSON).
    pub text: String,
    inserts: Vec<Insert>,
    /// Original offsets where something was changed (insertions and blanked bytes).
    touched: Vec<usize>,
}

impl Repair {
    /// The repaired offset of original offset `offset`: insertions made at `offset` come after
    /// it (a cursor at the end of an unterminated string stays inside the string).
    pub fn to_repaired(&self, offset: usize) -> usize {
        offset
            + self
                .inserts
                .iter()
                .filter(|i| i.at < offset)
                .map(|i| i.text.len())
                .sum::<usize>()
    }

    /// The original offset of repaired offset `offset` (an offset inside inserted text maps to
    /// the insertion point).
    pub fn to_original(&self, offset: usize) -> usize {
        let mut shift = 0;
        for insert in &self.inserts {
            let start = insert.at + shift;
            if offset <= start {
                break;
            }
            if offset < start + insert.text.len() {
                return insert.at;
            }
            shift += insert.text.len();
        }
        offset - shift
    }

    /// Whether the repaired range `start..=end` holds a place the repair changed.
    pub fn touches(&self, start: usize, end: usize) -> bool {
        let (start, end) = (self.to_original(start), self.to_original(end));
        self.touched.iter().any(|&t| t >= start && t <= end)
    }
}

/// Repairs `text`; `None` when it is nested too deeply to be worth it.
pub fn repair(text: &str) -> Option<Repair> {
    let mut r = Repairer {
        src: text.as_bytes(),
        pos: 0,
        out: Vec::with_capacity(text.len() + 16),
        inserts: Vec::new(),
        touched: Vec::new(),
    };
    r.value(0)?;
    r.ws();
    while r.pos < r.src.len() {
        r.blank();
        r.ws();
    }
    let text = String::from_utf8(r.out).ok()?;
    Some(Repair {
        text,
        inserts: r.inserts,
        touched: r.touched,
    })
}

struct Repairer<'a> {
    src: &'a [u8],
    pos: usize,
    out: Vec<u8>,
    inserts: Vec<Insert>,
    touched: Vec<usize>,
}

impl Repairer<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn copy(&mut self) {
        if let Some(b) = self.peek() {
            self.out.push(b);
            self.pos += 1;
        }
    }

    fn insert(&mut self, text: &'static str) {
        self.inserts.push(Insert { at: self.pos, text });
        self.touched.push(self.pos);
        self.out.extend_from_slice(text.as_bytes());
    }

    /// Replaces the character at the cursor by as many spaces as it has bytes.
    fn blank(&mut self) {
        let Some(b) = self.peek() else { return };
        let len = match b {
            0xF0..=0xFF => 4,
            0xE0..=0xEF => 3,
            0xC0..=0xDF => 2,
            _ => 1,
        };
        let len = len.min(self.src.len() - self.pos);
        self.touched.push(self.pos);
        if b == b'\n' {
            self.out.push(b'\n');
        } else {
            self.out.extend(std::iter::repeat_n(b' ', len));
        }
        self.pos += len;
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.copy();
        }
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_NESTING_DEPTH {
            return None;
        }
        loop {
            self.ws();
            match self.peek() {
                Some(b'{') => return self.object(depth),
                Some(b'[') => return self.array(depth),
                Some(b'"') => {
                    self.string();
                    return Some(());
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.number();
                    return Some(());
                }
                Some(b'a'..=b'z' | b'A'..=b'Z' | b'_') => {
                    self.word();
                    return Some(());
                }
                None | Some(b',' | b'}' | b']' | b':') => {
                    self.insert("null");
                    return Some(());
                }
                Some(_) => self.blank(),
            }
        }
    }

    /// A bare literal being typed: `true`, `false` and `null` stay, anything else becomes `null`.
    fn word(&mut self) {
        self.token(
            |b| b.is_ascii_alphanumeric() || b == b'_',
            |t| matches!(t, b"true" | b"false" | b"null"),
            "null",
        );
    }

    /// A number; one that is not yet valid (`1.`, `-`) becomes `0`.
    fn number(&mut self) {
        self.token(
            |b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'),
            |t| {
                std::str::from_utf8(t)
                    .is_ok_and(|s| serde_json::from_str::<serde_json::Number>(s).is_ok())
            },
            "0",
        );
    }

    /// The bytes `part` accepts from the cursor: copied when they are `valid`, else blanked and
    /// replaced by `placeholder`.
    fn token(&mut self, part: fn(u8) -> bool, valid: fn(&[u8]) -> bool, placeholder: &'static str) {
        let end = self.pos
            + self.src[self.pos..]
                .iter()
                .take_while(|b| part(**b))
                .count();
        if valid(&self.src[self.pos..end]) {
            while self.pos < end {
                self.copy();
            }
        } else {
            while self.pos < end {
                self.blank();
            }
            self.insert(placeholder);
        }
    }

    /// A string; an unterminated one ends before the end of its line.
    fn string(&mut self) {
        self.copy();
        loop {
            match self.peek() {
                None | Some(b'\n' | b'\r') => {
                    self.insert("\"");
                    return;
                }
                Some(b'"') => {
                    self.copy();
                    return;
                }
                Some(b'\\') => {
                    let next = self.src.get(self.pos + 1).copied();
                    let hex = |k: usize| {
                        self.src
                            .get(self.pos + k)
                            .is_some_and(u8::is_ascii_hexdigit)
                    };
                    match next {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.copy();
                            self.copy();
                        }
                        Some(b'u') if (2..6).all(hex) => {
                            for _ in 0..6 {
                                self.copy();
                            }
                        }
                        _ => self.blank(),
                    }
                }
                Some(b) if b < 0x20 => self.blank(),
                Some(_) => self.copy(),
            }
        }
    }

    /// After a member or element: a comma is kept unless nothing follows it before the closing
    /// bracket (a trailing comma); returns whether another member or element follows.
    fn separator(&mut self, close: u8) -> bool {
        self.ws();
        match self.peek() {
            Some(b',') => {
                let comma = self.pos;
                let mut next = comma + 1;
                while matches!(self.src.get(next), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                    next += 1;
                }
                match self.src.get(next) {
                    None => {
                        self.blank();
                        false
                    }
                    Some(&b) if b == close || b == b'}' || b == b']' => {
                        self.blank();
                        false
                    }
                    Some(_) => {
                        self.copy();
                        true
                    }
                }
            }
            Some(b) if b == close || b == b'}' || b == b']' => false,
            None => false,
            // A missing comma: the next member or element starts here.
            Some(_) => {
                self.insert(",");
                true
            }
        }
    }

    /// Closes a container: the expected bracket is copied, a missing one inserted.
    fn close(&mut self, close: u8) {
        self.ws();
        if self.peek() == Some(close) {
            self.copy();
        } else {
            self.insert(if close == b'}' { "}" } else { "]" });
        }
    }

    /// Copies an opening bracket; an empty container is closed at once (returns `true`).
    fn open(&mut self, close: u8) -> bool {
        self.copy();
        self.ws();
        let empty = self.peek() == Some(close);
        if empty {
            self.copy();
        }
        empty
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        if self.open(b'}') {
            return Some(());
        }
        loop {
            self.ws();
            match self.peek() {
                None | Some(b'}' | b']') => break,
                Some(b'"') => self.string(),
                Some(b':') => self.insert("\"\""),
                Some(b',') => {
                    self.blank();
                    continue;
                }
                Some(b'a'..=b'z' | b'A'..=b'Z' | b'_') => {
                    // An unquoted key being typed: it becomes an empty key.
                    while matches!(
                        self.peek(),
                        Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-')
                    ) {
                        self.blank();
                    }
                    self.insert("\"\"");
                }
                Some(_) => {
                    self.blank();
                    continue;
                }
            }
            self.ws();
            if self.peek() == Some(b':') {
                self.copy();
            } else {
                self.insert(":");
            }
            self.value(depth + 1)?;
            if !self.separator(b'}') {
                break;
            }
        }
        self.close(b'}');
        Some(())
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        if self.open(b']') {
            return Some(());
        }
        loop {
            self.ws();
            if matches!(self.peek(), None | Some(b'}' | b']')) {
                break;
            }
            self.value(depth + 1)?;
            if !self.separator(b']') {
                break;
            }
        }
        self.close(b']');
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        let r = repair(text).unwrap_or_else(|| panic!("no repair"));
        assert!(
            serde_json::from_str::<serde_json::Value>(&r.text).is_ok(),
            "not JSON: {}",
            r.text
        );
        r.text
    }

    #[test]
    fn typing_states_become_json() {
        assert_eq!(fixed("{\"a\": \"Tex\n}"), "{\"a\": \"Tex\"\n}");
        assert_eq!(fixed("{\"a\": "), "{\"a\": null}");
        assert_eq!(fixed("{\"a\": 1,}"), "{\"a\": 1 }");
        assert_eq!(fixed("{\"a\": 1 \"b\": 2}"), "{\"a\": 1 ,\"b\": 2}");
        assert_eq!(fixed("{\"a\": [1, {\"b\""), "{\"a\": [1, {\"b\":null}]}");
        assert_eq!(fixed("{\"a\": tru}"), "{\"a\":    null}");
        assert_eq!(fixed("{\"a\": 1} x"), "{\"a\": 1}  ");
        assert_eq!(fixed("[1, 2"), "[1, 2]");
        assert_eq!(fixed("{ty}"), "{  \"\":null}");
    }

    #[test]
    fn offsets_map_both_ways() {
        let r = repair("{\"a\": \"x").unwrap_or_else(|| panic!("no repair"));
        assert_eq!(r.text, "{\"a\": \"x\"}");
        assert_eq!(r.to_repaired(8), 8);
        assert_eq!(r.to_original(9), 8);
        assert_eq!(r.to_original(10), 8);
        assert!(r.touches(0, 10));
        assert!(!r.touches(1, 4));
    }

    #[test]
    fn absurd_nesting_is_not_repaired() {
        assert!(repair(&"[".repeat(10_000)).is_none());
    }
}
