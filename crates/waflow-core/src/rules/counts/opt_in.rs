use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen has at most five OptIns.
    ///
    /// ## Why
    ///
    /// Meta rejects a sixth OptIn ("Maximum number of OptIn allowed per screen is 5 but found 6.").
    ///
    /// ## Notes
    ///
    /// Meta's builder emits COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN for the same check.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/opt-in",
            code: "MAX_OPT_IN_PER_SCREEN",
            fail_example: fixture!("counts/opt-in/fail.json"),
            pass_example: fixture!("counts/opt-in/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
