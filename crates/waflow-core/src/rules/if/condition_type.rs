use crate::rules::bindings::ANALYZE_PASS;
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
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
            fail_example: one_screen!(
                "7.3",
                r#"{"age":{"type":"number","__example__":30}}"#,
                r#"{"type":"If","condition":"${data.age} == '18'","then":[{"type":"TextBody","text":"Adult"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"age":{"type":"number","__example__":30}}"#,
                r#"{"type":"If","condition":"${data.age} >= 18","then":[{"type":"TextBody","text":"Adult"}]},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
