use crate::rules::counts::PER_TYPE_COUNTS_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("placement/navigation-list/fail.json"),
            pass_example: fixture!("placement/navigation-list/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
