use crate::finding::Severity;
use crate::rules::engine::{Check, Evidence, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::DATES_PASS;

rule! {
    /// `unavailable-dates` and `init-value` must lie between `min-date` and `max-date`.
    ///
    /// ## Why
    ///
    /// Meta's Flow Builder rejects dates outside the pickable range ("The value of property
    /// 'unavailable-dates' of component 'DatePicker' must be in the range of [2024-01-01,
    /// 2024-12-31].").
    ///
    /// ## Notes
    ///
    /// Only Meta's Flow Builder states this rule; no Meta document does, and no report shows
    /// Meta's server refusing a flow for it. Decision: a warning in the default (server)
    /// profile, an error in the builder profile; `push` and `publish` say when Meta's answer
    /// differs.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "dates/out-of-range",
            code: "INVALID_DATE_RANGE",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Builder,
            since: FlowVersion::V5_0,
            fail_example: fixture!("dates/out-of-range/fail.json"),
            pass_example: fixture!("dates/out-of-range/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
