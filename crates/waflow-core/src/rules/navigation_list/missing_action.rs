use super::{NAVIGATION_LIST_PASS, nav_flow};
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

rule! {
    /// A NavigationList needs an `on-click-action`, on the component or on every item.
    ///
    /// ## Why
    ///
    /// An item without an action leads nowhere; Meta rejects it ("Required property
    /// 'on-click-action' is missing.").
    ///
    /// ## Notes
    ///
    /// Reported at each item without an action. Not checked when `list-items` is dynamic.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "navigation-list/missing-action",
            code: "MISSING_REQUIRED_PROPERTY",
            since: FlowVersion::V6_2,
            fail_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"on-click-action":{"name":"data_exchange","payload":{}}},{"id":"2","main-content":{"title":"Two"}}]}"#
            ),
            pass_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"on-click-action":{"name":"data_exchange","payload":{}}},{"id":"2","main-content":{"title":"Two"},"on-click-action":{"name":"data_exchange","payload":{}}}]}"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&NAVIGATION_LIST_PASS),
    };
}
