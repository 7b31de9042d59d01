use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen has at most three Images.
    ///
    /// ## Why
    ///
    /// Meta rejects a fourth image ("Maximum number of Image allowed per screen is 3 but found
    /// 4.").
    ///
    /// ## Notes
    ///
    /// Meta's builder emits COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN for the same check.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/image",
            code: "MAX_IMAGE_PER_SCREEN",
            fail_example: fixture!("counts/image/fail.json"),
            pass_example: fixture!("counts/image/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
