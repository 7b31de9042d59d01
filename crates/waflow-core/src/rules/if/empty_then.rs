use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("if/empty-then/fail.json"),
            pass_example: fixture!("if/empty-then/pass.json"),
            reported_by: Some("schema/min-items"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
