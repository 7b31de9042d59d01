use super::{NAVIGATION_LIST_PASS, nav_flow};
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

rule! {
    /// An item's `end` add-on holds one or two of `title`, `description`, `metadata`.
    ///
    /// ## Why
    ///
    /// Meta rejects an empty or full end add-on ("For the 'NavigationList' component, 'end' add-on
    /// should have at least 1 and at most 2 of 'title', 'metadata' or 'description.'").
    ///
    /// ## Notes
    ///
    /// Meta's docs list the three fields as optional; its builder requires one or two.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "navigation-list/end-content",
            code: "DUPLICATE_PROPETY_FOR_CONDITION",
            since: FlowVersion::V6_2,
            fail_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"end":{"title":"$9","description":"each","metadata":"today"}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            pass_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"end":{"title":"$9","description":"each"}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&NAVIGATION_LIST_PASS),
    };
}
