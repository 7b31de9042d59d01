use crate::rules::dates::DATES_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// A CalendarPicker's `min-days` may not be greater than its `max-days`.
    ///
    /// ## Why
    ///
    /// No range could be picked; Meta rejects it ("'min-days' cannot be greater than 'max-days' for
    /// CalendarPicker 'x'.").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "calendar/min-max-days",
            code: "INVALID_MIN_MAX_DAYS",
            since: FlowVersion::V6_1,
            fail_example: fixture!("calendar/min-max-days/fail.json"),
            pass_example: fixture!("calendar/min-max-days/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
