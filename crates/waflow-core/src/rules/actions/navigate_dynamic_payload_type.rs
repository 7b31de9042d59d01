use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

use super::payload_type_issues;

rule! {
    /// A `${form.x}` or `${data.x}` value in a navigate payload must have the type of the next
    /// screen's field.
    ///
    /// ## Why
    ///
    /// A TextInput yields a string (a number with input-type number), a CheckboxGroup an array, an
    /// OptIn a boolean…; Meta rejects a field declared with another type.
    ///
    /// ## Notes
    ///
    /// Form values: TextInput string (number with input-type number), TextArea, RadioButtonsGroup,
    /// Dropdown, DatePicker string, CalendarPicker string (object in range mode), CheckboxGroup and
    /// ChipsSelector array, OptIn boolean. Data values take the declared type; object property sets
    /// must match exactly. An object whose properties differ from the field's is
    /// INVALID_ON_CLICK_ACTION_PAYLOAD, as Meta's error-codes page files that message
    /// (fixtures/conformance/navigate-object-properties-differ.json; the builder says
    /// INVALID_NAVIGATE_ACTION_PAYLOAD).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/navigate-dynamic-payload-type",
            code: "INVALID_NAVIGATE_ACTION_PAYLOAD",
            fail_example: fixture!("actions/navigate-dynamic-payload-type/fail.json"),
            pass_example: fixture!("actions/navigate-dynamic-payload-type/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    payload_type_issues(ctx, &RULE, true, sink);
}
