use super::NAVIGATION_LIST_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("navigation-list/missing-action/fail.json"),
            pass_example: fixture!("navigation-list/missing-action/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&NAVIGATION_LIST_PASS),
    };
}
