//! What component properties expect (for typing bindings and expressions), the value type of an
//! input component, and data-model lookups.

use serde_json::Value;

use super::walker::{Branch, Component};
use crate::expr::Ty;
use crate::json::Object;

/// A hashable form of an If/Switch branch: `then`, `else`, or a Switch case key.
pub(crate) fn branch_key(branch: Branch<'_>) -> &str {
    match branch {
        Branch::Then => "\u{0}then",
        Branch::Else => "\u{0}else",
        Branch::Case(key) => key,
    }
}

/// A literal (non-dynamic) string: not a `${…}` reference nor a backtick expression.
pub(crate) fn is_literal_str(s: &str) -> bool {
    !crate::expr::has_open(s) && !s.starts_with('`')
}

/// A literal number of a component property.
pub(crate) fn literal_number(component: &Component<'_>, key: &str) -> Option<f64> {
    component.value.get(key).and_then(Value::as_f64)
}

/// The type of value a property accepts, when it holds a binding or an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// Anything (not typed by waflow).
    Any,
    /// A boolean.
    Bool,
    /// A string.
    Str,
    /// A number.
    Num,
    /// An array.
    Array,
    /// An object.
    Object,
    /// A string or an object (error messages of pickers, CalendarPicker range values).
    StrOrObject,
}

impl Want {
    /// Whether a value of type `ty` fits.
    pub(crate) fn accepts(self, ty: Ty) -> bool {
        match (self, ty) {
            (_, Ty::Unknown) | (Want::Any, _) => true,
            (Want::Bool, t) => t == Ty::Boolean,
            (Want::Str, t) => t == Ty::String,
            (Want::Num, t) => t == Ty::Number,
            (Want::Array, t) => t == Ty::Array,
            (Want::Object, t) => t == Ty::Object,
            (Want::StrOrObject, t) => t == Ty::String || t == Ty::Object,
        }
    }

    /// Whether the property takes a non-string value, so that the schema layer already checks
    /// that a string there is a well-formed binding.
    pub(crate) fn is_typed(self) -> bool {
        matches!(self, Want::Bool | Want::Num | Want::Array | Want::Object)
    }

    /// The accepted type for messages, with its article: "a boolean", "an array".
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Want::Any => "any value",
            Want::Bool => "a boolean",
            Want::Str => "a string",
            Want::Num => "a number",
            Want::Array => "an array",
            Want::Object => "an object",
            Want::StrOrObject => "a string or an object",
        }
    }
}

const BOOL_PROPS: &[&str] = &[
    "visible",
    "required",
    "enabled",
    "strikethrough",
    "markdown",
];
const NUM_PROPS: &[&str] = &[
    "min-chars",
    "max-chars",
    "max-length",
    "min-selected-items",
    "max-selected-items",
    "width",
    "height",
    "min-days",
    "max-days",
    "max-file-size-kb",
    "min-uploaded-photos",
    "max-uploaded-photos",
    "min-uploaded-documents",
    "max-uploaded-documents",
];
const ARRAY_PROPS: &[&str] = &[
    "data-source",
    "list-items",
    "images",
    "unavailable-dates",
    "include-days",
    "allowed-mime-types",
];
const STR_PROPS: &[&str] = &[
    "text",
    "label",
    "helper-text",
    "description",
    "title",
    "src",
    "alt-text",
    "left-caption",
    "center-caption",
    "right-caption",
    "pattern",
    "font-weight",
    "mode",
    "min-date",
    "max-date",
    "init-value",
    "error-message",
    "id",
    "metadata",
    "badge",
    "color",
    "image",
    "start-date",
    "end-date",
];

/// What a top-level property of a component accepts.
pub(crate) fn property_want(kind: &str, key: &str) -> Want {
    match (kind, key) {
        ("Image", "aspect-ratio") => Want::Num,
        ("CheckboxGroup" | "ChipsSelector", "init-value") => Want::Array,
        ("OptIn", "init-value") => Want::Bool,
        ("CalendarPicker", "label" | "helper-text" | "init-value" | "error-message") => {
            Want::StrOrObject
        }
        ("CalendarPicker", "required") => Want::Any,
        ("PhotoPicker" | "DocumentPicker", "error-message") => Want::StrOrObject,
        ("Form", "init-values" | "error-messages") => Want::Object,
        ("Switch", "value") => Want::Any,
        _ => nested_want(key),
    }
}

/// What a property nested in an item or object (`data-source` items, range objects, …) accepts.
pub(crate) fn nested_want(key: &str) -> Want {
    if BOOL_PROPS.contains(&key) {
        Want::Bool
    } else if NUM_PROPS.contains(&key) {
        Want::Num
    } else if ARRAY_PROPS.contains(&key) {
        Want::Array
    } else if STR_PROPS.contains(&key) {
        Want::Str
    } else {
        Want::Any
    }
}

/// What `init-value` of a component accepts (also a Form's `init-values` entry for it). A
/// number TextInput may be initialised with a number as well as a string.
pub(crate) fn init_value_want(component: &Component<'_>) -> Want {
    let number_input = component.value.get("input-type").and_then(Value::as_str) == Some("number");
    if component.kind == "TextInput" && number_input {
        return Want::Any;
    }
    property_want(component.kind, "init-value")
}

/// The type of an input component's value (`${form.name}`); [`Ty::Unknown`] for others.
pub(crate) fn form_value_ty(component: &Component<'_>) -> Ty {
    let v = component.value;
    match component.kind {
        "TextInput" => match v.get("input-type").and_then(Value::as_str) {
            Some("number") => Ty::Number,
            _ => Ty::String,
        },
        "TextArea" | "RadioButtonsGroup" | "Dropdown" | "DatePicker" => Ty::String,
        "CalendarPicker" => match v.get("mode").and_then(Value::as_str) {
            Some("range") => Ty::Object,
            _ => Ty::String,
        },
        "CheckboxGroup" | "ChipsSelector" | "PhotoPicker" | "DocumentPicker" => Ty::Array,
        "OptIn" => Ty::Boolean,
        _ => Ty::Unknown,
    }
}

/// The schema of a declared data-model path (`data`, then `properties`).
pub(crate) fn data_schema<'v>(data: Option<&'v Object>, path: &[String]) -> Option<&'v Value> {
    let (first, rest) = path.split_first()?;
    let mut node = data?.get(first.as_str())?;
    for name in rest {
        node = node.get("properties")?.get(name.as_str())?;
    }
    Some(node)
}

/// The item properties a bound list needs: `data-source` items an id and a title, NavigationList
/// items an id and main content, ImageCarousel images a source and an alt text.
pub(crate) fn required_item_properties(key: &str) -> &'static [&'static str] {
    match key {
        "data-source" => &["id", "title"],
        "list-items" => &["id", "main-content"],
        "images" => &["src", "alt-text"],
        _ => &[],
    }
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
        .and_then(|d| d.get(first.as_str()))
    else {
        return DataPath::Missing(0);
    };
    for (i, name) in path.iter().enumerate().skip(1) {
        match node.get("type").and_then(Value::as_str) {
            Some("array") => return DataPath::IntoArray(i),
            Some("object") | None => {}
            Some(_) => return DataPath::Missing(i),
        }
        match node.get("properties").and_then(Value::as_object) {
            // An object without declared properties: nothing more to know.
            None => return DataPath::Found(Ty::Unknown),
            Some(props) => match props.get(name.as_str()) {
                Some(next) => node = next,
                None => return DataPath::Missing(i),
            },
        }
    }
    DataPath::Found(
        node.get("type")
            .and_then(Value::as_str)
            .map_or(Ty::Unknown, Ty::from_schema_type),
    )
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
    }

    #[test]
    fn wants_accept_unknown() {
        assert!(Want::Bool.accepts(Ty::Unknown));
        assert!(!Want::Bool.accepts(Ty::String));
        assert!(Want::StrOrObject.accepts(Ty::Object));
        assert_eq!(property_want("TextBody", "visible"), Want::Bool);
        assert_eq!(property_want("CheckboxGroup", "init-value"), Want::Array);
        assert_eq!(property_want("TextInput", "max-chars"), Want::Num);
        assert_eq!(property_want("X", "unknown-key"), Want::Any);
    }
}
