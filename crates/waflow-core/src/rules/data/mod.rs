//! Screen data model rules (`screens[].data`): field definitions, `__example__`, array `items`.

pub(super) mod array_items;
pub(super) mod example_mismatch;
pub(super) mod invalid_type;
pub(super) mod missing_example;
pub(super) mod missing_type;
pub(super) mod nested_example;
pub(super) mod unused_field;

use serde_json::Value;

use crate::rules::data_model::data_fields;
use crate::rules::lookup::Field;
use crate::rules::walker::{At, Ctx};

/// The type names a data model may use.
const TYPES: &[&str] = &["string", "number", "integer", "boolean", "object", "array"];

/// Calls `f(place, schema, top_level)` on every schema of a screen's data model: each field,
/// then its `properties` and `items`, depth first.
fn each_schema<'a>(ctx: &'a Ctx<'_>, f: &mut impl FnMut(&At<'_>, &'a Value, bool)) {
    fn walk<'a>(
        at: &At<'_>,
        schema: &'a Value,
        top: bool,
        f: &mut impl FnMut(&At<'_>, &'a Value, bool),
    ) {
        f(at, schema, top);
        let Some(obj) = schema.as_object() else {
            return;
        };
        if let Some(Value::Object(props)) = obj.field("properties") {
            let props_at = At::Key(at, "properties");
            for (name, sub) in props {
                walk(&At::Key(&props_at, name), sub, false, f);
            }
        }
        if let Some(items @ Value::Object(_)) = obj.field("items") {
            walk(&At::Key(at, "items"), items, false, f);
        }
    }
    for screen in &ctx.screens {
        let Some(data) = screen.data else { continue };
        let screen_at = At::Pointer(&screen.pointer);
        let data_at = At::Key(&screen_at, "data");
        for (name, schema) in data_fields(data) {
            walk(&At::Key(&data_at, name), schema, true, f);
        }
    }
}
