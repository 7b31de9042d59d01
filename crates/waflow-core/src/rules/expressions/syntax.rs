use crate::rules::bindings::ANALYZE_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};

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
            fail_example: fixture!("expressions/syntax/fail.json"),
            pass_example: fixture!("expressions/syntax/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
