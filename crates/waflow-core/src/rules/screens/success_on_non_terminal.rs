use crate::fix::Applicability;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};

rule! {
    /// `success` may only be set on a terminal screen.
    ///
    /// ## Why
    ///
    /// `success` says whether ending the flow on this screen counts as a success; it means nothing
    /// elsewhere and Meta rejects it.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/success-on-non-terminal",
            code: "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
            fail_example: fixture!("screens/success-on-non-terminal/fail.json"),
            pass_example: fixture!("screens/success-on-non-terminal/pass.json"),
            reported_by: Some("schema/conditional-property"),
            fix: Some(Applicability::Safe),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
