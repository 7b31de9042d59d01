use super::{NAVIGATION_LIST_PASS, nav_flow};
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

rule! {
    /// A NavigationList's `on-click-action` is set on the component or on its items, not both.
    ///
    /// ## Why
    ///
    /// Meta rejects both ("For the 'NavigationList' component, 'on-click-action' can only be
    /// defined at either root level or within the 'list-items', but not both.").
    ///
    /// ## Notes
    ///
    /// Meta's code is spelled DUPLICATE_PROPETY_FOR_CONDITION. Reported at each item action.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "navigation-list/action-in-both-places",
            code: "DUPLICATE_PROPETY_FOR_CONDITION",
            since: FlowVersion::V6_2,
            fail_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"on-click-action":{"name":"data_exchange","payload":{}}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            pass_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&NAVIGATION_LIST_PASS),
    };
}
