use super::NAVIGATION_LIST_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("navigation-list/action-in-both-places/fail.json"),
            pass_example: fixture!("navigation-list/action-in-both-places/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&NAVIGATION_LIST_PASS),
    };
}
