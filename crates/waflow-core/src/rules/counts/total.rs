use crate::finding::Severity;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen should hold at most 50 components (Meta's documented limit).
    ///
    /// ## Why
    ///
    /// Meta documents 50 components per screen ("Maximum number of components allowed per screen is
    /// 50"); its builder counts every nested component except Form wrappers.
    ///
    /// ## Notes
    ///
    /// A warning: Meta's docs say 50 while its builder applies a default of 100, and which one the
    /// server uses is not confirmed. Counted over all branches (the Footer included); reported once
    /// per screen, at the 51st component.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/total",
            code: "MAX_ALLOWED_COMPONENTS_PER_SCREEN",
            severity: Severity::Warning,
            fail_example: fixture!("counts/total/fail.json"),
            pass_example: fixture!("counts/total/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
