//! The Partner API key, kept out of every output.

use std::fmt;

use serde_json::Value;

/// What replaces the key wherever it appears in text from a server.
pub const REDACTED: &str = "<redacted>";

/// The 360dialog Partner API key.
///
/// It has no `Display`, its `Debug` prints `ApiKey(<redacted>)`, and it is only ever turned
/// into text by [`ApiKey::expose`] when building the `X-API-Key` header (marked sensitive).
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. Surrounding whitespace (a trailing newline from `$(cat file)`) is removed.
    pub fn new(key: impl Into<String>) -> ApiKey {
        ApiKey(key.into().trim().to_owned())
    }

    /// The key itself, for the request header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the key is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the key can be sent in an HTTP header: printable ASCII only (no line break, no
    /// control or non-ASCII character).
    pub fn is_sendable(&self) -> bool {
        self.0.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
    }

    /// `text` with every occurrence of the key replaced by `<redacted>`: used on anything a
    /// server sends back before it is shown, in case it echoes the request headers.
    ///
    /// The key is matched without regard to ASCII case, and each of its characters may also be
    /// written percent-encoded (`%2D`), as a JSON or C escape (`\u002d`, `\x2d`, `\/`) or as an
    /// HTML character reference (`&#45;`, `&#x2d;`), so an echo that was encoded on the way is
    /// caught too.
    pub fn redact(&self, text: &str) -> String {
        if self.0.len() < 4 {
            // Too short to be a real key; replacing it would mangle ordinary words.
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = 0;
        let mut at = 0;
        while at < text.len() {
            if let Some(end) = self.match_at(text, at) {
                out.push_str(&text[rest..at]);
                out.push_str(REDACTED);
                rest = end;
                at = end;
            } else {
                at += text[at..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out.push_str(&text[rest..]);
        out
    }

    /// Redacts the key in every string and object key of `value`, in place (see
    /// [`ApiKey::redact`]): a decoded answer can hold the key even when its raw text does not.
    pub fn redact_json(&self, value: &mut Value) {
        match value {
            Value::String(s) => *s = self.redact(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.redact_json(v)),
            Value::Object(map) => {
                if map.keys().any(|k| self.redact(k) != *k) {
                    let entries = std::mem::take(map);
                    for (k, v) in entries {
                        map.insert(self.redact(&k), v);
                    }
                }
                map.values_mut().for_each(|v| self.redact_json(v));
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// The end of an occurrence of the key starting at byte `start` of `text`, if there is one.
    fn match_at(&self, text: &str, start: usize) -> Option<usize> {
        let mut at = start;
        for wanted in self.0.chars() {
            let rest = &text[at..];
            let literal = rest.chars().next()?;
            if same_char(literal, wanted) {
                at += literal.len_utf8();
            } else {
                let (decoded, len) = encoded_char(rest)?;
                if !same_char(decoded, wanted) {
                    return None;
                }
                at += len;
            }
        }
        Some(at)
    }
}

/// Equal characters, ignoring ASCII case.
fn same_char(a: char, b: char) -> bool {
    a.eq_ignore_ascii_case(&b)
}

/// The character an escape at the start of `text` stands for, and the escape's length in bytes:
/// `%XX`, `\uXXXX`, `\xXX`, `\` before a punctuation character, `&#N;` and `&#xX;`.
fn encoded_char(text: &str) -> Option<(char, usize)> {
    let hex = |digits: &str| {
        u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
    };
    let bytes = text.as_bytes();
    match bytes.first()? {
        b'%' => Some((hex(text.get(1..3)?)?, 3)),
        b'\\' => match bytes.get(1)? {
            b'u' => Some((hex(text.get(2..6)?)?, 6)),
            b'x' => Some((hex(text.get(2..4)?)?, 4)),
            b if b.is_ascii_punctuation() => Some((char::from(*b), 2)),
            _ => None,
        },
        b'&' if bytes.get(1) == Some(&b'#') => {
            let end = text.get(2..)?.find(';')? + 2;
            let body = &text[2..end];
            let code = match body.strip_prefix(['x', 'X']) {
                Some(digits) => u32::from_str_radix(digits, 16).ok(),
                None => body.parse::<u32>().ok(),
            };
            Some((char::from_u32(code?)?, end + 1))
        }
        _ => None,
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-CANARY-9f8e7d6c5b4a3210";

    #[test]
    fn debug_and_redact_hide_the_key() {
        let key = ApiKey::new("sk-live-123456\n");
        assert_eq!(key.expose(), "sk-live-123456");
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert_eq!(key.redact("bad key sk-live-123456!"), "bad key <redacted>!");
    }

    #[test]
    fn encoded_and_case_variants_are_redacted() {
        let key = ApiKey::new(KEY);
        for echo in [
            KEY.to_owned(),
            KEY.to_uppercase(),
            KEY.to_lowercase(),
            KEY.replace('-', "%2D"),
            KEY.replace('-', "%2d"),
            KEY.chars().map(|c| format!("%{:02X}", c as u32)).collect(),
            KEY.chars()
                .map(|c| format!("\\u{:04x}", c as u32))
                .collect(),
            KEY.replace('-', "\\x2d"),
            KEY.replace('-', "&#45;"),
            KEY.replace('-', "&#x2D;"),
        ] {
            assert_eq!(
                key.redact(&format!("key «{echo}» refused")),
                "key «<redacted>» refused",
                "{echo}"
            );
        }
        assert_eq!(
            key.redact(&format!("{KEY}{KEY} x {KEY}")),
            "<redacted><redacted> x <redacted>"
        );
        // Not the key: left alone, escapes included.
        let other = "sk-CANARY-9f8e7d6c5b4a321 %2D \\u00 &#; \\";
        assert_eq!(key.redact(other), other);
        assert_eq!(ApiKey::new("abc").redact("abc"), "abc");
    }

    #[test]
    fn decoded_json_is_redacted_in_strings_and_keys() {
        let key = ApiKey::new(KEY);
        let raw = format!(
            r#"{{"a": ["\u0073\u006b-CANARY-9f8e7d6c5b4a3210", 1, null], "{}": {{"m": "x {} y"}}}}"#,
            KEY.to_uppercase(),
            KEY.replace('-', "%2D"),
        );
        let mut value: Value = serde_json::from_str(&raw).unwrap_or_default();
        key.redact_json(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"a": ["<redacted>", 1, null], "<redacted>": {"m": "x <redacted> y"}})
        );
    }

    #[test]
    fn only_printable_ascii_keys_can_be_sent() {
        assert!(ApiKey::new("sk-live 1234_~").is_sendable());
        for bad in ["sk\r\nX-Other: 1", "sk\u{7f}x", "sk\u{e9}", "a\0b"] {
            assert!(!ApiKey::new(bad).is_sendable(), "{bad:?}");
        }
    }
}
