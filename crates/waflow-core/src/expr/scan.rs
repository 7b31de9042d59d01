//! The light scanner of `${…}` references used where only the names matter (payload values, the
//! data fields a flow reads): it accepts any name between the dots, where the lexer of
//! [`references`](super::references) reports malformed names. Both live here so that one module
//! owns the reference syntax.

/// A `${data.a.b}`, `${form.x}` or `${screen.S.data.x}` / `${screen.S.form.x}` reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ref<'s> {
    /// The screen of a global reference.
    pub screen: Option<&'s str>,
    /// `true` for `form`, `false` for `data`.
    pub form: bool,
    /// The names after the scope (never empty).
    pub path: Vec<&'s str>,
}

fn parse_inner(inner: &str) -> Option<Ref<'_>> {
    let mut parts = inner.split('.');
    let mut first = parts.next()?;
    let mut screen = None;
    if first == "screen" {
        screen = Some(parts.next().filter(|s| !s.is_empty())?);
        first = parts.next()?;
    }
    let form = match first {
        "data" => false,
        "form" => true,
        _ => return None,
    };
    let path: Vec<&str> = parts.collect();
    if path.is_empty() || path.iter().any(|p| p.is_empty()) {
        return None;
    }
    Some(Ref { screen, form, path })
}

/// The reference when the whole string is exactly one `${…}`.
pub(crate) fn whole_binding(s: &str) -> Option<Ref<'_>> {
    let inner = s.strip_prefix("${")?.strip_suffix('}')?;
    if inner.contains(['{', '}', '$', ' ']) {
        return None;
    }
    parse_inner(inner)
}

/// Every well-formed `${…}` reference inside a string (also inside backtick expressions).
pub(crate) fn scan_refs(s: &str) -> impl Iterator<Item = Ref<'_>> {
    let mut rest = s;
    std::iter::from_fn(move || {
        loop {
            let start = super::find_open(rest)?;
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                rest = "";
                return None;
            };
            let inner = &after[..end];
            rest = &after[end + 1..];
            if let Some(r) = parse_inner(inner) {
                return Some(r);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bindings() {
        let r = whole_binding("${data.a.b}");
        assert_eq!(
            r,
            Some(Ref {
                screen: None,
                form: false,
                path: vec!["a", "b"]
            })
        );
        let g = whole_binding("${screen.S.form.x}");
        assert_eq!(g.map(|r| (r.screen, r.form)), Some((Some("S"), true)));
        assert_eq!(whole_binding("${data.}"), None);
        assert_eq!(whole_binding("x ${data.a}"), None);
        assert_eq!(whole_binding("${data.a} ${data.b}"), None);
        let all: Vec<_> = scan_refs("`${data.a} + ${form.b}` ${oops} ${screen.X.data.c")
            .map(|r| r.path[0])
            .collect();
        assert_eq!(all, ["a", "b"]);
    }
}
