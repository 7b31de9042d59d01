use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::refs::flow;

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
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"name":{"type":"string"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"name":{"type":"string","__example__":"Ann"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            reported_by: Some("schema/missing-property"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
