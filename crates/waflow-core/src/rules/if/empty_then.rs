use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
use crate::version::FlowVersion;

rule! {
    /// An If's `then` must hold at least one component.
    ///
    /// ## Why
    ///
    /// Meta rejects an empty `then` ("Expected array to contain at least one component.").
    ///
    /// ## Notes
    ///
    /// The schema layer reports it (minItems).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "if/empty-then",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V4_0,
            fail_example: one_screen!(
                "7.3",
                r#"{"b":{"type":"boolean","__example__":true}}"#,
                r#"{"type":"If","condition":"${data.b}","then":[],"else":[{"type":"TextBody","text":"No"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"b":{"type":"boolean","__example__":true}}"#,
                r#"{"type":"If","condition":"!${data.b}","then":[{"type":"TextBody","text":"No"}]},"#
            ),
            reported_by: Some("schema/min-items"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
