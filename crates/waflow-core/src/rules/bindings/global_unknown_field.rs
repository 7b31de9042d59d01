use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

use super::ANALYZE_PASS;

rule! {
    /// A global reference must name a field declared in that screen's `data`, or an input component
    /// of that screen.
    ///
    /// ## Why
    ///
    /// Meta rejects a global reference to a field the other screen does not have ("Global dynamic
    /// data '…' does not exist on screen 'S' but is used on screen 'T'.").
    ///
    /// ## Notes
    ///
    /// Meta's builder uses INVALID_SCREEN_DATA for this message (its docs word it "Global Dynamic
    /// data '(expression)' on screen S does not exist").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/global-unknown-field",
            code: "INVALID_SCREEN_DATA",
            since: FlowVersion::V4_0,
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"city","label":"City"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${screen.A.form.town}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"city","label":"City"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${screen.A.form.city}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
