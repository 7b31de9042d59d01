use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("dates/invalid-date/fail.json"),
            pass_example: fixture!("dates/invalid-date/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
