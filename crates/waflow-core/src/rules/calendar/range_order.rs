use crate::rules::dates::DATES_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("calendar/range-order/fail.json"),
            pass_example: fixture!("calendar/range-order/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
