use super::NAVIGATION_LIST_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("navigation-list/end-content/fail.json"),
            pass_example: fixture!("navigation-list/end-content/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&NAVIGATION_LIST_PASS),
    };
}
