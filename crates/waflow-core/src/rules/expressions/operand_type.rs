use crate::rules::bindings::ANALYZE_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// Operators in backtick expressions need operands of the right type: `==`/`!=` the same type,
    /// `< <= > >= + - * / %` numbers, `&& || !` booleans.
    ///
    /// ## Why
    ///
    /// Meta type-checks nested expressions and rejects the flow when an operator gets the wrong
    /// kind of value.
    ///
    /// ## Notes
    ///
    /// Texts are joined by juxtaposition (`'a' ${data.b}`), not with `+`, which is for numbers. An
    /// operand whose type is unknown (an undeclared field, reported on its own) fits everywhere.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "expressions/operand-type",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V6_0,
            fail_example: fixture!("expressions/operand-type/fail.json"),
            pass_example: fixture!("expressions/operand-type/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
