//! Property tests of the expression module: no input makes it panic, and every byte range it
//! reports lies inside the string, on character boundaries.

use std::ops::Range;

use proptest::prelude::*;
use waflow_core::expr::{
    Dynamic, Expr, ExprError, Reference, Ty, classify, parse_condition, parse_nested, type_of,
};

fn assert_range(s: &str, r: &Range<usize>) -> Result<(), TestCaseError> {
    prop_assert!(r.start <= r.end, "{r:?} is reversed in {s:?}");
    prop_assert!(r.end <= s.len(), "{r:?} is past the end of {s:?}");
    prop_assert!(
        s.is_char_boundary(r.start) && s.is_char_boundary(r.end),
        "{r:?} splits a char in {s:?}"
    );
    Ok(())
}

fn check_ref(s: &str, r: &Reference) -> Result<(), TestCaseError> {
    assert_range(s, &r.span)?;
    prop_assert!(!r.path.is_empty());
    for p in &r.path_spans {
        assert_range(s, p)?;
    }
    if let Some((_, span)) = &r.screen {
        assert_range(s, span)?;
    }
    Ok(())
}

fn check_parsed(s: &str, parsed: &Result<Expr, ExprError>) -> Result<(), TestCaseError> {
    match parsed {
        Err(e) => {
            assert_range(s, &e.span)?;
            prop_assert!(!e.message.is_empty());
        }
        Ok(expr) => {
            assert_range(s, &expr.span())?;
            let mut refs = Vec::new();
            expr.for_each_ref(&mut |r| refs.push(r.clone()));
            for r in &refs {
                check_ref(s, r)?;
            }
            let mut n = 0usize;
            let typed = type_of(expr, &mut |_| {
                n += 1;
                [Ty::String, Ty::Number, Ty::Boolean, Ty::Array, Ty::Unknown][n % 5]
            });
            if let Err(e) = typed {
                assert_range(s, &e.span)?;
            }
        }
    }
    Ok(())
}

fn check_all(s: &str) -> Result<(), TestCaseError> {
    for nested in [false, true] {
        match classify(s, nested) {
            Dynamic::Static => {}
            Dynamic::Binding(r) => check_ref(s, &r)?,
            Dynamic::BadBinding(e) => assert_range(s, &e.span)?,
            Dynamic::Nested(parsed) => check_parsed(s, &parsed)?,
            Dynamic::Interpolated(parts) => {
                for p in &parts {
                    assert_range(s, p)?;
                }
            }
        }
    }
    check_parsed(s, &parse_nested(s))?;
    check_parsed(s, &parse_condition(s))?;
    Ok(())
}

/// Strings made of the pieces expressions are built from, so that the parser goes deep.
fn expression_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("${data.a}".to_owned()),
        Just("${form.b}".to_owned()),
        Just("${screen.S.data.c}".to_owned()),
        Just("${data.".to_owned()),
        Just("${".to_owned()),
        Just("}".to_owned()),
        Just("`".to_owned()),
        Just("'".to_owned()),
        Just("\\".to_owned()),
        Just("'é ✓'".to_owned()),
        Just("12".to_owned()),
        Just("-".to_owned()),
        Just(".5".to_owned()),
        Just("true".to_owned()),
        Just("x".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just(" ".to_owned()),
        Just("!".to_owned()),
        Just("==".to_owned()),
        Just("=".to_owned()),
        Just("&&".to_owned()),
        Just("|".to_owned()),
        Just("<=".to_owned()),
        Just(">".to_owned()),
        Just("+".to_owned()),
        Just("*".to_owned()),
        Just("%".to_owned()),
        Just("😀".to_owned()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        check_all(&s)?;
    }

    #[test]
    fn expression_like_strings_never_panic(s in expression_like()) {
        check_all(&s)?;
        let wrapped = format!("`{s}`");
        check_all(&wrapped)?;
    }
}

/// A flow whose TextBody text and If condition are `text` (JSON-escaped).
fn flow_with(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    format!(
        r#"{{"version":"7.3","screens":[{{"id":"A","title":"A","terminal":true,"data":{{"a":{{"type":"string","__example__":"x"}}}},"layout":{{"type":"SingleColumnLayout","children":[{{"type":"TextBody","text":{quoted}}},{{"type":"If","condition":{quoted},"then":[{{"type":"TextBody","text":"x"}}]}},{{"type":"Footer","label":"Done","on-click-action":{{"name":"complete","payload":{{}}}}}}]}}}}]}}"#
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Through the whole check, every finding's span lies in the file on character boundaries,
    /// also when the string is full of escapes.
    #[test]
    fn spans_inside_escaped_strings_stay_in_the_file(s in expression_like(), noise in "[\"\\\\\n\t\u{e9}\u{1F600}]{0,4}") {
        let text = format!("{noise}{s}");
        for value in [text.clone(), format!("`{text}`")] {
            let json = flow_with(&value);
            let report = waflow_core::check("p.json", json.as_bytes(), &waflow_core::CheckOptions::default());
            for d in &report.diagnostics {
                assert_range(&report.text, &(d.span.start..d.span.end))?;
            }
        }
    }
}
