//! `file:` URIs to paths and back.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The path of a `file:` URI; `None` for any other scheme (an unsaved buffer, say).
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///p` (empty authority) or `file://localhost/p`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |k: usize| bytes.get(k).and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    let path = String::from_utf8(out).ok()?;
    path.starts_with('/').then(|| PathBuf::from(path))
}

/// The name of an `untitled:` URI (a buffer never saved, `untitled:Untitled-1`); `None` for any
/// other scheme.
pub fn untitled_name(uri: &Uri) -> Option<String> {
    let name = uri.as_str().strip_prefix("untitled:")?;
    Some(name.trim_start_matches('/').to_owned())
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let mut out = String::from("file://");
    for b in path.to_str()?.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_through_uris() {
        let path = Path::new("/srv/my flows/café#1.json");
        let uri = from_path(path).unwrap_or_else(|| panic!("no uri"));
        assert_eq!(uri.as_str(), "file:///srv/my%20flows/caf%C3%A9%231.json");
        assert_eq!(to_path(&uri).as_deref(), Some(path));
        let other = Uri::from_str("untitled:Untitled-1").unwrap_or_else(|_| panic!("uri"));
        assert_eq!(to_path(&other), None);
        assert_eq!(untitled_name(&other).as_deref(), Some("Untitled-1"));
        assert_eq!(untitled_name(&uri), None);
    }
}
