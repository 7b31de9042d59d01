use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::DATES_PASS;

rule! {
    /// `min-date` may not be later than `max-date`.
    ///
    /// ## Why
    ///
    /// No day could be picked; Meta rejects it ("'min-date' cannot be greater than 'max-date' for
    /// DatePicker 'x'.").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "dates/min-after-max",
            code: "INVALID_DATE_RANGE",
            since: FlowVersion::V5_0,
            fail_example: fixture!("dates/min-after-max/fail.json"),
            pass_example: fixture!("dates/min-after-max/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
