//! A reply's `data` against the data model of the screen it opens.

use serde_json::{Map, Value};
use waflow_core::check::json_kind;
use waflow_core::rules::endpoint_check::{
    DATA_MISSING, DATA_MISSING_OPTIONAL_CODE, DATA_TYPE, DATA_UNDECLARED,
};
use waflow_core::{Anchor, Finding, Severity, pointer};

use crate::flow::Screen;

/// Keys a reply may send besides the data model: `error_message` shows an error on the screen.
const RESERVED: [&str; 1] = ["error_message"];

/// Checks `data` (a reply's `data`, for `screen`) against the screen's data model; `trigger`
/// names the request in messages ("the reply to INIT").
pub fn check_data(screen: &Screen<'_>, data: &Value, trigger: &str, out: &mut Vec<Finding>) {
    let model = screen.data;
    let model_pointer = pointer::push(&screen.pointer, "data");
    let Some(data) = data.as_object() else {
        out.push(DATA_TYPE.finding(
            screen.pointer.clone(),
            format!(
                "`data` in {trigger} is {}; screen {} needs an object",
                json_kind(data),
                screen.id
            ),
        ));
        return;
    };
    let empty = Map::new();
    let model = model.unwrap_or(&empty);
    let required = required(model);
    for (key, entry) in model {
        if key == "required" {
            continue;
        }
        let at = pointer::push(&model_pointer, key);
        match data.get(key) {
            Some(value) => check_value(value, entry, &at, &format!("data.{key}"), trigger, out),
            None => out.push(missing(
                screen,
                key,
                &at,
                required.contains(&key.as_str()),
                trigger,
            )),
        }
    }
    for key in data.keys() {
        if !model.contains_key(key) && !RESERVED.contains(&key.as_str()) {
            let at = if screen.data.is_some() {
                model_pointer.clone()
            } else {
                screen.pointer.clone()
            };
            out.push(
                DATA_UNDECLARED
                    .finding(
                        at,
                        format!(
                            "{trigger} sends `data.{key}`, which screen {} does not declare; WhatsApp drops it",
                            screen.id
                        ),
                    )
                    .with_anchor(Anchor::Key)
                .with_help("declare it in the screen's `data`, or stop sending it"),
            );
        }
    }
}

fn required(schema: &Map<String, Value>) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn missing(screen: &Screen<'_>, key: &str, at: &str, required: bool, trigger: &str) -> Finding {
    let finding = if required {
        DATA_MISSING.finding(
            at,
            format!(
                "{trigger} has no `data.{key}`, which screen {} requires",
                screen.id
            ),
        )
    } else {
        Finding {
            code: DATA_MISSING_OPTIONAL_CODE.into(),
            ..DATA_MISSING.finding(
                at,
                format!(
                    "{trigger} has no `data.{key}`, which screen {} declares; what binds it shows nothing",
                    screen.id
                ),
            )
        }
        .with_severity(Severity::Warning)
    };
    finding.with_anchor(Anchor::Key)
}

/// Whether `value` is of the JSON Schema `kind`; `None` for a kind waflow does not check.
fn is_kind(value: &Value, kind: &str) -> Option<bool> {
    Some(match kind {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        _ => return None,
    })
}

fn check_value(
    value: &Value,
    schema: &Value,
    at: &str,
    path: &str,
    trigger: &str,
    out: &mut Vec<Finding>,
) {
    let Some(kind) = schema.get("type").and_then(Value::as_str) else {
        return;
    };
    if is_kind(value, kind) == Some(false) {
        out.push(
            DATA_TYPE
                .finding(
                    pointer::push(at, "type"),
                    format!(
                        "`{path}` in {trigger} is {}, but the data model declares {} `{kind}`",
                        json_kind(value),
                        if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                            "an"
                        } else {
                            "a"
                        }
                    ),
                )
                .with_help("make the endpoint send this type, or declare the type it sends"),
        );
        return;
    }
    match value {
        Value::Object(members) => {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            let at = pointer::push(at, "properties");
            let required = schema.as_object().map(required).unwrap_or_default();
            for (key, sub) in properties {
                let sub_at = pointer::push(&at, key);
                match members.get(key) {
                    Some(v) => check_value(v, sub, &sub_at, &format!("{path}.{key}"), trigger, out),
                    None if required.contains(&key.as_str()) => out.push(
                        DATA_MISSING.finding(
                            sub_at,
                            format!("`{path}` in {trigger} has no `{key}`, which the data model requires"),
                        )
                        .with_anchor(Anchor::Key),
                    ),
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            let Some(item_schema) = schema.get("items").filter(|s| s.is_object()) else {
                return;
            };
            let at = pointer::push(at, "items");
            // The first item that breaks the shape is enough: the others are alike.
            for (i, item) in items.iter().enumerate() {
                let before = out.len();
                check_value(
                    item,
                    item_schema,
                    &at,
                    &format!("{path}[{i}]"),
                    trigger,
                    out,
                );
                if out.len() > before {
                    break;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::flow::Flow;
    use serde_json::json;

    fn findings(data: Value) -> Vec<Finding> {
        let value = json!({"version": "7.0", "data_api_version": "3.0", "routing_model": {}, "screens": [
            {"id": "S", "layout": {"type": "SingleColumnLayout", "children": []}, "data": {
                "required": ["count"],
                "name": {"type": "string", "__example__": "a"},
                "count": {"type": "integer", "__example__": 1},
                "items": {"type": "array", "items": {"type": "object",
                    "properties": {"id": {"type": "string"}, "n": {"type": "number"}}, "required": ["id"]},
                    "__example__": []}}}]});
        let flow = Flow::read(&value).unwrap();
        let mut out = Vec::new();
        check_data(&flow.screens[0], &data, "the reply to INIT", &mut out);
        out
    }

    #[test]
    fn a_matching_reply_is_clean() {
        let out = findings(
            json!({"name": "x", "count": 2, "items": [{"id": "a", "n": 1.5}], "error_message": "e"}),
        );
        assert_eq!(out, []);
    }

    #[test]
    fn each_mismatch_names_the_field_and_points_into_the_data_model() {
        let out = findings(
            json!({"name": 1, "items": [{"id": "a"}, {"n": "x"}, {"n": "y"}], "extra": true}),
        );
        let got: Vec<(&str, Severity, &str)> = out
            .iter()
            .map(|f| (f.rule.as_ref(), f.severity, f.pointer.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (DATA_TYPE.id, Severity::Error, "/screens/0/data/name/type"),
                (DATA_MISSING.id, Severity::Error, "/screens/0/data/count"),
                (
                    DATA_MISSING.id,
                    Severity::Error,
                    "/screens/0/data/items/items/properties/id"
                ),
                (
                    DATA_TYPE.id,
                    Severity::Error,
                    "/screens/0/data/items/items/properties/n/type"
                ),
                (DATA_UNDECLARED.id, Severity::Warning, "/screens/0/data"),
            ]
        );
        assert!(
            out[0]
                .message
                .contains("`data.name` in the reply to INIT is a number"),
            "{}",
            out[0].message
        );
        assert!(
            out[3].message.contains("`data.items[1].n`"),
            "{}",
            out[3].message
        );
        assert!(
            out[4].message.contains("`data.extra`"),
            "{}",
            out[4].message
        );
    }

    #[test]
    fn an_absent_field_that_is_not_required_is_a_warning() {
        let out = findings(json!({"count": 1, "items": []}));
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].rule.as_ref(), out[0].severity),
            (DATA_MISSING.id, Severity::Warning)
        );
        assert!(out[0].message.contains("`data.name`"));
        assert_eq!(out[0].code, "WAFLOW_ENDPOINT_MISSING_FIELD");
    }
}
