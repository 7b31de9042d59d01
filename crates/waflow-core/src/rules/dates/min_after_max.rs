use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
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
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-12-31","max-date":"2025-01-01"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-01-01","max-date":"2025-12-31"},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
