//! The Partner API key, kept out of every output.

use std::fmt;

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

    /// `text` with every occurrence of the key replaced by `<redacted>`: used on anything a
    /// server sends back before it is shown, in case a body echoes the request headers.
    pub fn redact(&self, text: &str) -> String {
        if self.0.len() < 4 {
            // Too short to be a real key; replacing it would mangle ordinary words.
            return text.to_owned();
        }
        text.replace(&self.0, "<redacted>")
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

    #[test]
    fn debug_and_redact_hide_the_key() {
        let key = ApiKey::new("sk-live-123456\n");
        assert_eq!(key.expose(), "sk-live-123456");
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert_eq!(key.redact("bad key sk-live-123456!"), "bad key <redacted>!");
    }
}
