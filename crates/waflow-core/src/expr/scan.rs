//! `${…}` references where only their names matter (payload values, the data fields a flow
//! reads): a borrowed view of what the one lexer reads ([`references`]), and what the schema's
//! binding pattern lets through.

use super::{Reference, Scope, each_reference, lexer};
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
        let screen = r.screen.as_ref().map(|(_, span)| span);
        Ref::of_parts(src, screen, r.scope, &r.path_spans)
    }

    /// The names of a well-formed reference the lexer read in place from `src`.
    fn of_spans(src: &'s str, r: &lexer::Spans) -> Ref<'s> {
        Ref::of_parts(src, r.screen.as_ref(), r.scope, &r.path)
    }

    fn of_parts(
        src: &'s str,
        screen: Option<&std::ops::Range<usize>>,
        scope: Scope,
        path: &[std::ops::Range<usize>],
    ) -> Ref<'s> {
        let text = |span: &std::ops::Range<usize>| src.get(span.clone()).unwrap_or_default();
        Ref {
            screen: screen.map(text),
            form: scope == Scope::Form,
            path: path.iter().map(text).collect(),
        }
    }

    /// The reference at `start` (a `${`) and the offset after it: a well-formed one is read in
    /// place, any other by the diagnosing lexer (`None`: it is not a reference).
    fn read(src: &'s str, start: usize) -> Option<(Ref<'s>, usize)> {
        if let Some((r, end)) = lexer::lex_well_formed(src, start, src.len()) {
            return Some((Ref::of_spans(src, &r), end));
        }
        let (r, end) = lexer::lex_reference(src, start, src.len()).ok()?;
        Some((Ref::of(src, &r), end))
    }
}

/// The reference when the whole string is exactly one well-formed `${…}`.
pub(crate) fn whole_binding(s: &str) -> Option<Ref<'_>> {
    if !s.starts_with("${") {
        return None;
    }
    Ref::read(s, 0).and_then(|(r, end)| (end == s.len()).then_some(r))
}

/// Every well-formed `${…}` reference inside a string (also inside backtick expressions).
/// What [`references`](super::references) finds, without copying the names.
pub(crate) fn scan_refs(s: &str) -> impl Iterator<Item = Ref<'_>> {
    each_reference(s, Ref::read)
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
    use proptest::prelude::*;

    use super::*;
    use crate::expr::references;

    proptest! {
        /// The in-place reads find what the owned lexer finds, well-formed or not.
        #[test]
        fn in_place_reads_agree_with_the_lexer(
            parts in proptest::collection::vec(prop_oneof![
                "(screen|data|form|[a-zé_\\-]{0,3})(\\.(data|form|[a-zA-Z0-9_é ,-]{0,3})){0,4}"
                    .prop_map(|body| format!("${{{body}}}")),
                "[ `$a{}.é]{0,3}",
            ], 0..6)
        ) {
            let s = parts.concat();
            let owned: Vec<Ref<'_>> = references(&s).iter().map(|r| Ref::of(&s, r)).collect();
            prop_assert_eq!(scan_refs(&s).collect::<Vec<_>>(), owned);
            let whole = match s.starts_with("${").then(|| lexer::lex_reference(&s, 0, s.len())) {
                Some(Ok((r, end))) if end == s.len() => Some(Ref::of(&s, &r)),
                _ => None,
            };
            prop_assert_eq!(whole_binding(&s), whole);
        }
    }

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
