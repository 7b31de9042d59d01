use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// Before Flow JSON 4.0 every input component sits inside a Form.
    ///
    /// ## Why
    ///
    /// Forms became optional in 4.0; Meta rejects inputs outside a Form before ("Property
    /// 'TextInput' must be defined inside parent property 'Form'.").
    ///
    /// ## Notes
    ///
    /// The schema layer reports it (inputs are not allowed directly in a layout before 4.0).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "forms/input-outside-form-before-4-0",
            code: "KEYWORD_ONE_OF",
            until: Some(FlowVersion::V4_0),
            fail_example: fixture!("forms/input-outside-form-before-4-0/fail.json"),
            pass_example: fixture!("forms/input-outside-form-before-4-0/pass.json"),
            reported_by: Some("schema/misplaced-component"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
