use crate::rules::counts::PER_TYPE_COUNTS_PASS;
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

rule! {
    /// A screen with a NavigationList may not be terminal.
    ///
    /// ## Why
    ///
    /// A NavigationList leads on to other screens; Meta rejects it on a terminal screen ("Property
    /// 'terminal' is not allowed.").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "navigation-list/terminal-screen",
            code: "INVALID_PROPERTY_KEY",
            since: FlowVersion::V6_2,
            fail_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":[]},"screens":[{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
