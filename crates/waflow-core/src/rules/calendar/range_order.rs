use crate::rules::dates::DATES_PASS;
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
use crate::version::FlowVersion;

rule! {
    /// In a CalendarPicker range `init-value`, `start-date` may not be later than `end-date`.
    ///
    /// ## Why
    ///
    /// A range that ends before it starts cannot be shown.
    ///
    /// ## Notes
    ///
    /// Meta's exact code for this case is not documented; INVALID_DATE_RANGE is the code of its
    /// other date-order checks.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "calendar/range-order",
            code: "INVALID_DATE_RANGE",
            since: FlowVersion::V6_1,
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"},"init-value":{"start-date":"2025-06-10","end-date":"2025-06-01"}},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"},"init-value":{"start-date":"2025-06-01","end-date":"2025-06-10"}},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
