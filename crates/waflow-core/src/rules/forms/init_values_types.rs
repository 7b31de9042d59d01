use serde_json::Value;

use crate::expr;
use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::{Component, Ctx};
use crate::version::FlowVersion;

use super::form_inputs;

rule! {
    /// Each `init-values` key of a Form must name an input inside it, with a value of that input's
    /// type; `error-messages` values are strings.
    ///
    /// ## Why
    ///
    /// From 7.0 Meta type-checks a Form's initial values ("Expected property 'first_name' to be of
    /// type 'string' but found 'number'.") and rejects keys that name no component.
    ///
    /// ## Notes
    ///
    /// CheckboxGroup and ChipsSelector take an array of strings, OptIn a boolean, a CalendarPicker
    /// in range mode an object, a number TextInput a string or a number, the other inputs a string.
    /// Dynamic values are typed by bindings/type-mismatch. Media pickers are reported by
    /// forms/media-in-init-values.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "forms/init-values-types",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V7_0,
            fail_example: fixture!("forms/init-values-types/fail.json"),
            pass_example: fixture!("forms/init-values-types/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// What a literal initial value of `input` must be, or `None` when `value` fits.
fn init_value_problem(input: &Component<'_>, value: &Value) -> Option<&'static str> {
    if value.as_str().is_some_and(|s| !expr::is_literal(s)) {
        return None;
    }
    let range = input.value.field("mode").and_then(Value::as_str) == Some("range");
    let number_input = input.value.field("input-type").and_then(Value::as_str) == Some("number");
    let (fits, wants) = match input.kind {
        "CheckboxGroup" | "ChipsSelector" => (
            value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            "an array of strings",
        ),
        "OptIn" => (value.is_boolean(), "a boolean"),
        "CalendarPicker" if range => (value.is_object(), "an object with start-date and end-date"),
        "TextInput" if number_input => (
            value.is_string() || value.is_number(),
            "a string or a number",
        ),
        "PhotoPicker" | "DocumentPicker" => (true, ""),
        _ => (value.is_string(), "a string"),
    };
    (!fits).then_some(wants)
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for form in ctx.components.iter().filter(|c| c.kind == "Form") {
        let inputs = form_inputs(ctx, form);
        if let Some(values) = form.value.field("init-values").and_then(Value::as_object) {
            let base = pointer::push(&form.pointer, "init-values");
            for (key, value) in values {
                let at = pointer::push(&base, key);
                match inputs.get(key.as_str()) {
                    None => {
                        sink.report(&RULE,
                            at,
                            format!("'{key}' names no input inside this Form, so its initial value is never used"),
                        )
                        .anchor(Anchor::Key)
                        .help("use the name of an input inside the Form, or remove the entry");
                    }
                    Some(input) => {
                        if let Some(wants) = init_value_problem(input, value) {
                            sink.report(
                                &RULE,
                                at,
                                format!(
                                    "the initial value of the {} '{key}' must be {wants}, not {}",
                                    input.kind,
                                    crate::json::json_kind(value)
                                ),
                            );
                        }
                    }
                }
            }
        }
        if let Some(messages) = form
            .value
            .field("error-messages")
            .and_then(Value::as_object)
        {
            let base = pointer::push(&form.pointer, "error-messages");
            for (key, value) in messages {
                let picker = inputs
                    .get(key.as_str())
                    .is_some_and(|c| c.is_media_picker());
                if !(value.is_string() || picker && value.is_object()) {
                    sink.report(
                        &RULE,
                        pointer::push(&base, key),
                        format!(
                            "the error message for '{key}' must be a string, not {}",
                            crate::json::json_kind(value)
                        ),
                    );
                }
            }
        }
    }
}
