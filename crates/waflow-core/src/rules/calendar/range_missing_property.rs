use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
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
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in"}},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CalendarPicker","name":"stay","mode":"range","label":{"start-date":"Check-in","end-date":"Check-out"}},"#
            ),
            reported_by: Some("schema/missing-property"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
