//! RFC 6901 JSON pointers and Meta's dotted path form (`screens[0].layout.children[2]`).

use serde_json::Value;

/// Appends one key or index to a pointer, escaping `~` and `/`.
pub fn push(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + segment.len() + 1);
    out.push_str(pointer);
    out.push('/');
    if !segment.contains(['~', '/']) {
        out.push_str(segment);
        return out;
    }
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Appends an array index to a pointer.
pub fn push_index(pointer: &str, index: usize) -> String {
    // Decimal digits without the formatting machinery: pointers are built for every component.
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut n = index;
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(pointer.len() + 1 + digits.len() - start);
    out.push_str(pointer);
    out.push('/');
    for &d in &digits[start..] {
        out.push(char::from(d));
    }
    out
}

/// The decoded segments of a pointer (`""` has none).
pub fn segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|s| match s.as_bytes().contains(&b'~') {
            true => s.replace("~1", "/").replace("~0", "~"),
            // Nearly every segment: copied whole, without two substring searches.
            false => s.to_owned(),
        })
}

/// The parent of a pointer, or `None` for the root.
pub fn parent(pointer: &str) -> Option<&str> {
    pointer.rfind('/').map(|i| &pointer[..i])
}

/// Meta's path form of a pointer: array indices in brackets, keys joined by dots.
///
/// `document` tells arrays from objects whose keys look like numbers; segments that do not
/// resolve are treated as indices when they are all digits.
pub fn to_meta_path(pointer: &str, document: &Value) -> String {
    let mut out = String::new();
    let mut node = Some(document);
    for seg in segments(pointer) {
        let is_index = match node {
            Some(Value::Array(_)) => true,
            Some(_) => false,
            None => !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()),
        };
        node = node.and_then(|n| match n {
            Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
            Value::Object(map) => map.get(&seg),
            _ => None,
        });
        if is_index {
            out.push('[');
            out.push_str(&seg);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

/// Converts Meta's path form back into a pointer, using `document` to tell keys that contain
/// dots from nested keys. Returns `None` when the path does not resolve in the document.
pub fn from_meta_path(path: &str, document: &Value) -> Option<String> {
    let path = path.trim();
    let path = path.strip_prefix("$root").unwrap_or(path);
    let mut pointer = String::new();
    let mut node = document;
    let mut rest = path.trim_start_matches('.');
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']')?;
            let index: usize = after[..close].trim().parse().ok()?;
            node = node.as_array()?.get(index)?;
            pointer = push_index(&pointer, index);
            rest = after[close + 1..].trim_start_matches('.');
            continue;
        }
        let map = node.as_object()?;
        // The shortest prefix that names a key, so that keys with dots still resolve.
        let (key, cut) = rest
            .match_indices(['.', '['])
            .map(|(i, _)| i)
            .chain(std::iter::once(rest.len()))
            .filter(|&cut| cut > 0)
            .find_map(|cut| {
                let key = rest[..cut].trim();
                map.contains_key(key).then_some((key, cut))
            })?;
        node = map.get(key)?;
        pointer = push(&pointer, key);
        rest = rest[cut..].trim_start_matches('.');
    }
    Some(pointer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_and_unescapes_segments() {
        let p = push(&push("", "a/b"), "m~n");
        assert_eq!(p, "/a~1b/m~0n");
        assert_eq!(segments(&p).collect::<Vec<_>>(), ["a/b", "m~n"]);
        assert_eq!(parent(&p), Some("/a~1b"));
        assert_eq!(parent(""), None);
        assert_eq!(push_index("/a", 0), "/a/0");
        assert_eq!(push_index("", 1207), "/1207");
        assert_eq!(push_index("/a", usize::MAX), format!("/a/{}", usize::MAX));
    }

    #[test]
    fn meta_path_round_trips() {
        let doc = json!({"screens": [{"layout": {"children": [{"on-click-action": {"payload": {"a.b": 1}}}]}}]});
        let p = "/screens/0/layout/children/0/on-click-action/payload/a.b";
        let meta = to_meta_path(p, &doc);
        assert_eq!(
            meta,
            "screens[0].layout.children[0].on-click-action.payload.a.b"
        );
        assert_eq!(from_meta_path(&meta, &doc).as_deref(), Some(p));
        assert_eq!(to_meta_path("", &doc), "");
        assert_eq!(from_meta_path("screens[3]", &doc), None);
    }

    #[test]
    fn meta_path_accepts_spaces_and_root_prefix() {
        let doc = json!({"screens": [{"layout": {"children": [{"type": "X"}]}}]});
        assert_eq!(
            from_meta_path("screens [0]. layout.children [0].type", &doc).as_deref(),
            Some("/screens/0/layout/children/0/type")
        );
        assert_eq!(
            from_meta_path("$root/screens/0", &doc),
            None,
            "the legacy slash form is not a dotted path"
        );
    }
}
