use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::DATES_PASS;

rule! {
    /// `unavailable-dates` and `init-value` must lie between `min-date` and `max-date`.
    ///
    /// ## Why
    ///
    /// Meta rejects dates outside the pickable range ("The value of property 'unavailable-dates' of
    /// component 'DatePicker' must be in the range of [2024-01-01, 2024-12-31].").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "dates/out-of-range",
            code: "INVALID_DATE_RANGE",
            since: FlowVersion::V5_0,
            fail_example: fixture!("dates/out-of-range/fail.json"),
            pass_example: fixture!("dates/out-of-range/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
