use crate::rules::dates::DATES_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// In range mode a CalendarPicker's `label`, `helper-text`, `required`, `init-value` and
    /// `error-message` are `{"start-date", "end-date"}` objects; in single mode they are plain
    /// values.
    ///
    /// ## Why
    ///
    /// Meta rejects the other shape ("The value of property 'label' of component 'CalendarPicker'
    /// must be of type '{"start-date": string, "end-date": string}' when the 'mode' is set to
    /// 'range'.").
    ///
    /// ## Notes
    ///
    /// Missing and unexpected keys inside the objects are schema errors
    /// (calendar/range-missing-property, calendar/range-unexpected-property). Not checked when
    /// `mode` or the value is dynamic.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "calendar/mode-value-shape",
            code: "INVALID_TYPE",
            since: FlowVersion::V6_1,
            fail_example: fixture!("calendar/mode-value-shape/fail.json"),
            pass_example: fixture!("calendar/mode-value-shape/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&DATES_PASS),
    };
}
