use super::*;

/// Types every reference by its last name: `s…` string, `n…` number, `b…` boolean,
/// `a…` array, `o…` object, anything else unknown.
fn resolve(r: &Reference) -> Ty {
    match r.path.last().and_then(|p| p.chars().next()) {
        Some('s') => Ty::String,
        Some('n') => Ty::Number,
        Some('b') => Ty::Boolean,
        Some('a') => Ty::Array,
        Some('o') => Ty::Object,
        _ => Ty::Unknown,
    }
}

fn nested_ty(s: &str) -> Result<Ty, String> {
    let e =
        parse_nested(s).map_err(|e| format!("syntax {:?}: {}", &s[e.span.clone()], e.message))?;
    type_of(&e, &mut resolve).map_err(|e| format!("type {:?}: {}", &s[e.span.clone()], e.message))
}

fn cond_ty(s: &str) -> Result<Ty, String> {
    let e = parse_condition(s)
        .map_err(|e| format!("syntax {:?}: {}", &s[e.span.clone()], e.message))?;
    type_of(&e, &mut resolve).map_err(|e| format!("type {:?}: {}", &s[e.span.clone()], e.message))
}

fn err_at(r: Result<Ty, String>) -> String {
    match r {
        Ok(t) => panic!("expected an error, got {t}"),
        Err(e) => e,
    }
}

#[test]
fn classifies_property_strings() {
    assert_eq!(classify("Hello", true), Dynamic::Static);
    assert_eq!(classify("`not closed", false), Dynamic::Static);
    match classify("${data.a.b}", false) {
        Dynamic::Binding(r) => {
            assert_eq!(r.scope, Scope::Data);
            assert_eq!(r.path, ["a", "b"]);
            assert_eq!(r.span, 0..11);
        }
        other => panic!("{other:?}"),
    }
    match classify("Hi ${data.name}, it is ${data.time", false) {
        Dynamic::Interpolated(parts) => assert_eq!(parts, vec![3..15, 23..34]),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        classify("${data.a}${data.b}", false),
        Dynamic::Interpolated(_)
    ));
    assert!(matches!(
        classify("${data.a b}", false),
        Dynamic::BadBinding(_)
    ));
    assert!(matches!(
        classify("`${data.b}`", true),
        Dynamic::Nested(Ok(_))
    ));
}

#[test]
fn corpus_expressions_type_check() {
    for (s, want) in [
        ("` 'Hello ' ${form.sname}`", Ty::String),
        (
            "` 'The sum of ' ${data.n1} ' and ' ${data.n2} ' is ' (${data.n1} + ${data.n2})`",
            Ty::String,
        ),
        ("`(${data.n1} * ${data.n2})`", Ty::Number),
        ("`${data.n1} / ${data.n2} % 3`", Ty::Number),
        (
            "`${form.sname} ' you are ' ${form.nage} ' years old.' `",
            Ty::String,
        ),
        ("`${form.sfulfillment} == 'delivery'`", Ty::Boolean),
        ("`${data.b1} && ${data.b2} || !${data.b3}`", Ty::Boolean),
        ("`(${form.nnumber} == 42)`", Ty::Boolean),
        ("`${data.n} >= -1.5`", Ty::Boolean),
        ("`'it\\'s a \\` tick'`", Ty::String),
        ("`${data.x}`", Ty::Unknown),
    ] {
        assert_eq!(nested_ty(s), Ok(want), "{s}");
    }
}

#[test]
fn precedence_binds_arithmetic_tighter_than_comparison() {
    let e =
        parse_nested("`${data.n1} + 2 * 3 > 4 && ${data.b}`").unwrap_or_else(|e| panic!("{e:?}"));
    match e {
        Expr::Binary(BinOp::And, l, _, _) => match *l {
            Expr::Binary(BinOp::Gt, l, _, _) => {
                assert!(matches!(*l, Expr::Binary(BinOp::Add, _, _, _)));
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn nested_type_errors_point_at_the_operand() {
    assert_eq!(
        err_at(nested_ty("`'Name: ' + ${data.sname}`")),
        "type \"'Name: '\": '+' needs number operands, but the left operand is a string"
    );
    assert_eq!(
        err_at(nested_ty("`${data.sa} == 5`")),
        "type \"${data.sa} == 5\": type mismatch in '==': a string is compared with a number"
    );
    assert_eq!(
        err_at(nested_ty("`!${data.nx}`")),
        "type \"${data.nx}\": '!' needs a boolean operand, but this is a number"
    );
    assert_eq!(
        err_at(nested_ty("`${data.b} && ${data.sx}`")),
        "type \"${data.sx}\": '&&' needs boolean operands, but the right operand is a string"
    );
    assert_eq!(
        err_at(nested_ty("`'Items: ' ${data.alist}`")),
        "type \"${data.alist}\": an array cannot be joined into text"
    );
    assert!(err_at(nested_ty("`${data.sx} < 3`")).starts_with("type \"${data.sx}\""));
}

#[test]
fn nested_syntax_errors_point_inside() {
    for (s, at) in [
        ("`${data.a} +`", "+"),
        ("`(${data.a} + 1`", "("),
        ("`${data.a})`", ")"),
        ("`'open`", "'open"),
        ("`${data.a} = 1`", "="),
        ("`${data.a} == cat`", "cat"),
        ("`()`", "()"),
        ("`${data.a} == - 'x'`", "-"),
        ("`${data.a} && && ${data.b}`", "&&"),
        ("`${data.a} ~`", "~"),
        ("`1.2.3`", "1.2.3"),
        ("`${data.}`", "}"),
        ("`no end", "`"),
        ("`${data.a}` and more ", "and more"),
        ("``", "``"),
        ("`   `", "`   `"),
    ] {
        let e = parse_nested(s)
            .err()
            .unwrap_or_else(|| panic!("{s} parsed"));
        assert_eq!(&s[e.span.clone()], at, "{s}: {}", e.message);
    }
}

#[test]
fn conditions_use_the_legacy_grammar() {
    for (s, want) in [
        ("${form.btos}", Ty::Boolean),
        ("${form.sbooking} == 'own'", Ty::Boolean),
        (
            "(${data.bvalue} && (${form.sanimal} == 'cat'))",
            Ty::Boolean,
        ),
        ("(${screen.SELECT.form.sinsurance} != '')", Ty::Boolean),
        ("${data.nage} > 18 || !${data.bx}", Ty::Boolean),
        ("${data.nage} + 1 > 18", Ty::Boolean),
        ("${data.sname}", Ty::String),
    ] {
        assert_eq!(cond_ty(s), Ok(want), "{s}");
    }
}

#[test]
fn condition_shape_errors() {
    for (s, at, says) in [
        ("", "", "empty"),
        ("   ", "   ", "empty"),
        ("( )", "( )", "empty parentheses"),
        ("true", "true", "only operand is a literal"),
        ("(1 == 1)", "(1 == 1)", "both sides"),
        ("${data.a} && 1 == 2", "1 == 2", "both sides"),
        ("${data.a} 'x'", "${data.a} 'x'", "missing operator"),
        ("(${data.a}", "(", "closing parenthesis"),
        ("${data.a})", ")", "opening parenthesis"),
        ("${data.a} ==", "==", "after the last operator"),
        ("== ${data.a}", "==", "left operand"),
        ("!", "!", "after '!'"),
        (
            "'unclosed == ${data.a}",
            "'unclosed == ${data.a}",
            "closing quote",
        ),
        ("`${data.a}`", "`", "unexpected character"),
    ] {
        let e = parse_condition(s)
            .err()
            .unwrap_or_else(|| panic!("{s:?} parsed"));
        assert_eq!(&s[e.span.clone()], at, "{s:?}: {}", e.message);
        assert!(e.message.contains(says), "{s:?}: {}", e.message);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let s = format!("`{}${{data.b}}{}`", "(".repeat(5000), ")".repeat(5000));
    let e = parse_nested(&s).err().unwrap_or_else(|| panic!("parsed"));
    assert!(e.message.contains("nests"), "{}", e.message);
    let s = format!("{}${{data.b}}", "!".repeat(5000));
    assert!(parse_condition(&s).is_err());
}

#[test]
fn references_are_visited_in_order() {
    let e = parse_nested("`${data.a} ' ' ${form.b} ' ' (${screen.S.data.c} + 1)`")
        .unwrap_or_else(|e| panic!("{e:?}"));
    let mut seen = Vec::new();
    e.for_each_ref(&mut |r| seen.push(r.path[0].clone()));
    assert_eq!(seen, ["a", "b", "c"]);
}

#[test]
fn non_ascii_text_keeps_char_boundaries() {
    let s = "`'Olá ' ${data.sé}`";
    let e = parse_nested(s).err().unwrap_or_else(|| panic!("parsed"));
    assert!(s.is_char_boundary(e.span.start) && s.is_char_boundary(e.span.end));
    assert_eq!(&s[e.span.clone()], "é");
    let s = "`'Olá' ¿`";
    let e = parse_nested(s).err().unwrap_or_else(|| panic!("parsed"));
    assert_eq!(&s[e.span.clone()], "¿");
}

#[test]
fn references_are_found_anywhere() {
    let s = "Hi ${data.a}, ${oops} `${form.b} + 1` ${screen.S.form.c} ${data.";
    let found: Vec<_> = references(s).iter().map(|r| r.text(s).to_owned()).collect();
    assert_eq!(found, ["${data.a}", "${form.b}", "${screen.S.form.c}"]);
}

#[test]
fn operators_bind_as_usual() {
    // `||` is looser than `&&`; comparisons do not chain into booleans compared with numbers.
    let e = parse_nested("`${data.b1} || ${data.b2} && ${data.b3}`")
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(matches!(e, Expr::Binary(BinOp::Or, _, _, _)));
    assert!(
        err_at(nested_ty("`${data.n1} < ${data.n2} < 3`")).contains("'<' needs number operands")
    );
    assert_eq!(nested_ty("`!!${data.b}`"), Ok(Ty::Boolean));
    assert_eq!(
        nested_ty("`-2 * -${data.n}`").map_err(|e| e.contains("negative sign")),
        Err(true)
    );
    assert_eq!(nested_ty("`'total ' (1 + 2) ' items'`"), Ok(Ty::String));
    assert_eq!(nested_ty("`${data.n} - -2`"), Ok(Ty::Number));
    assert_eq!(cond_ty("${data.b} == true"), Ok(Ty::Boolean));
    assert_eq!(cond_ty("${data.n} != -1"), Ok(Ty::Boolean));
}

#[test]
fn the_first_open_is_found_past_lone_dollars() {
    assert_eq!(find_open("a$b$${x}"), Some(4));
    assert_eq!(find_open("${"), Some(0));
    assert_eq!(find_open("price $ {x} $"), None);
    assert!(!has_open("iVBORw0KGgo="));
}
