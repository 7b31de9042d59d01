use crate::rules::dates::DATES_PASS;
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
use crate::version::FlowVersion;

rule! {
    /// A CalendarPicker's `title`, `description`, `min-days` and `max-days` exist only with
    /// `"mode": "range"`.
    ///
    /// ## Why
    ///
    /// Meta rejects them in single mode ("Cannot set property 'min-days' when 'mode' is not set to
    /// 'range' for component 'CalendarPicker'.").
    ///
    /// ## Notes
    ///
    /// Not checked when `mode` is dynamic.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "calendar/range-only-property",
            code: "INVALID_PROPERTY_NAME_FOR_CONDITION",
            since: FlowVersion::V6_1,
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"day","label":"Day","title":"Pick a day"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"day","label":"Day"},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
