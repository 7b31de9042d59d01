//! Small helpers shared by the rules of this part: `${…}` references in payload strings, data
//! model lookups, the type of an input component's value, and example flows.

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

use super::walker::{Component, Object};

/// A `${data.a.b}`, `${form.x}` or `${screen.S.data.x}` / `${screen.S.form.x}` reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ref<'s> {
    /// The screen of a global reference.
    pub screen: Option<&'s str>,
    /// `true` for `form`, `false` for `data`.
    pub form: bool,
    /// The names after the scope (never empty).
    pub path: Vec<&'s str>,
}

fn parse_inner(inner: &str) -> Option<Ref<'_>> {
    let mut parts = inner.split('.');
    let mut first = parts.next()?;
    let mut screen = None;
    if first == "screen" {
        screen = Some(parts.next().filter(|s| !s.is_empty())?);
        first = parts.next()?;
    }
    let form = match first {
        "data" => false,
        "form" => true,
        _ => return None,
    };
    let path: Vec<&str> = parts.collect();
    if path.is_empty() || path.iter().any(|p| p.is_empty()) {
        return None;
    }
    Some(Ref { screen, form, path })
}

/// The reference when the whole string is exactly one `${…}`.
pub(crate) fn whole_binding(s: &str) -> Option<Ref<'_>> {
    let inner = s.strip_prefix("${")?.strip_suffix('}')?;
    if inner.contains(['{', '}', '$', ' ']) {
        return None;
    }
    parse_inner(inner)
}

/// Every well-formed `${…}` reference inside a string (also inside backtick expressions).
pub(crate) fn scan_refs(s: &str) -> impl Iterator<Item = Ref<'_>> {
    let mut rest = s;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("${")?;
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                rest = "";
                return None;
            };
            let inner = &after[..end];
            rest = &after[end + 1..];
            if let Some(r) = parse_inner(inner) {
                return Some(r);
            }
        }
    })
}

/// Calls `f` on every string inside `value`.
pub(crate) fn for_each_string<'v>(value: &'v Value, f: &mut impl FnMut(&'v str)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter().for_each(|v| for_each_string(v, f)),
        Value::Object(map) => map.values().for_each(|v| for_each_string(v, f)),
        _ => {}
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bindings() {
        let r = whole_binding("${data.a.b}");
        assert_eq!(
            r,
            Some(Ref {
                screen: None,
                form: false,
                path: vec!["a", "b"]
            })
        );
        let g = whole_binding("${screen.S.form.x}");
        assert_eq!(g.map(|r| (r.screen, r.form)), Some((Some("S"), true)));
        assert_eq!(whole_binding("${data.}"), None);
        assert_eq!(whole_binding("x ${data.a}"), None);
        assert_eq!(whole_binding("${data.a} ${data.b}"), None);
        let all: Vec<_> = scan_refs("`${data.a} + ${form.b}` ${oops} ${screen.X.data.c")
            .map(|r| r.path[0])
            .collect();
        assert_eq!(all, ["a", "b"]);
    }
}
