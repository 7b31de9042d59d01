use super::NAVIGATION_LIST_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// A NavigationList with `"media-size": "large"` may not use `end` add-ons on its items.
    ///
    /// ## Why
    ///
    /// Large media leave no room for the end add-on; Meta rejects the pair ("Cannot set property
    /// 'media-size' to 'large' when 'end' add-on is present for component 'NavigationList'.").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "navigation-list/end-with-large-media",
            code: "INVALID_PROPERTY_VALUE_FOR_CONDITION",
            since: FlowVersion::V6_2,
            fail_example: fixture!("navigation-list/end-with-large-media/fail.json"),
            pass_example: fixture!("navigation-list/end-with-large-media/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&NAVIGATION_LIST_PASS),
    };
}
