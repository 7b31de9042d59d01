//! Action rules: which action goes where, navigate targets and payloads (keys and types against
//! the next screen's data model), references in payloads, `complete`, `update_data`, `open_url`.

use std::collections::HashSet;

use serde_json::Value;

use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::version::FlowVersion;

use super::engine::{Rule, RuleInfo, Sink};
use super::expr;
use super::refs::{
    Ref, data_fields, done_screen, field_schema, flow, form_value_type, literal_type, nav_screen,
    schema_type, type_fits, whole_binding,
};
use super::walker::{Action, ActionSlot, Ctx, Screen};

/// A first screen with a TextInput `age` (number) navigating to `NEXT` with `$payload`, and a
/// terminal `NEXT` screen declaring `$data` (JSON text).
macro_rules! payload_flow {
    ($payload:literal, $data:literal) => {
        concat!(
            r#"{"version":"7.3","screens":[{"id":"FORM","title":"Form","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"age","label":"Age","input-type":"number"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"NEXT"},"payload":"#,
            $payload,
            r#"}}]}},{"id":"NEXT","title":"Next","terminal":true,"data":"#,
            $data,
            r#","layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"Thanks"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"age":"${data.age}"}}}]}}]}"#
        )
    };
}

/// A 7.3 screen `S` with `$data` and one OptIn whose select action is `$action` (JSON text).
macro_rules! select_flow {
    ($data:literal, $action:literal) => {
        concat!(
            r#"{"version":"7.3","screens":[{"id":"S","title":"S","terminal":true,"data":"#,
            $data,
            r#","layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.note}"},{"type":"OptIn","name":"ok","label":"Agree","on-select-action":"#,
            $action,
            r#"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#
        )
    };
}

/// The action rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "actions/not-allowed-here",
            code: "INVALID_ENUM_VALUE",
            summary: "Each component and slot accepts only some actions (e.g. `complete` only in a Footer, `open_url` only in EmbeddedLink and OptIn from 6.0, `update_data` only in select actions from 6.0).",
            why: "The phone only knows how to run these actions from those places; Meta rejects the others.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Finish","on-click-action":{"name":"complete","payload":{}}},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Terms","on-click-action":{"name":"open_url","url":"https://example.com/terms"}},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            notes: "Only known action names are checked here; unknown names are schema errors. Allowed: on-click-action of Footer navigate/data_exchange/complete; EmbeddedLink and OptIn navigate/data_exchange (+open_url 6.0); NavigationList navigate/data_exchange. on-select-action of CheckboxGroup, RadioButtonsGroup, Dropdown data_exchange (+update_data 6.0), ChipsSelector data_exchange/update_data (7.1), DatePicker and CalendarPicker data_exchange, OptIn update_data (6.0). on-unselect-action update_data (6.0; ChipsSelector 7.1). Data-source item actions update_data (6.0). The docs phrase the `complete` case as \"Action complete can only be specified on Footer\".",
            reported_by: Some("schema/enum"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "actions/navigate-unknown-screen",
            code: "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
            summary: "A navigate action's `next.name` must be the id of a screen.",
            why: "Navigating to a screen that does not exist fails; Meta rejects it.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Skip","on-click-action":{"name":"navigate","next":{"type":"screen","name":"FINISH"},"payload":{}}},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"DONE"},"payload":{}}}]}}"#, done_screen!("DONE")),
            pass_example: flow!("7.3"; nav_screen!("A", "DONE"), done_screen!("DONE")),
            notes: "Targets written as `${…}` bindings are not checked.",
            ..RuleInfo::DEFAULT
        },
        check: Some(navigate_unknown_screen),
    },
    Rule {
        info: RuleInfo {
            id: "actions/navigate-to-self",
            code: "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
            summary: "A navigate action may not target its own screen.",
            why: "Meta reports a loop; to refresh a screen use data_exchange or update_data.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Again","on-click-action":{"name":"navigate","next":{"type":"screen","name":"A"},"payload":{}}},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; done_screen!("A")),
            notes: "Also applies to NavigationList item actions.",
            ..RuleInfo::DEFAULT
        },
        check: Some(navigate_to_self),
    },
    Rule {
        info: RuleInfo {
            id: "actions/navigate-missing-payload",
            code: "MISSING_NAVIGATION_ACTION_PAYLOAD",
            summary: "A navigate action needs a `payload` when the next screen declares data.",
            why: "The next screen's data comes from this payload; without it the screen would render with no values.",
            fail_example: r#"{"version":"7.3","screens":[{"id":"FORM","title":"Form","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"age","label":"Age","input-type":"number"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"NEXT"}}}]}},{"id":"NEXT","title":"Next","terminal":true,"data":{"age":{"type":"number","__example__":30}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"Thanks"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"age":"${data.age}"}}}]}}]}"#,
            pass_example: payload_flow!(
                r#"{"age":"${form.age}"}"#,
                r#"{"age":{"type":"number","__example__":30}}"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Some(navigate_missing_payload),
    },
    Rule {
        info: RuleInfo {
            id: "actions/navigate-payload-unknown-field",
            code: "INVALID_NAVIGATE_ACTION_PAYLOAD",
            summary: "Every key of a navigate payload must be a field of the next screen's data model.",
            why: "The next screen only receives the fields it declares; Meta rejects the others.",
            fail_example: payload_flow!(
                r#"{"age":"${form.age}","nickname":"Ann"}"#,
                r#"{"age":{"type":"number","__example__":30}}"#
            ),
            pass_example: payload_flow!(
                r#"{"age":"${form.age}"}"#,
                r#"{"age":{"type":"number","__example__":30}}"#
            ),
            notes: "When the next screen has no data model at all, Meta says so with the same code.",
            ..RuleInfo::DEFAULT
        },
        check: Some(navigate_payload_unknown_field),
    },
    Rule {
        info: RuleInfo {
            id: "actions/navigate-payload-missing-field",
            code: "INVALID_NAVIGATE_ACTION_PAYLOAD",
            summary: "A navigate payload must provide every field the next screen's data model declares.",
            why: "Fields left out are empty on the next screen; Meta requires all of them (send blanks for optional ones).",
            fail_example: payload_flow!(
                r#"{"age":"${form.age}"}"#,
                r#"{"age":{"type":"number","__example__":30},"name":{"type":"string","__example__":"Ann"}}"#
            ),
            // As `payload_flow!`, with NEXT showing the name it receives.
            pass_example: r#"{"version":"7.3","screens":[{"id":"FORM","title":"Form","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"age","label":"Age","input-type":"number"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"NEXT"},"payload":{"age":"${form.age}","name":""}}}]}},{"id":"NEXT","title":"Next","terminal":true,"data":{"age":{"type":"number","__example__":30},"name":{"type":"string","__example__":"Ann"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"age":"${data.age}"}}}]}}]}"#,
            notes: "Meta's builder enforces the complete key set in 5.1 and from 7.3 (error); 6.0–7.2 builders skip it, so those versions get a warning. Global references (4.0+) do not relax the rule. A navigate without any payload is reported by actions/navigate-missing-payload instead.",
            ..RuleInfo::DEFAULT
        },
        check: Some(navigate_payload_missing_field),
    },
    Rule {
        info: RuleInfo {
            id: "actions/navigate-static-payload-type",
            code: "INVALID_NAVIGATE_ACTION_STATIC_DATA",
            summary: "Literal values in a navigate payload must match the type of the next screen's field, through objects and arrays.",
            why: "The next screen renders the value with the declared type; Meta rejects mismatches.",
            fail_example: payload_flow!(
                r#"{"age":"thirty"}"#,
                r#"{"age":{"type":"number","__example__":30}}"#
            ),
            pass_example: payload_flow!(
                r#"{"age":30}"#,
                r#"{"age":{"type":"number","__example__":30}}"#
            ),
            notes: "Integers count as numbers. Object values must carry every declared property and no other. Meta's docs file this case under INVALID_NAVIGATE_ACTION_PAYLOAD; the builder emits INVALID_NAVIGATE_ACTION_STATIC_DATA.",
            ..RuleInfo::DEFAULT
        },
        check: Some(navigate_static_payload_type),
    },
    Rule {
        info: RuleInfo {
            id: "actions/navigate-dynamic-payload-type",
            code: "INVALID_NAVIGATE_ACTION_PAYLOAD",
            summary: "A `${form.x}` or `${data.x}` value in a navigate payload must have the type of the next screen's field.",
            why: "A TextInput yields a string (a number with input-type number), a CheckboxGroup an array, an OptIn a boolean…; Meta rejects a field declared with another type.",
            fail_example: payload_flow!(
                r#"{"age":"${form.age}"}"#,
                r#"{"age":{"type":"string","__example__":"30"}}"#
            ),
            pass_example: payload_flow!(
                r#"{"age":"${form.age}"}"#,
                r#"{"age":{"type":"number","__example__":30}}"#
            ),
            notes: "Form values: TextInput string (number with input-type number), TextArea, RadioButtonsGroup, Dropdown, DatePicker string, CalendarPicker string (object in range mode), CheckboxGroup and ChipsSelector array, OptIn boolean. Data values take the declared type; object property sets must match exactly.",
            ..RuleInfo::DEFAULT
        },
        check: Some(navigate_dynamic_payload_type),
    },
    Rule {
        info: RuleInfo {
            id: "actions/payload-unknown-reference",
            code: "INVALID_ON_CLICK_ACTION_PAYLOAD",
            summary: "A `${form.x}` / `${data.x}` / `${screen.S.…}` payload value must refer to an existing component, data field or screen.",
            why: "An unresolved reference sends nothing; Meta rejects the payload.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"email","label":"Email","input-type":"email"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"email":"${form.mail}"}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"email","label":"Email","input-type":"email"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"email":"${form.email}"}}}]}}"#),
            notes: "Checked for navigate, complete, data_exchange and update_data payloads, for values that are exactly one reference. A Form's own name is not a value (\"Value of 'Form' component cannot be used in form binding\").",
            ..RuleInfo::DEFAULT
        },
        check: Some(payload_unknown_reference),
    },
    Rule {
        info: RuleInfo {
            id: "actions/nested-payload-unknown-reference",
            code: "INVALID_ACTION_PAYLOAD_PROPERTY",
            since: FlowVersion::V7_2,
            summary: "References inside backtick expressions of complete and data_exchange payloads must exist.",
            why: "From 7.2 Meta evaluates these expressions when validating; a missing variable is rejected.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"first","label":"First name"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"greeting":"`'Hello ' ${form.frist}`"}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"first","label":"First name"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"greeting":"`'Hello ' ${form.first}`"}}}]}}"#),
            notes: "Expressions that do not parse are reported by actions/nested-payload-syntax instead.",
            ..RuleInfo::DEFAULT
        },
        check: Some(nested_payload_unknown_reference),
    },
    Rule {
        info: RuleInfo {
            id: "actions/nested-payload-syntax",
            code: "INVALID_ACTION_PAYLOAD_PROPERTY",
            since: FlowVersion::V7_2,
            summary: "Backtick expressions in complete and data_exchange payloads must parse.",
            why: "From 7.2 Meta parses these expressions when validating and passes the parser's error through.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"first","label":"First name"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"greeting":"`'Hello ' ${form.first}"}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"first","label":"First name"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"greeting":"`'Hello ' ${form.first}`"}}}]}}"#),
            notes: "Uses the same expression parser as the component rules (expressions/syntax). Type errors inside payload expressions are not checked: the payload has no declared type.",
            ..RuleInfo::DEFAULT
        },
        check: Some(nested_payload_syntax),
    },
    Rule {
        info: RuleInfo {
            id: "actions/complete-on-non-terminal",
            code: "INVALID_COMPLETE_ACTION",
            summary: "`complete` may only be used on a terminal screen.",
            why: "`complete` ends the flow, which only a terminal screen may do; Meta rejects it elsewhere.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Details","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#, done_screen!("B")),
            pass_example: flow!("7.3"; done_screen!("A")),
            ..RuleInfo::DEFAULT
        },
        check: Some(complete_on_non_terminal),
    },
    Rule {
        info: RuleInfo {
            id: "actions/update-data-unknown-field",
            code: "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
            since: FlowVersion::V6_0,
            summary: "Every key of an `update_data` payload must be a field of the current screen's data model.",
            why: "update_data changes the current screen's data; a key it does not declare has nowhere to go.",
            fail_example: select_flow!(
                r#"{"note":{"type":"string","__example__":""}}"#,
                r#"{"name":"update_data","payload":{"notice":"Thanks"}}"#
            ),
            pass_example: select_flow!(
                r#"{"note":{"type":"string","__example__":""}}"#,
                r#"{"name":"update_data","payload":{"note":"Thanks"}}"#
            ),
            notes: "Meta's builder validator; not in the public error-code table.",
            ..RuleInfo::DEFAULT
        },
        check: Some(update_data_unknown_field),
    },
    Rule {
        info: RuleInfo {
            id: "actions/update-data-self",
            code: "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
            since: FlowVersion::V6_0,
            summary: "`update_data` may not set a field to its own value (`\"k\": \"${data.k}\"`).",
            why: "The update changes nothing; Meta rejects it as redundant.",
            fail_example: select_flow!(
                r#"{"note":{"type":"string","__example__":""}}"#,
                r#"{"name":"update_data","payload":{"note":"${data.note}"}}"#
            ),
            pass_example: select_flow!(
                r#"{"note":{"type":"string","__example__":""}}"#,
                r#"{"name":"update_data","payload":{"note":"Thanks"}}"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Some(update_data_self),
    },
    Rule {
        info: RuleInfo {
            id: "actions/open-url-invalid-url",
            code: "INVALID_PROPERTY_VALUE_FORMAT",
            since: FlowVersion::V6_0,
            summary: "The `url` of an `open_url` action must be an absolute http(s) URL (or a binding).",
            why: "The phone opens this URL in a browser; anything else cannot be opened.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Terms","on-click-action":{"name":"open_url","url":"www.example.com/terms"}},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Terms","on-click-action":{"name":"open_url","url":"https://www.example.com/terms"}},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            notes: "A missing `url`, or a `payload` on open_url, is a shape error reported by the schema layer.",
            reported_by: Some("schema/pattern"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "actions/select-action-on-both-levels",
            code: "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
            since: FlowVersion::V6_0,
            summary: "`on-select-action` / `on-unselect-action` may be set on the component or on its data-source items, not both.",
            why: "The phone would not know which action to run; Meta rejects the combination.",
            fail_example: r#"{"version":"7.3","screens":[{"id":"S","title":"S","terminal":true,"data":{"note":{"type":"string","__example__":""}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.note}"},{"type":"RadioButtonsGroup","name":"size","label":"Size","data-source":[{"id":"s","title":"Small","on-select-action":{"name":"update_data","payload":{"note":"Small"}}},{"id":"l","title":"Large"}],"on-select-action":{"name":"update_data","payload":{"note":"Picked"}}},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"S","title":"S","terminal":true,"data":{"note":{"type":"string","__example__":""}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.note}"},{"type":"RadioButtonsGroup","name":"size","label":"Size","data-source":[{"id":"s","title":"Small","on-select-action":{"name":"update_data","payload":{"note":"Small"}}},{"id":"l","title":"Large","on-select-action":{"name":"update_data","payload":{"note":"Large"}}}]},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            notes: "Meta's builder uses INVALID_UPDATE_DATA_ACTION_PAYLOAD for this, whatever the action.",
            ..RuleInfo::DEFAULT
        },
        check: Some(select_action_on_both_levels),
    },
];

fn navigate_unknown_screen(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in &ctx.actions {
        let Some(target) = action.navigate_target() else {
            continue;
        };
        if target.contains("${") || ctx.position_of(target).is_some() {
            continue;
        }
        sink.report(
            action.pointer_to("next/name"),
            format!("navigate goes to \"{target}\", but no screen has that id"),
        )
        .help("use the id of an existing screen");
    }
}

fn navigate_to_self(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in &ctx.actions {
        let screen = ctx.screen(action.screen);
        if action.navigate_target().is_some() && action.navigate_target() == screen.id {
            sink.report(
                action.pointer_to("next/name"),
                format!("screen {} navigates to itself", screen.label()),
            )
            .help("to refresh the screen use data_exchange, or update_data (6.0+)");
        }
    }
}

/// The navigate actions whose target is another existing screen, with that screen.
fn navigations<'c, 'a>(ctx: &'c Ctx<'a>) -> impl Iterator<Item = (&'c Action<'a>, &'c Screen<'a>)> {
    ctx.actions.iter().filter_map(move |a| {
        let to = ctx.target_of(a)?;
        (to != a.screen).then(|| (a, &ctx.screens[to]))
    })
}

fn navigate_missing_payload(ctx: &Ctx<'_>, sink: &mut Sink) {
    for (action, next) in navigations(ctx) {
        if action.value.contains_key("payload") {
            continue;
        }
        let fields: Vec<&str> = next
            .data
            .into_iter()
            .flat_map(data_fields)
            .map(|(k, _)| k.as_str())
            .collect();
        if fields.is_empty() {
            continue;
        }
        sink.report(
            action.pointer.clone(),
            format!(
                "screen {} declares data ({}) but this navigate action sends no payload",
                next.label(),
                fields.join(", ")
            ),
        )
        .anchor(Anchor::Key)
        .help("add a \"payload\" with a value for every field of the next screen's data");
    }
}

fn navigate_payload_unknown_field(ctx: &Ctx<'_>, sink: &mut Sink) {
    for (action, next) in navigations(ctx) {
        let Some(payload) = action.payload else {
            continue;
        };
        for key in payload.keys() {
            let declared = next
                .data
                .is_some_and(|d| key != "required" && d.contains_key(key));
            if declared {
                continue;
            }
            let message = if next.data.is_none() {
                format!(
                    "payload field \"{key}\" is sent to screen {}, which declares no data",
                    next.label()
                )
            } else {
                format!(
                    "payload field \"{key}\" is not declared in the data of screen {}",
                    next.label()
                )
            };
            sink.report(action.payload_pointer(key), message)
                .anchor(Anchor::Key)
                .help(format!(
                    "declare \"{key}\" in the data of {} (with type and __example__), or remove it from the payload",
                    next.label()
                ));
        }
    }
}

fn navigate_payload_missing_field(ctx: &Ctx<'_>, sink: &mut Sink) {
    let lenient = ctx.version >= FlowVersion::V6_0 && ctx.version < FlowVersion::V7_3;
    for (action, next) in navigations(ctx) {
        let (Some(payload), Some(data)) = (action.payload, next.data) else {
            continue;
        };
        let missing: Vec<&str> = data_fields(data)
            .map(|(k, _)| k.as_str())
            .filter(|k| !payload.contains_key(*k))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let report = sink
            .report(
                action.pointer_to("payload"),
                format!(
                    "screen {} expects {} in the payload: {}",
                    next.label(),
                    if missing.len() == 1 { "a field that is missing" } else { "fields that are missing" },
                    missing.join(", ")
                ),
            )
            .anchor(Anchor::Key)
            .help("send every declared field; use an empty value for optional ones, or remove the field from the next screen's data");
        if lenient {
            report.severity(Severity::Warning);
        }
    }
}

/// A type problem in a navigate payload.
struct TypeIssue {
    dynamic: bool,
    pointer: String,
    message: String,
}

/// The type of a `${…}` payload value, as a data-model type and (for data) its schema.
fn reference_type<'a>(
    ctx: &'a Ctx<'_>,
    from: &Screen<'_>,
    r: &Ref<'_>,
) -> Option<(String, Option<&'a Value>)> {
    let screen = match r.screen {
        Some(id) => ctx.screen_by_id(id)?,
        None => &ctx.screens[from.pos],
    };
    if r.form {
        if r.path.len() != 1 {
            return None;
        }
        let component = ctx.named(screen, r.path[0])?;
        Some((form_value_type(component)?.to_owned(), None))
    } else {
        let schema = field_schema(screen.data?, &r.path)?;
        Some((schema_type(schema)?.to_owned(), Some(schema)))
    }
}

fn property_names(schema: &Value) -> Option<Vec<&str>> {
    let mut names: Vec<&str> = schema
        .get("properties")?
        .as_object()?
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    Some(names)
}

/// Where a navigate payload is checked: the flow, the sending and the receiving screen.
struct Transition<'c, 'a> {
    ctx: &'c Ctx<'a>,
    from: &'c Screen<'a>,
    next: &'c Screen<'a>,
}

fn check_value(
    t: &Transition<'_, '_>,
    value: &Value,
    schema: &Value,
    at: &str,
    field: &str,
    issues: &mut Vec<TypeIssue>,
) {
    let (ctx, from, next) = (t.ctx, t.from, t.next);
    let Some(expected) = schema_type(schema) else {
        return;
    };
    if let Value::String(s) = value {
        if let Some(r) = whole_binding(s) {
            let Some((actual, source)) = reference_type(ctx, from, &r) else {
                return;
            };
            let message = if !type_fits(expected, &actual) {
                format!(
                    "{s} is {} but field \"{field}\" of screen {} expects {expected}",
                    with_article(&actual),
                    next.label()
                )
            } else if let (Some(source), "object") = (source, expected)
                && let (Some(a), Some(b)) = (property_names(source), property_names(schema))
                && a != b
            {
                format!(
                    "{s} has properties [{}] but field \"{field}\" of screen {} declares [{}]",
                    a.join(", "),
                    next.label(),
                    b.join(", ")
                )
            } else {
                return;
            };
            issues.push(TypeIssue {
                dynamic: true,
                pointer: at.to_owned(),
                message,
            });
            return;
        }
        if s.contains("${") || s.starts_with('`') {
            return;
        }
    }
    let actual = literal_type(value);
    let whole = value.as_f64().is_some_and(|f| f.fract() == 0.0);
    if !type_fits(expected, actual) && (expected != "integer" || !whole) {
        issues.push(TypeIssue {
            dynamic: false,
            pointer: at.to_owned(),
            message: format!(
                "field \"{field}\" of screen {} expects {expected}, but the payload sends {}",
                next.label(),
                with_article(actual)
            ),
        });
        return;
    }
    match value {
        Value::Array(items) => {
            let Some(item_schema) = schema.get("items").filter(|s| s.is_object()) else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                check_value(
                    t,
                    item,
                    item_schema,
                    &pointer::push_index(at, i),
                    &format!("{field}[{i}]"),
                    issues,
                );
            }
        }
        Value::Object(obj) => {
            let Some(props) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (k, v) in obj {
                let sub = format!("{field}.{k}");
                match props.get(k) {
                    Some(s) => check_value(t, v, s, &pointer::push(at, k), &sub, issues),
                    None => issues.push(TypeIssue {
                        dynamic: false,
                        pointer: pointer::push(at, k),
                        message: format!(
                            "\"{sub}\" is not declared in the data of screen {}",
                            next.label()
                        ),
                    }),
                }
            }
            for k in props.keys().filter(|k| !obj.contains_key(*k)) {
                issues.push(TypeIssue {
                    dynamic: false,
                    pointer: at.to_owned(),
                    message: format!(
                        "\"{field}.{k}\" is declared in the data of screen {} but missing from the payload",
                        next.label()
                    ),
                });
            }
        }
        _ => {}
    }
}

fn with_article(ty: &str) -> String {
    match ty {
        "integer" | "object" | "array" => format!("an {ty}"),
        "null" => "null".to_owned(),
        _ => format!("a {ty}"),
    }
}

fn payload_type_issues(ctx: &Ctx<'_>, dynamic: bool, sink: &mut Sink) {
    for (action, next) in navigations(ctx) {
        let (Some(payload), Some(data)) = (action.payload, next.data) else {
            continue;
        };
        let t = Transition {
            ctx,
            from: &ctx.screens[action.screen],
            next,
        };
        let mut issues = Vec::new();
        for (key, value) in payload {
            if key == "required" {
                continue;
            }
            let Some(schema) = data.get(key) else {
                continue;
            };
            let at = action.payload_pointer(key);
            check_value(&t, value, schema, &at, key, &mut issues);
        }
        for issue in issues.into_iter().filter(|i| i.dynamic == dynamic) {
            sink.report(issue.pointer, issue.message).help(if dynamic {
                "declare the next screen's field with the type this value has, or send another value"
            } else {
                "send a value of the declared type, or change the next screen's data model"
            });
        }
    }
}

fn navigate_static_payload_type(ctx: &Ctx<'_>, sink: &mut Sink) {
    payload_type_issues(ctx, false, sink);
}

fn navigate_dynamic_payload_type(ctx: &Ctx<'_>, sink: &mut Sink) {
    payload_type_issues(ctx, true, sink);
}

/// Why a reference used on `from` does not resolve, if it does not.
pub(crate) fn unresolved(ctx: &Ctx<'_>, from: &Screen<'_>, r: &Ref<'_>) -> Option<String> {
    let screen = match r.screen {
        Some(id) => match ctx.screen_by_id(id) {
            Some(s) => s,
            None => return Some(format!("there is no screen \"{id}\"")),
        },
        None => &ctx.screens[from.pos],
    };
    let name = r.path[0];
    if r.form {
        match ctx.named(screen, name) {
            None => Some(format!(
                "screen {} has no component named \"{name}\"",
                screen.label()
            )),
            Some(c) if c.kind == "Form" => Some(format!(
                "\"{name}\" is the Form itself, which has no value; refer to one of its inputs"
            )),
            Some(_) => None,
        }
    } else if screen
        .data
        .is_some_and(|d| name != "required" && d.contains_key(name))
    {
        None
    } else {
        Some(format!(
            "\"{name}\" is not declared in the data of screen {}",
            screen.label()
        ))
    }
}

fn payload_unknown_reference(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in &ctx.actions {
        let update = action.name == Some("update_data") && ctx.version >= FlowVersion::V6_0;
        if !update && !matches!(action.name, Some("navigate" | "complete" | "data_exchange")) {
            continue;
        }
        let Some(payload) = action.payload else {
            continue;
        };
        let from = &ctx.screens[action.screen];
        each_payload_string(payload, &action.pointer_to("payload"), &mut |at, s| {
            let Some(r) = whole_binding(s) else { return };
            if let Some(why) = unresolved(ctx, from, &r) {
                sink.report(at, format!("{s} does not resolve: {why}"))
                    .help("refer to an input `name` of the screen (form) or a field of its data model (data)");
            }
        });
    }
}

/// Calls `f(pointer, text)` for each backtick expression in a complete or data_exchange payload.
fn each_payload_expression<'a>(ctx: &Ctx<'a>, f: &mut impl FnMut(&Screen<'a>, String, &str)) {
    for action in &ctx.actions {
        if !matches!(action.name, Some("complete" | "data_exchange")) {
            continue;
        }
        let Some(payload) = action.payload else {
            continue;
        };
        let from = &ctx.screens[action.screen];
        each_payload_string(payload, &action.pointer_to("payload"), &mut |at, s| {
            if s.starts_with('`') {
                f(from, at, s);
            }
        });
    }
}

fn nested_payload_syntax(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_payload_expression(ctx, &mut |_, at, s| {
        if let Err(e) = expr::parse_nested(s) {
            sink.report(at, format!("invalid expression: {}", e.message))
                .anchor(Anchor::InString {
                    start: e.span.start,
                    end: e.span.end,
                })
                .help("fix the expression between the backticks, or send a plain value");
        }
    });
}

fn nested_payload_unknown_reference(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_payload_expression(ctx, &mut |from, at, s| {
        let Ok(parsed) = expr::parse_nested(s) else {
            return;
        };
        parsed.for_each_ref(&mut |r| {
            let path: Vec<&str> = r.path.iter().map(String::as_str).collect();
            let reference = Ref {
                screen: r.screen.as_ref().map(|(id, _)| id.as_str()),
                form: r.scope == expr::Scope::Form,
                path,
            };
            if let Some(why) = unresolved(ctx, from, &reference) {
                sink.report(at.clone(), format!("{} does not resolve: {why}", r.text(s)))
                    .anchor(Anchor::InString {
                        start: r.span.start,
                        end: r.span.end,
                    })
                    .help("fix the reference inside the backticks");
            }
        });
    });
}

/// Calls `f(pointer, text)` for every string in a payload, with its pointer.
fn each_payload_string(
    payload: &serde_json::Map<String, Value>,
    at: &str,
    f: &mut impl FnMut(String, &str),
) {
    fn walk(value: &Value, at: String, f: &mut impl FnMut(String, &str)) {
        match value {
            Value::String(s) => f(at, s),
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, pointer::push_index(&at, i), f);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    walk(v, pointer::push(&at, k), f);
                }
            }
            _ => {}
        }
    }
    for (k, v) in payload {
        walk(v, pointer::push(at, k), f);
    }
}

fn complete_on_non_terminal(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in ctx.actions.iter().filter(|a| a.name == Some("complete")) {
        let screen = ctx.screen(action.screen);
        if !screen.terminal {
            sink.report(
                action.pointer_to("name"),
                format!(
                    "complete ends the flow, but screen {} is not terminal",
                    screen.label()
                ),
            )
            .help("add \"terminal\": true to the screen, or navigate to a terminal screen instead");
        }
    }
}

fn update_data_unknown_field(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in ctx.actions.iter().filter(|a| a.name == Some("update_data")) {
        let Some(payload) = action.payload else {
            continue;
        };
        let screen = ctx.screen(action.screen);
        for key in payload.keys() {
            if screen
                .data
                .is_some_and(|d| key != "required" && d.contains_key(key))
            {
                continue;
            }
            let message = match screen.data {
                None => format!(
                    "update_data sets \"{key}\", but screen {} declares no data",
                    screen.label()
                ),
                Some(_) => format!(
                    "update_data sets \"{key}\", which the data of screen {} does not declare",
                    screen.label()
                ),
            };
            sink.report(action.payload_pointer(key), message)
                .anchor(Anchor::Key)
                .help("declare the field in this screen's data (with type and __example__)");
        }
    }
}

fn update_data_self(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in ctx.actions.iter().filter(|a| a.name == Some("update_data")) {
        let Some(payload) = action.payload else {
            continue;
        };
        for (key, value) in payload {
            let Some(r) = value.as_str().and_then(whole_binding) else {
                continue;
            };
            if r.screen.is_none() && !r.form && r.path == [key.as_str()] {
                sink.report(
                    action.payload_pointer(key),
                    format!("update_data sets \"{key}\" to its own value"),
                )
                .help("remove this entry; it changes nothing");
            }
        }
    }
}

fn select_action_on_both_levels(ctx: &Ctx<'_>, sink: &mut Sink) {
    let mut reported = HashSet::new();
    for action in ctx.actions.iter().filter(|a| a.item.is_some()) {
        if action.slot == ActionSlot::OnClick {
            continue;
        }
        let component = &ctx.components[action.component];
        if !component.value.contains_key(action.slot.key())
            || !reported.insert((action.component, action.slot.key()))
        {
            continue;
        }
        sink.report(
            pointer::push(&component.pointer, action.slot.key()),
            format!(
                "{} is set on this {} and on its data-source items; use one level",
                action.slot.key(),
                component.kind
            ),
        )
        .anchor(Anchor::Key)
        .help("keep the component-level action, or the item-level ones, not both");
    }
}
