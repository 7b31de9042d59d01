use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// In range mode a CalendarPicker's `label` needs both `start-date` and `end-date`.
    ///
    /// ## Why
    ///
    /// Both ends of the range need a caption; Meta rejects a label without one ("The property
    /// 'end-date' of component 'CalendarPicker' must be present when the mode is set to 'range'.").
    ///
    /// ## Notes
    ///
    /// The schema layer reports it (schema/missing-property, code MISSING_REQUIRED_PROPERTY).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "calendar/range-missing-property",
            code: "MISSING_CALENDAR_PICKER_RANGE_MODE_PROP",
            since: FlowVersion::V6_1,
            fail_example: fixture!("calendar/range-missing-property/fail.json"),
            pass_example: fixture!("calendar/range-missing-property/pass.json"),
            reported_by: Some("schema/missing-property"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
