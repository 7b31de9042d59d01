//! The one data-model lookup of the rules: the schema of a field path, where a path leads and
//! the type it declares, the value type of an input component. Bindings and expressions type
//! values as [`Ty`]; payload typing (`actions/…`) also needs the type names as data models write
//! them (`integer` apart from `number`, and `null`), which the functions at the end give.

use serde_json::Value;

use super::walker::Component;
use crate::expr::Ty;
use crate::json::Object;
use crate::rules::lookup::Field;

/// The schema of a data-model path: `path[0]` is a field of `data`, later names follow
/// `properties`.
pub(crate) fn field_schema<'a, S: AsRef<str>>(data: &'a Object, path: &[S]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut schema = data.field(first.as_ref())?;
    for name in rest {
        schema = schema.field("properties")?.field(name.as_ref())?;
    }
    Some(schema)
}

/// Where a data-model path leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataPath {
    /// A declared field of this type.
    Found(Ty),
    /// `path[i]` is not declared.
    Missing(usize),
    /// `path[i]` reaches into the items of an array.
    IntoArray(usize),
}

/// Follows `path` through a data model (`data`, then `properties`).
pub(crate) fn data_path(data: Option<&Object>, path: &[String]) -> DataPath {
    let Some(first) = path.first() else {
        return DataPath::Missing(0);
    };
    let Some(mut node) = data
        .filter(|_| first != "required")
        .and_then(|d| d.field(first.as_str()))
    else {
        return DataPath::Missing(0);
    };
    for (i, name) in path.iter().enumerate().skip(1) {
        match schema_type(node) {
            Some("array") => return DataPath::IntoArray(i),
            Some("object") | None => {}
            Some(_) => return DataPath::Missing(i),
        }
        match node.field("properties").and_then(Value::as_object) {
            // An object without declared properties: nothing more to know.
            None => return DataPath::Found(Ty::Unknown),
            Some(props) => match props.field(name.as_str()) {
                Some(next) => node = next,
                None => return DataPath::Missing(i),
            },
        }
    }
    DataPath::Found(schema_type(node).map_or(Ty::Unknown, Ty::from_schema_type))
}

/// The type of an input component's value (`${form.name}`); [`Ty::Unknown`] for components
/// without a value (Forms, display components). A media picker's value is the list of files.
pub(crate) fn form_value_ty(component: &Component<'_>) -> Ty {
    let v = component.value;
    match component.kind {
        "TextInput" => match v.field("input-type").and_then(Value::as_str) {
            Some("number") => Ty::Number,
            _ => Ty::String,
        },
        "TextArea" | "RadioButtonsGroup" | "Dropdown" | "DatePicker" => Ty::String,
        "CalendarPicker" => match v.field("mode").and_then(Value::as_str) {
            Some("range") => Ty::Object,
            _ => Ty::String,
        },
        "CheckboxGroup" | "ChipsSelector" | "PhotoPicker" | "DocumentPicker" => Ty::Array,
        "OptIn" => Ty::Boolean,
        _ => Ty::Unknown,
    }
}

/// The `type` of a data-model schema, when it is a string.
pub(crate) fn schema_type(schema: &Value) -> Option<&str> {
    schema.field("type").and_then(Value::as_str)
}

/// The fields of a data model (every key except `required`).
pub(crate) fn data_fields(data: &Object) -> impl Iterator<Item = (&String, &Value)> {
    data.iter().filter(|(k, _)| k.as_str() != "required")
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
    use serde_json::json;

    #[test]
    fn data_paths_follow_properties() {
        let data = json!({
            "user": {"type": "object", "properties": {"name": {"type": "string"}}, "__example__": {}},
            "items": {"type": "array", "items": {"type": "object"}, "__example__": []},
            "count": {"type": "integer", "__example__": 1},
            "free": {"type": "object", "__example__": {}}
        });
        let data = data.as_object();
        let p = |s: &str| s.split('.').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(
            data_path(data, &p("user.name")),
            DataPath::Found(Ty::String)
        );
        assert_eq!(data_path(data, &p("user.age")), DataPath::Missing(1));
        assert_eq!(
            data_path(data, &p("items.items.title")),
            DataPath::IntoArray(1)
        );
        assert_eq!(data_path(data, &p("count")), DataPath::Found(Ty::Number));
        assert_eq!(data_path(data, &p("count.x")), DataPath::Missing(1));
        assert_eq!(data_path(data, &p("free.x")), DataPath::Found(Ty::Unknown));
        assert_eq!(data_path(data, &p("nope")), DataPath::Missing(0));
        assert_eq!(data_path(None, &p("x")), DataPath::Missing(0));
        assert_eq!(data_path(data, &p("required")), DataPath::Missing(0));
        let schema = data.and_then(|d| field_schema(d, &["user", "name"]));
        assert_eq!(schema.and_then(schema_type), Some("string"));
    }
}
