//! The type names of payload typing (`actions/…`): data-model lookups and types as data models
//! write them (`integer` apart from `number`, and `null`).

use serde_json::Value;

use super::walker::Component;
use crate::json::Object;

/// The schema of a data-model path: `path[0]` is a field of `data`, later names follow
/// `properties`.
pub(crate) fn field_schema<'a>(data: &'a Object, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut schema = data.get(*first)?;
    for name in rest {
        schema = schema.get("properties")?.get(*name)?;
    }
    Some(schema)
}

/// The `type` of a data-model schema, when it is a string.
pub(crate) fn schema_type(schema: &Value) -> Option<&str> {
    schema.get("type").and_then(Value::as_str)
}

/// The fields of a data model (every key except `required`).
pub(crate) fn data_fields(data: &Object) -> impl Iterator<Item = (&String, &Value)> {
    data.iter().filter(|(k, _)| k.as_str() != "required")
}

/// The data type of an input component's value (`${form.name}`), as a data-model type name;
/// `None` for components without a typed value (media pickers, Forms, display components).
pub(crate) fn form_value_type(component: &Component<'_>) -> Option<&'static str> {
    let v = component.value;
    Some(match component.kind {
        "TextInput" => match v.get("input-type").and_then(Value::as_str) {
            Some("number") => "number",
            _ => "string",
        },
        "TextArea" | "RadioButtonsGroup" | "Dropdown" | "DatePicker" => "string",
        "CalendarPicker" => match v.get("mode").and_then(Value::as_str) {
            Some("range") => "object",
            _ => "string",
        },
        "CheckboxGroup" | "ChipsSelector" => "array",
        "OptIn" => "boolean",
        _ => return None,
    })
}

/// Whether a value of type `actual` fits a field declared as `expected`.
pub(crate) fn type_fits(expected: &str, actual: &str) -> bool {
    expected == actual || (expected == "number" && actual == "integer")
}

/// A JSON literal's data-model type name.
pub(crate) fn literal_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
