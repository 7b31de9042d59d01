use crate::rules::dates::DATES_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("calendar/range-only-property/fail.json"),
            pass_example: fixture!("calendar/range-only-property/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
