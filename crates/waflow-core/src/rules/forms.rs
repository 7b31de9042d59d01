//! Forms and component names: unique names per screen, inputs outside a Form, one Form per
//! screen, and the Form's `init-values` / `error-messages`.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use serde_json::Value;

use crate::finding::Anchor;
use crate::pointer;
use crate::version::FlowVersion;

use super::engine::{Rule, RuleInfo, Sink};
use super::props::{self, one_screen};
use super::walker::{Component, Ctx};

/// The components Meta requires inside the Form when a screen has one (its builder's list).
const FORM_INPUTS: &[&str] = &[
    "TextInput",
    "TextArea",
    "CheckboxGroup",
    "RadioButtonsGroup",
    "OptIn",
    "Dropdown",
    "DatePicker",
    "PhotoPicker",
    "DocumentPicker",
];

/// The form rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "forms/duplicate-name",
            code: "DUPLICATE_FORM_COMPONENT_NAMES",
            summary: "Component names must be unique on a screen, across every If/Switch branch and the Form's children (the Form's own name aside).",
            why: "`${form.x}`, `init-values` and `sensitive` name components; Meta rejects a screen where a name is used twice (\"Duplicate name found for Form components\"), even in branches that are never shown together.",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"email","label":"Email"},{"type":"TextInput","name":"email","label":"Repeat email"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"email","label":"Email"},{"type":"TextInput","name":"email_again","label":"Repeat email"},"#
            ),
            notes: "Meta's builder counts every branch of If and Switch, so mutually exclusive branches may not reuse a name either. Reported at every occurrence after the first.",
            ..RuleInfo::DEFAULT
        },
        check: Some(duplicate_name),
    },
    Rule {
        info: RuleInfo {
            id: "forms/components-outside-form",
            code: "COMPONENTS_OUTSIDE_FORM",
            since: FlowVersion::V4_0,
            summary: "When a screen has a Form, its input components must all be inside it.",
            why: "A screen either uses a Form for all its inputs or none (4.0+); Meta rejects a mix (\"Component 'TextInput' is not allowed outside Form when Form component is present.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"f","children":[{"type":"TextInput","name":"first","label":"First name"}]},{"type":"TextInput","name":"last","label":"Last name"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"f","children":[{"type":"TextInput","name":"first","label":"First name"},{"type":"TextInput","name":"last","label":"Last name"}]},"#
            ),
            notes: "Meta's list: TextInput, TextArea, CheckboxGroup, RadioButtonsGroup, OptIn, Dropdown, DatePicker, PhotoPicker, DocumentPicker. Before 4.0 every input must be inside a Form; the schema layer reports that (inputs are not allowed directly in a layout there).",
            ..RuleInfo::DEFAULT
        },
        check: Some(components_outside_form),
    },
    Rule {
        info: RuleInfo {
            id: "forms/input-outside-form-before-4-0",
            code: "KEYWORD_ONE_OF",
            until: Some(FlowVersion::V4_0),
            summary: "Before Flow JSON 4.0 every input component sits inside a Form.",
            why: "Forms became optional in 4.0; Meta rejects inputs outside a Form before (\"Property 'TextInput' must be defined inside parent property 'Form'.\").",
            fail_example: one_screen!(
                "3.1",
                r#"{"type":"TextInput","name":"first","label":"First name"},"#
            ),
            pass_example: r#"{"version":"3.1","screens":[{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Form","name":"f","children":[{"type":"TextInput","name":"first","label":"First name"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}]}}]}"#,
            notes: "The schema layer reports it (inputs are not allowed directly in a layout before 4.0).",
            reported_by: Some("schema/misplaced-component"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "forms/init-value-inside-form",
            code: "INVALID_PROPERTY_KEY",
            since: FlowVersion::V4_0,
            summary: "`init-value` and `error-message` exist only on inputs outside a Form; inside one, use the Form's `init-values` and `error-messages`.",
            why: "Meta rejects them on inputs inside a Form (\"Property 'init-value' is not allowed in 'TextInput' component.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"f","children":[{"type":"TextInput","name":"city","label":"City","init-value":"Lisbon"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"f","init-values":{"city":"Lisbon"},"children":[{"type":"TextInput","name":"city","label":"City"}]},"#
            ),
            notes: "The schema layer reports it (the inside-Form variant of each input has no such property).",
            reported_by: Some("schema/unknown-property"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "forms/one-form",
            code: "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
            since: FlowVersion::V7_0,
            summary: "A screen may have at most one Form (7.0+).",
            why: "Meta's builder rejects a second Form (\"Maximum number of Form allowed per screen is 1 but found 2.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"a","children":[{"type":"TextInput","name":"first","label":"First name"}]},{"type":"Form","name":"b","children":[{"type":"TextInput","name":"last","label":"Last name"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"a","children":[{"type":"TextInput","name":"first","label":"First name"},{"type":"TextInput","name":"last","label":"Last name"}]},"#
            ),
            notes: "Reported at every Form after the first.",
            ..RuleInfo::DEFAULT
        },
        check: Some(one_form),
    },
    Rule {
        info: RuleInfo {
            id: "forms/init-values-types",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V7_0,
            summary: "Each `init-values` key of a Form must name an input inside it, with a value of that input's type; `error-messages` values are strings.",
            why: "From 7.0 Meta type-checks a Form's initial values (\"Expected property 'first_name' to be of type 'string' but found 'number'.\") and rejects keys that name no component.",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"f","init-values":{"topics":"news"},"children":[{"type":"CheckboxGroup","name":"topics","label":"Topics","data-source":[{"id":"news","title":"News"},{"id":"deals","title":"Deals"}]}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"f","init-values":{"topics":["news"]},"children":[{"type":"CheckboxGroup","name":"topics","label":"Topics","data-source":[{"id":"news","title":"News"},{"id":"deals","title":"Deals"}]}]},"#
            ),
            notes: "CheckboxGroup and ChipsSelector take an array of strings, OptIn a boolean, a CalendarPicker in range mode an object, a number TextInput a string or a number, the other inputs a string. Dynamic values are typed by bindings/type-mismatch. Media pickers are reported by forms/media-in-init-values.",
            ..RuleInfo::DEFAULT
        },
        check: Some(init_values_types),
    },
    Rule {
        info: RuleInfo {
            id: "forms/media-in-init-values",
            code: "NATIVE_COMPONENT_IN_FORM_INIT_VALUES",
            since: FlowVersion::V4_0,
            summary: "A Form's `init-values` may not set a PhotoPicker or DocumentPicker.",
            why: "Media pickers cannot be pre-filled; Meta rejects the flow (\"Property 'init-values' should not contain value for components: [PhotoPicker, DocumentPicker].\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"f","init-values":{"receipt":"x"},"children":[{"type":"PhotoPicker","name":"receipt","label":"Receipt"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"f","children":[{"type":"PhotoPicker","name":"receipt","label":"Receipt"}]},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Some(media_in_init_values),
    },
];

fn duplicate_name(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        let mut seen: FxHashMap<&str, &Component<'_>> = FxHashMap::default();
        for c in ctx.components_of(screen) {
            let Some(name) = c.name.filter(|_| c.kind != "Form") else {
                continue;
            };
            match seen.get(name) {
                None => {
                    seen.insert(name, c);
                }
                Some(first) => {
                    sink.report(
                        pointer::push(&c.pointer, "name"),
                        format!(
                            "the name '{name}' is already used on screen '{}' by the {} at {}",
                            screen.label(),
                            first.kind,
                            first.pointer
                        ),
                    )
                    .help("give every component of the screen its own name, also in other If/Switch branches");
                }
            }
        }
    }
}

fn components_outside_form(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in ctx.screens.iter().filter(|s| s.has_form) {
        for c in ctx.components_of(screen) {
            if c.form.is_none() && FORM_INPUTS.contains(&c.kind) {
                sink.report(
                    pointer::push(&c.pointer, "type"),
                    format!(
                        "the {} is outside the Form of screen '{}'; with a Form on the screen every input must be inside it",
                        c.kind,
                        screen.label()
                    ),
                )
                .help("move it into the Form's children, or remove the Form");
            }
        }
    }
}

fn one_form(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        let forms: Vec<_> = ctx
            .components_of(screen)
            .iter()
            .filter(|c| c.kind == "Form")
            .collect();
        for c in forms.iter().skip(1) {
            sink.report(
                pointer::push(&c.pointer, "type"),
                format!(
                    "screen '{}' has {} Forms; at most 1 is allowed",
                    screen.label(),
                    forms.len()
                ),
            )
            .help("merge the Forms' children into one Form");
        }
    }
}

/// The inputs of a Form by name.
fn form_inputs<'c, 'a>(
    ctx: &'c Ctx<'a>,
    form: &Component<'a>,
) -> HashMap<&'a str, &'c Component<'a>> {
    ctx.components_of(ctx.screen(form.screen))
        .iter()
        .filter(|c| c.form == Some(form.index))
        .filter_map(|c| c.name.map(|n| (n, c)))
        .collect()
}

/// What a literal initial value of `input` must be, or `None` when `value` fits.
fn init_value_problem(input: &Component<'_>, value: &Value) -> Option<&'static str> {
    if value.as_str().is_some_and(|s| !props::is_literal_str(s)) {
        return None;
    }
    let range = input.value.get("mode").and_then(Value::as_str) == Some("range");
    let number_input = input.value.get("input-type").and_then(Value::as_str) == Some("number");
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

fn init_values_types(ctx: &Ctx<'_>, sink: &mut Sink) {
    for form in ctx.components.iter().filter(|c| c.kind == "Form") {
        let inputs = form_inputs(ctx, form);
        if let Some(values) = form.value.get("init-values").and_then(Value::as_object) {
            let base = pointer::push(&form.pointer, "init-values");
            for (key, value) in values {
                let at = pointer::push(&base, key);
                match inputs.get(key.as_str()) {
                    None => {
                        sink.report(
                            at,
                            format!("'{key}' names no input inside this Form, so its initial value is never used"),
                        )
                        .anchor(Anchor::Key)
                        .help("use the name of an input inside the Form, or remove the entry");
                    }
                    Some(input) => {
                        if let Some(wants) = init_value_problem(input, value) {
                            sink.report(
                                at,
                                format!(
                                    "the initial value of the {} '{key}' must be {wants}, not {}",
                                    input.kind,
                                    crate::check::json_kind(value)
                                ),
                            );
                        }
                    }
                }
            }
        }
        if let Some(messages) = form.value.get("error-messages").and_then(Value::as_object) {
            let base = pointer::push(&form.pointer, "error-messages");
            for (key, value) in messages {
                let picker = inputs
                    .get(key.as_str())
                    .is_some_and(|c| matches!(c.kind, "PhotoPicker" | "DocumentPicker"));
                if !(value.is_string() || picker && value.is_object()) {
                    sink.report(
                        pointer::push(&base, key),
                        format!(
                            "the error message for '{key}' must be a string, not {}",
                            crate::check::json_kind(value)
                        ),
                    );
                }
            }
        }
    }
}

fn media_in_init_values(ctx: &Ctx<'_>, sink: &mut Sink) {
    for form in ctx.components.iter().filter(|c| c.kind == "Form") {
        let Some(values) = form.value.get("init-values").and_then(Value::as_object) else {
            continue;
        };
        let inputs = form_inputs(ctx, form);
        let base = pointer::push(&form.pointer, "init-values");
        for key in values.keys() {
            let Some(input) = inputs.get(key.as_str()) else {
                continue;
            };
            if matches!(input.kind, "PhotoPicker" | "DocumentPicker") {
                sink.report(
                    pointer::push(&base, key),
                    format!(
                        "the {} '{key}' cannot be given an initial value",
                        input.kind
                    ),
                )
                .anchor(Anchor::Key)
                .help("remove the entry; the user always picks the files");
            }
        }
    }
}
