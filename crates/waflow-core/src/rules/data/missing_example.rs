use crate::rules::engine::{Check, RuleInfo, fixture, rule};

rule! {
    /// Every field of a screen's data model needs an `__example__` value.
    ///
    /// ## Why
    ///
    /// Meta uses the example to preview the flow and to check bindings; the field is mandatory.
    ///
    /// ## Notes
    ///
    /// The schema layer may report the same missing property; fields that are not objects are
    /// reported by data/missing-type.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "data/missing-example",
            code: "MISSING_REQUIRED_PROPERTY",
            fail_example: fixture!("data/missing-example/fail.json"),
            pass_example: fixture!("data/missing-example/pass.json"),
            reported_by: Some("schema/missing-property"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
