use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

use super::ANALYZE_PASS;

rule! {
    /// A global reference `${screen.S.…}` must name an existing screen.
    ///
    /// ## Why
    ///
    /// Meta rejects a global reference to a screen that is not in the flow ("… is invalid since
    /// screen 'S' is missing in the Flow JSON.").
    ///
    /// ## Notes
    ///
    /// Global references exist from Flow JSON 4.0.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/global-unknown-screen",
            code: "INVALID_SCREEN_DYNAMIC_DATA",
            since: FlowVersion::V4_0,
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"city","label":"City"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${screen.START.form.city}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"city","label":"City"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${screen.A.form.city}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
