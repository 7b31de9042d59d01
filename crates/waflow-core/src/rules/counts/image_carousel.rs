use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen has at most two ImageCarousels.
    ///
    /// ## Why
    ///
    /// Meta rejects a third carousel on a screen ("Maximum number of ImageCarousel allowed per
    /// screen is 2 but found 3.").
    ///
    /// ## Notes
    ///
    /// Counted through Forms; the branches of an If, and the cases of a Switch, are alternatives:
    /// the larger count counts. Reported at the components past the limit.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/image-carousel",
            code: "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
            since: FlowVersion::V7_1,
            fail_example: fixture!("counts/image-carousel/fail.json"),
            pass_example: fixture!("counts/image-carousel/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
