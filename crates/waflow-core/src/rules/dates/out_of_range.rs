use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
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
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-01-01","max-date":"2025-12-31","unavailable-dates":["2026-01-01"]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-01-01","max-date":"2025-12-31","unavailable-dates":["2025-12-25"]},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
