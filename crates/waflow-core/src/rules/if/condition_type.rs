use crate::rules::bindings::ANALYZE_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// An `If` condition must give a boolean, and its operators need operands of the right type.
    ///
    /// ## Why
    ///
    /// Meta rejects a condition that is not boolean ("Expected single operand to be a boolean.") or
    /// compares values of different types ("Type mismatch in an equality operation …").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "if/condition-type",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V4_0,
            fail_example: fixture!("if/condition-type/fail.json"),
            pass_example: fixture!("if/condition-type/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
