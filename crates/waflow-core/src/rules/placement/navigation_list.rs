use crate::rules::counts::PER_TYPE_COUNTS_PASS;
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

rule! {
    /// A screen with a NavigationList holds only NavigationLists (a wrapping Form aside): no
    /// Footer, no text.
    ///
    /// ## Why
    ///
    /// The list is the screen's navigation; Meta rejects other components next to it ("Only up to 2
    /// NavigationList components can be used per screen. Please remove other components.").
    ///
    /// ## Notes
    ///
    /// Reported once per screen, at the first NavigationList. More than two NavigationLists is
    /// counts/navigation-list.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "placement/navigation-list",
            code: "INVALID_COMPONENT_PLACEMENT",
            since: FlowVersion::V6_2,
            fail_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextHeading","text":"Pick one"},{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"menu","label":"Pick one","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
