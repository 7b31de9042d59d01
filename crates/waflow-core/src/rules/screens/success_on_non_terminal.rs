use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::refs::{done_screen, flow, nav_screen};

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
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","success":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}}"#, done_screen!("B")),
            pass_example: flow!("7.3"; nav_screen!("A", "B"), done_screen!("B")),
            reported_by: Some("schema/conditional-property"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
