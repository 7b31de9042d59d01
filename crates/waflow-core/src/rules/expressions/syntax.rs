use crate::rules::bindings::ANALYZE_PASS;
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;

rule! {
    /// A `${…}` reference and a backtick expression (6.0+) must be well-formed.
    ///
    /// ## Why
    ///
    /// Meta parses every dynamic value; a malformed one is rejected with the parser's message
    /// ("Error while parsing dynamic expression …"). waflow points at the offending character.
    ///
    /// ## Notes
    ///
    /// Expressions: single-quoted strings (a backtick inside is written \`), numbers, true/false,
    /// references, parentheses, `! && || == != < <= > >= + - * / %`, and text joined by writing
    /// operands next to each other. `*` is not in Meta's operator list but is used by Meta's own
    /// examples. Meta's code for parse errors of nested expressions is not documented;
    /// INVALID_PROPERTY_VALUE is the code of the equivalent If-condition errors.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "expressions/syntax",
            code: "INVALID_PROPERTY_VALUE",
            fail_example: one_screen!(
                "7.3",
                r#"{"a":{"type":"number","__example__":1},"b":{"type":"number","__example__":2}}"#,
                r#"{"type":"TextBody","text":"`'Total: ' (${data.a} + ${data.b}`"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"a":{"type":"number","__example__":1},"b":{"type":"number","__example__":2}}"#,
                r#"{"type":"TextBody","text":"`'Total: ' (${data.a} + ${data.b})`"},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
