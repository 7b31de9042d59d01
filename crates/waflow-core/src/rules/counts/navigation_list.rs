use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen has at most two NavigationLists.
    ///
    /// ## Why
    ///
    /// Meta rejects a third list ("Maximum number of NavigationList allowed per screen is 2 but
    /// found 3.").
    ///
    /// ## Notes
    ///
    /// Counted through Forms; the branches of an If, and the cases of a Switch, are alternatives:
    /// the larger count counts. Reported at the components past the limit.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/navigation-list",
            code: "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
            since: FlowVersion::V6_2,
            fail_example: fixture!("counts/navigation-list/fail.json"),
            pass_example: fixture!("counts/navigation-list/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
