use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen has at most two EmbeddedLinks.
    ///
    /// ## Why
    ///
    /// Meta rejects a third link ("Maximum number of EmbeddedLink allowed per screen is 2 but found
    /// 3.").
    ///
    /// ## Notes
    ///
    /// Meta's builder emits COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN for the same check.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/embedded-link",
            code: "MAX_EMBEDDED_LINK_PER_SCREEN",
            fail_example: fixture!("counts/embedded-link/fail.json"),
            pass_example: fixture!("counts/embedded-link/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
