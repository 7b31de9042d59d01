//! `${…}` references where only their names matter (payload values, the data fields a flow
//! reads): a borrowed view of what the one lexer reads ([`references`]), and what the schema's
//! binding pattern lets through.

use super::{Reference, Scope, lexer, references};
use crate::version::FlowVersion;

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

impl<'s> Ref<'s> {
    /// The names of a reference the lexer read from `src`.
    pub(crate) fn of(src: &'s str, r: &Reference) -> Ref<'s> {
        let text = |span: &std::ops::Range<usize>| src.get(span.clone()).unwrap_or_default();
        Ref {
            screen: r.screen.as_ref().map(|(_, span)| text(span)),
            form: r.scope == Scope::Form,
            path: r.path_spans.iter().map(text).collect(),
        }
    }
}

/// The reference when the whole string is exactly one well-formed `${…}`.
pub(crate) fn whole_binding(s: &str) -> Option<Ref<'_>> {
    if !s.starts_with("${") {
        return None;
    }
    match lexer::lex_reference(s, 0, s.len()) {
        Ok((r, end)) if end == s.len() => Some(Ref::of(s, &r)),
        _ => None,
    }
}

/// Every well-formed `${…}` reference inside a string (also inside backtick expressions).
pub(crate) fn scan_refs(s: &str) -> impl Iterator<Item = Ref<'_>> {
    references(s).into_iter().map(move |r| Ref::of(s, &r))
}

/// Whether the schema's binding pattern of `version` ([`binding`](crate::schema::patterns::binding))
/// lets `s` through: up to 3.1 `${data.…}` with the string ending in `}`; from 4.0 the string
/// only has to *start* with a well-formed `${…}` reference, so `${data.a} != ''` passes the
/// schema of a boolean property although it is not one binding. (A backtick expression, 6.0+,
/// is not a binding and is not covered here.)
pub(crate) fn passes_binding_pattern(s: &str, version: FlowVersion) -> bool {
    if version < FlowVersion::V4_0 {
        // `^\$\{data\..+\}$`
        return s.len() > "${data.}".len() && s.starts_with("${data.") && s.ends_with('}');
    }
    // `^\$\{(screen\.([a-zA-Z,_]*)\.)?(data|form)(\.[\w-]+)+\}`
    let Some(mut rest) = s.strip_prefix("${") else {
        return false;
    };
    if let Some(after) = rest.strip_prefix("screen.") {
        let id = after
            .find(|c: char| !(c.is_ascii_alphabetic() || c == ',' || c == '_'))
            .unwrap_or(after.len());
        match after[id..].strip_prefix('.') {
            Some(r) => rest = r,
            None => return false,
        }
    }
    let Some(mut rest) = rest
        .strip_prefix("data")
        .or_else(|| rest.strip_prefix("form"))
    else {
        return false;
    };
    let mut names = 0;
    while let Some(r) = rest.strip_prefix('.') {
        let n = r
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(r.len());
        if n == 0 {
            return false;
        }
        rest = &r[n..];
        names += 1;
    }
    names > 0 && rest.starts_with('}')
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

    #[test]
    fn the_binding_pattern_is_the_schemas() {
        let strings = [
            "${data.a} != ''",
            "${data.a}",
            "${form.a_b-c} == ${data.b}",
            "${screen.S_,x.data.a}x",
            "${screen.S1.data.a}",
            "${screen..form.a}!",
            "${data.}",
            "${data.a.}",
            "${data}",
            "${data.a b}",
            "x ${data.a}",
            "`${data.a}`",
            "${data.é}",
            "${data.a} == ${data.b}",
            "${data.a",
        ];
        for version in [FlowVersion::V3_1, FlowVersion::V4_0, FlowVersion::V7_3] {
            let pattern = crate::schema::patterns::binding(version);
            let schema = serde_json::json!({"type": "string", "pattern": pattern});
            let Ok(validator) = jsonschema::Validator::new(&schema) else {
                panic!("the binding pattern of {version} does not compile");
            };
            for s in strings {
                let schema_says = validator.is_valid(&serde_json::json!(s)) && !s.starts_with('`');
                assert_eq!(
                    passes_binding_pattern(s, version),
                    schema_says,
                    "{s:?} in {version}"
                );
            }
        }
    }
}
