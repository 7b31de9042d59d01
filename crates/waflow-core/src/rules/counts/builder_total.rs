use crate::rules::engine::{Check, Evidence, RuleInfo, fixture, rule};

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen may hold at most 100 components (the limit Meta's Flow Builder applies).
    ///
    /// ## Why
    ///
    /// Meta's Flow Builder refuses a screen with more than 100 components, counting every nested
    /// component except Form wrappers; Meta's documentation allows only 50 (`counts/total`).
    ///
    /// ## Notes
    ///
    /// Meta's sources disagree on the limit: its component reference says 50, its Builder's
    /// default is 100, and which one the server applies is not confirmed. Past 100 both sources
    /// refuse the screen: an error in both profiles. Between 51 and 100 only `counts/total` (a
    /// warning) reports it. Counted over all branches (the Footer included); reported once per
    /// screen, at the 101st component.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/builder-total",
            code: "MAX_ALLOWED_COMPONENTS_PER_SCREEN",
            evidence: Evidence::Disputed,
            fail_example: fixture!("counts/builder-total/fail.json"),
            pass_example: fixture!("counts/builder-total/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
