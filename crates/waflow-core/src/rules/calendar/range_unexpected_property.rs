use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// The range objects of a CalendarPicker hold only `start-date` and `end-date`.
    ///
    /// ## Why
    ///
    /// Meta rejects other keys ("The property 'label' of component 'CalendarPicker' only expects
    /// properties 'start-date' and 'end-date' when the mode is set to 'range'.").
    ///
    /// ## Notes
    ///
    /// The schema layer reports it (schema/unknown-property, code INVALID_PROPERTY_KEY).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "calendar/range-unexpected-property",
            code: "UNEXPECTED_CALENDAR_PICKER_RANGE_MODE_PROP",
            since: FlowVersion::V6_1,
            fail_example: fixture!("calendar/range-unexpected-property/fail.json"),
            pass_example: fixture!("calendar/range-unexpected-property/pass.json"),
            reported_by: Some("schema/unknown-property"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
