//! The example-flow macros of the rule documentation (`flow!`, `done_screen!`, `nav_screen!`,
//! `exchange_screen!`), and the type names of payload typing: data-model lookups and types as
//! data models write them (`integer` apart from `number`, and `null`), for `actions/…`.

use serde_json::Value;

/// A terminal screen `$id` whose Footer completes the flow (JSON text).
macro_rules! done_screen {
    ($id:literal) => {
        concat!(
            r#"{"id":""#,
            $id,
            r#"","title":"Done","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#
        )
    };
}

/// A non-terminal screen `$id` whose Footer navigates to `$next` without payload (JSON text).
macro_rules! nav_screen {
    ($id:literal, $next:literal) => {
        concat!(
            r#"{"id":""#,
            $id,
            r#"","title":"Step","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":""#,
            $next,
            r#""},"payload":{}}}]}}"#
        )
    };
}

/// A non-terminal screen `$id` whose Footer calls the endpoint (JSON text).
macro_rules! exchange_screen {
    ($id:literal) => {
        concat!(
            r#"{"id":""#,
            $id,
            r#"","title":"Step","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"data_exchange","payload":{}}}]}}"#
        )
    };
}

/// A whole flow: `flow!("7.3", [top-level members,] screen, screen, …)`; top-level members are
/// JSON text ending with a comma, e.g. `r#""data_api_version":"3.0","#`.
macro_rules! flow {
    ($version:literal; $top:expr; $first:expr $(, $screen:expr)* $(,)?) => {
        concat!(r#"{"version":""#, $version, r#"","#, $top, r#""screens":["#, $first $(, ",", $screen)*, "]}")
    };
    ($version:literal; $first:expr $(, $screen:expr)* $(,)?) => {
        concat!(r#"{"version":""#, $version, r#"","screens":["#, $first $(, ",", $screen)*, "]}")
    };
}

pub(crate) use {done_screen, exchange_screen, flow, nav_screen};

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
