use crate::rules::bindings::ANALYZE_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// An `If` condition must be a well-formed expression with at least one dynamic operand, and no
    /// operator between two literals.
    ///
    /// ## Why
    ///
    /// Meta parses conditions and rejects empty ones, unbalanced parentheses, unclosed quotes,
    /// missing operators or operands, and conditions made only of literals ("The only operand is a
    /// literal value.").
    ///
    /// ## Notes
    ///
    /// The legacy grammar (no backticks, no text concatenation) applies to every string condition;
    /// from 6.0 a condition may also be a boolean or a backtick expression.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "if/condition-syntax",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V4_0,
            fail_example: fixture!("if/condition-syntax/fail.json"),
            pass_example: fixture!("if/condition-syntax/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
