//! Screen data model rules (`screens[].data`): field definitions, `__example__`, array `items`.

use serde_json::Value;

use crate::finding::Anchor;
use crate::pointer;

use super::engine::{Rule, RuleInfo, Sink};
use super::refs::{data_fields, flow, literal_type, type_fits};
use super::walker::Ctx;

/// The type names a data model may use.
const TYPES: &[&str] = &["string", "number", "integer", "boolean", "object", "array"];

/// The data model rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "data/missing-type",
            code: "INVALID_SCREEN_DATA",
            summary: "Every schema inside a data model field (`properties`, `items`) must have a `type`.",
            why: "The data model is a schema; Meta cannot check payloads or bindings against a field without a type.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"user":{"type":"object","properties":{"name":{}},"__example__":{"name":"Ann"}}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.user.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"user":{"type":"object","properties":{"name":{"type":"string"}},"__example__":{"name":"Ann"}}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.user.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            notes: "At the top level of `data` the schema layer reports a missing `type` (schema/missing-property) or a field that is not an object (schema/type); this rule covers the nested schemas it does not reach. The key `required` is a JSON-Schema list of required fields, not a field.",
            ..RuleInfo::DEFAULT
        },
        check: Some(missing_type),
    },
    Rule {
        info: RuleInfo {
            id: "data/invalid-type",
            code: "INVALID_SCREEN_DATA",
            summary: "A data model `type` must be a string naming string, number, integer, boolean, object or array.",
            why: "Meta types screen data with these JSON types only; `null` and unknown names are rejected.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"user":{"type":"object","properties":{"name":{"type":"text"}},"__example__":{"name":"Ann"}}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.user.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"user":{"type":"object","properties":{"name":{"type":"string"}},"__example__":{"name":"Ann"}}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.user.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            notes: "Top-level field types are checked by the schema layer (schema/enum, schema/type); this rule covers nested schemas (`properties`, `items`).",
            ..RuleInfo::DEFAULT
        },
        check: Some(invalid_type),
    },
    Rule {
        info: RuleInfo {
            id: "data/missing-example",
            code: "MISSING_REQUIRED_PROPERTY",
            summary: "Every field of a screen's data model needs an `__example__` value.",
            why: "Meta uses the example to preview the flow and to check bindings; the field is mandatory.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"name":{"type":"string"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"name":{"type":"string","__example__":"Ann"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            notes: "The schema layer may report the same missing property; fields that are not objects are reported by data/missing-type.",
            reported_by: Some("schema/missing-property"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "data/nested-example",
            code: "INVALID_SCREEN_DATA",
            summary: "`__example__` may only appear at the top level of a field, not inside `properties` or `items`.",
            why: "The example of a field covers its whole value; Meta rejects examples placed deeper.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"user":{"type":"object","properties":{"name":{"type":"string","__example__":"Ann"}},"__example__":{"name":"Ann"}}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.user.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"user":{"type":"object","properties":{"name":{"type":"string"}},"__example__":{"name":"Ann"}}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.user.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            ..RuleInfo::DEFAULT
        },
        check: Some(nested_example),
    },
    Rule {
        info: RuleInfo {
            id: "data/example-mismatch",
            code: "INVALID_SCREEN_DATA",
            summary: "A field's `__example__` must match the field's own schema (types, object properties, array items).",
            why: "Meta validates the example against the schema; a wrong example also hides type errors in bindings.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"price":{"type":"number","__example__":"12.50"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Pay","on-click-action":{"name":"complete","payload":{"price":"${data.price}"}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"price":{"type":"number","__example__":12.5}},"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Pay","on-click-action":{"name":"complete","payload":{"price":"${data.price}"}}}]}}"#),
            notes: "`null` never matches (Meta types data per RFC 8927 and has no null type). Object examples must carry the properties listed in `required`; other properties are not checked for absence.",
            ..RuleInfo::DEFAULT
        },
        check: Some(example_mismatch),
    },
    Rule {
        info: RuleInfo {
            id: "data/array-items",
            code: "INVALID_SCREEN_DATA",
            summary: "An `array` field must define `items` (an object or a boolean), at every level.",
            why: "Without `items` Meta cannot type the elements, e.g. the options of a data-source.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"tags":{"type":"array","__example__":["a"]}},"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"tags":"${data.tags}"}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"tags":{"type":"array","items":{"type":"string"},"__example__":["a"]}},"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"tags":"${data.tags}"}}}]}}"#),
            ..RuleInfo::DEFAULT
        },
        check: Some(array_items),
    },
];

/// Calls `f(pointer, schema, top_level)` on every schema of a screen's data model: each field,
/// then its `properties` and `items`, depth first.
fn each_schema<'a>(ctx: &'a Ctx<'_>, f: &mut impl FnMut(&str, &'a Value, bool)) {
    fn walk<'a>(
        ptr: &str,
        schema: &'a Value,
        top: bool,
        f: &mut impl FnMut(&str, &'a Value, bool),
    ) {
        f(ptr, schema, top);
        let Some(obj) = schema.as_object() else {
            return;
        };
        if let Some(Value::Object(props)) = obj.get("properties") {
            let props_ptr = pointer::push(ptr, "properties");
            for (name, sub) in props {
                walk(&pointer::push(&props_ptr, name), sub, false, f);
            }
        }
        if let Some(items @ Value::Object(_)) = obj.get("items") {
            walk(&pointer::push(ptr, "items"), items, false, f);
        }
    }
    for screen in &ctx.screens {
        let Some(data) = screen.data else { continue };
        let data_ptr = format!("{}/data", screen.pointer);
        for (name, schema) in data_fields(data) {
            walk(&pointer::push(&data_ptr, name), schema, true, f);
        }
    }
}

fn missing_type(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_schema(ctx, &mut |ptr, schema, top| {
        if let Value::Object(obj) = schema
            && !top
            && !obj.contains_key("type")
        {
            sink.report(ptr, "this data model entry has no \"type\"")
                .anchor(Anchor::Key)
                .help("add \"type\": \"string\" (or number, integer, boolean, object, array)");
        }
    });
}

fn invalid_type(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_schema(ctx, &mut |ptr, schema, top| {
        if top {
            return;
        }
        let Some(ty) = schema.get("type") else { return };
        let message = match ty {
            Value::String(s) if TYPES.contains(&s.as_str()) => return,
            Value::String(s) => format!("\"{s}\" is not a data model type"),
            other => format!(
                "\"type\" must be a string, not {}",
                crate::check::json_kind(other)
            ),
        };
        sink.report(pointer::push(ptr, "type"), message)
            .help("use one of: string, number, integer, boolean, object, array");
    });
}

fn nested_example(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_schema(ctx, &mut |ptr, schema, top| {
        if !top && schema.get("__example__").is_some() {
            sink.report(
                pointer::push(ptr, "__example__"),
                "\"__example__\" is only allowed at the top level of a data model field",
            )
            .anchor(Anchor::Key)
            .help("remove it here and give the whole value in the field's own \"__example__\"");
        }
    });
}

/// The first place where `value` does not match `schema`: (pointer suffix, message).
fn mismatch(value: &Value, schema: &Value, at: &str) -> Option<(String, String)> {
    let expected = schema.get("type")?.as_str()?;
    if !TYPES.contains(&expected) {
        return None;
    }
    let actual = literal_type(value);
    let fits = type_fits(expected, actual)
        || (expected == "integer" && value.as_f64().is_some_and(|f| f.fract() == 0.0));
    if !fits {
        return Some((
            at.to_owned(),
            format!("the example is {actual} where the schema expects {expected}"),
        ));
    }
    match value {
        Value::Array(items) => {
            let item_schema = schema.get("items")?;
            items
                .iter()
                .enumerate()
                .find_map(|(i, item)| mismatch(item, item_schema, &pointer::push_index(at, i)))
        }
        Value::Object(obj) => {
            if let Some(Value::Array(required)) = schema.get("required") {
                for name in required.iter().filter_map(Value::as_str) {
                    if !obj.contains_key(name) {
                        return Some((
                            at.to_owned(),
                            format!("the example lacks the required property \"{name}\""),
                        ));
                    }
                }
            }
            let props = schema.get("properties")?.as_object()?;
            obj.iter()
                .find_map(|(k, v)| mismatch(v, props.get(k)?, &pointer::push(at, k)))
        }
        _ => None,
    }
}

fn example_mismatch(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_schema(ctx, &mut |ptr, schema, top| {
        if !top {
            return;
        }
        let Some(example) = schema.get("__example__") else {
            return;
        };
        let example_ptr = pointer::push(ptr, "__example__");
        if let Some((at, message)) = mismatch(example, schema, &example_ptr) {
            sink.report(at, message)
                .help("make the example a value the field's schema accepts");
        }
    });
}

fn array_items(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_schema(ctx, &mut |ptr, schema, _| {
        if schema.get("type").and_then(Value::as_str) != Some("array") {
            return;
        }
        match schema.get("items") {
            Some(Value::Object(_) | Value::Bool(_)) => {}
            None => {
                sink.report(
                    pointer::push(ptr, "type"),
                    "this array has no \"items\" schema",
                )
                .help("add \"items\": {\"type\": …} describing the elements");
            }
            Some(other) => {
                sink.report(
                    pointer::push(ptr, "items"),
                    format!(
                        "\"items\" must be an object or a boolean, not {}",
                        crate::check::json_kind(other)
                    ),
                )
                .help("describe the elements with a schema object, e.g. {\"type\": \"string\"}");
            }
        }
    });
}
