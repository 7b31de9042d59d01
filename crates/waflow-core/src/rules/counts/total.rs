use crate::finding::Severity;
use crate::rules::engine::{Check, Evidence, RuleInfo, fixture, rule};

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
    /// Only Meta's documentation states 50: its Flow Builder applies a default of 100
    /// (`counts/builder-total`), and which one the server uses is not confirmed. Decision: a
    /// warning in both profiles. Counted over all branches (the Footer included); reported once
    /// per screen, at the 51st component.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/total",
            code: "MAX_ALLOWED_COMPONENTS_PER_SCREEN",
            severity: Severity::Warning,
            evidence: Evidence::Docs,
            fail_example: fixture!("counts/total/fail.json"),
            pass_example: fixture!("counts/total/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
