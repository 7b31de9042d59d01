use crate::rules::dates::DATES_PASS;
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
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
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"},"min-days":7,"max-days":3},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"},"min-days":3,"max-days":7},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
