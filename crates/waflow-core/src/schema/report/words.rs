//! How messages name objects and properties, from the document and a pointer.

use serde_json::Value;

use crate::pointer;
use crate::schema::spec;

/// The `type` of the component at `ptr`, when it is one of Flow JSON's components.
pub fn component_at<'a>(doc: &'a Value, ptr: &str) -> Option<&'a str> {
    let value = doc.pointer(ptr)?;
    let name = value.get("type")?.as_str()?;
    let in_list = pointer::segments(ptr)
        .last()
        .is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()));
    (in_list && spec::component(name).is_some()).then_some(name)
}

/// The nearest enclosing component of `ptr` (itself included).
pub fn owner_component<'a>(doc: &'a Value, ptr: &str) -> Option<&'a str> {
    let mut current = Some(ptr);
    while let Some(p) = current {
        if let Some(name) = component_at(doc, p) {
            return Some(name);
        }
        current = pointer::parent(p);
    }
    None
}

fn screen_name(doc: &Value, index: &str) -> String {
    let id = doc
        .get("screens")
        .and_then(|s| s.get(index.parse::<usize>().unwrap_or(usize::MAX)))
        .and_then(|s| s.get("id"))
        .and_then(Value::as_str);
    match id {
        Some(id) => format!("screen \"{id}\""),
        None => format!("screen {index}"),
    }
}

/// Names the object at `ptr` for a message ("TextInput", "screen \"WELCOME\"", …).
pub fn object(doc: &Value, ptr: &str) -> String {
    let segs: Vec<String> = pointer::segments(ptr).collect();
    match segs.as_slice() {
        [] => return "the flow".into(),
        [s, i] if s == "screens" => return screen_name(doc, i),
        [s, i, l] if s == "screens" && l == "layout" => {
            return format!("the layout of {}", screen_name(doc, i));
        }
        [s, i, d] if s == "screens" && d == "data" => {
            return format!("the data of {}", screen_name(doc, i));
        }
        [s, i, d, key] if s == "screens" && d == "data" => {
            return format!("data field \"{key}\" of {}", screen_name(doc, i));
        }
        [r] if r == "routing_model" => return "routing_model".into(),
        _ => {}
    }
    if let Some(name) = component_at(doc, ptr) {
        return name.to_owned();
    }
    let owner = pointer::parent(ptr)
        .and_then(|p| owner_component(doc, p))
        .map(|c| format!(" of {c}"))
        .unwrap_or_default();
    let last = segs.last().map(String::as_str).unwrap_or_default();
    if last.bytes().all(|b| b.is_ascii_digit()) {
        let list = segs.get(segs.len().wrapping_sub(2)).map(String::as_str);
        let what = match list {
            Some("data-source") => "a data-source item".to_owned(),
            Some("list-items") => "a list item".to_owned(),
            Some("images") => "a carousel image".to_owned(),
            Some(other) => format!("an item of \"{other}\""),
            None => "an item".to_owned(),
        };
        return format!("{what}{owner}");
    }
    format!("\"{last}\"{owner}")
}

/// Names the property at `ptr` ("\"label\"", "item 2 of \"tags\"").
pub fn property(ptr: &str) -> String {
    let segs: Vec<String> = pointer::segments(ptr).collect();
    match segs.as_slice() {
        [] => "the flow".into(),
        [.., list, last] if last.bytes().all(|b| b.is_ascii_digit()) => {
            format!("item {last} of \"{list}\"")
        }
        [.., last] => format!("\"{last}\""),
    }
}

/// A JSON value shown in a message: strings quoted, long values shortened.
pub fn show(value: &Value) -> String {
    let text = match value {
        Value::Object(_) => return "an object".into(),
        Value::Array(_) => return "an array".into(),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// "a, b and c" over `items`.
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The name of a JSON Schema type with an article ("a string", "an array").
pub fn type_name(name: &str) -> &'static str {
    match name {
        "string" => "a string",
        "boolean" => "a boolean",
        "number" => "a number",
        "integer" => "a whole number",
        "array" => "an array",
        "object" => "an object",
        "null" => "null",
        _ => "a value",
    }
}
