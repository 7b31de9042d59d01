use super::NAVIGATION_LIST_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("navigation-list/one-badge/fail.json"),
            pass_example: fixture!("navigation-list/one-badge/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&NAVIGATION_LIST_PASS),
    };
}
