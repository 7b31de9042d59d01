use super::{NAVIGATION_LIST_PASS, nav_flow};
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

rule! {
    /// At most one item of a NavigationList has a `badge`.
    ///
    /// ## Why
    ///
    /// Meta rejects a second badge ("Property 'list-items' should have at most '1' badge item.").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "navigation-list/one-badge",
            code: "MAX_ITEMS_REQUIRED",
            since: FlowVersion::V6_2,
            fail_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"badge":"New"},{"id":"2","main-content":{"title":"Two"},"badge":"Hot"}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            pass_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"badge":"New"},{"id":"2","main-content":{"title":"Two"}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&NAVIGATION_LIST_PASS),
    };
}
