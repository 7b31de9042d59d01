use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
use crate::version::FlowVersion;

use super::DATES_PASS;

rule! {
    /// Dates of DatePicker and CalendarPicker must be real calendar days (no 2024-02-30).
    ///
    /// ## Why
    ///
    /// Meta reads `YYYY-MM-DD` dates (5.0+); a day that does not exist cannot be shown or compared.
    ///
    /// ## Notes
    ///
    /// A date that is not written as YYYY-MM-DD at all is reported by the schema layer.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "dates/invalid-date",
            code: "INVALID_DATE_RANGE",
            since: FlowVersion::V5_0,
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-02-30"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"DatePicker","name":"day","label":"Day","min-date":"2025-02-28"},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
