use crate::finding::Severity;
use crate::rules::engine::{Check, Evidence, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::DATES_PASS;

rule! {
    /// `min-date` may not be later than `max-date`.
    ///
    /// ## Why
    ///
    /// No day could be picked; Meta's Flow Builder rejects it ("'min-date' cannot be greater than
    /// 'max-date' for DatePicker 'x'.").
    ///
    /// ## Notes
    ///
    /// Only Meta's Flow Builder states this rule; no Meta document does, and no report shows
    /// Meta's server refusing a flow for it. Decision: a warning in the default (server)
    /// profile, an error in the builder profile; `push` and `publish` say when Meta's answer
    /// differs.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "dates/min-after-max",
            code: "INVALID_DATE_RANGE",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Builder,
            since: FlowVersion::V5_0,
            fail_example: fixture!("dates/min-after-max/fail.json"),
            pass_example: fixture!("dates/min-after-max/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
