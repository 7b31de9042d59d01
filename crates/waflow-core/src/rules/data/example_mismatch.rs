use serde_json::Value;

use crate::rules::data_model::{literal_type, type_fits};
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::{At, Ctx};

use super::{TYPES, each_schema};

rule! {
    /// A field's `__example__` must match the field's own schema (types, object properties, array
    /// items).
    ///
    /// ## Why
    ///
    /// Meta validates the example against the schema; a wrong example also hides type errors in
    /// bindings.
    ///
    /// ## Notes
    ///
    /// `null` never matches (Meta types data per RFC 8927 and has no null type). Object examples
    /// must carry the properties listed in `required`; other properties are not checked for
    /// absence.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "data/example-mismatch",
            code: "INVALID_SCREEN_DATA",
            fail_example: fixture!("data/example-mismatch/fail.json"),
            pass_example: fixture!("data/example-mismatch/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// The first place where `value` does not match `schema`: (pointer suffix, message).
fn mismatch(value: &Value, schema: &Value, at: &At<'_>) -> Option<(String, String)> {
    let expected = schema.field("type")?.as_str()?;
    if !TYPES.contains(&expected) {
        return None;
    }
    let actual = literal_type(value);
    let fits = type_fits(expected, actual)
        || (expected == "integer" && value.as_f64().is_some_and(|f| f.fract() == 0.0));
    if !fits {
        return Some((
            at.pointer(),
            format!("the example is {actual} where the schema expects {expected}"),
        ));
    }
    match value {
        Value::Array(items) => {
            let item_schema = schema.field("items")?;
            items
                .iter()
                .enumerate()
                .find_map(|(i, item)| mismatch(item, item_schema, &At::Index(at, i)))
        }
        Value::Object(obj) => {
            if let Some(Value::Array(required)) = schema.field("required") {
                for name in required.iter().filter_map(Value::as_str) {
                    if !obj.has(name) {
                        return Some((
                            at.pointer(),
                            format!("the example lacks the required property \"{name}\""),
                        ));
                    }
                }
            }
            let props = schema.field("properties")?.as_object()?;
            obj.iter()
                .find_map(|(k, v)| mismatch(v, props.field(k)?, &At::Key(at, k)))
        }
        _ => None,
    }
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_schema(ctx, &mut |at, schema, top| {
        if !top {
            return;
        }
        let Some(example) = schema.field("__example__") else {
            return;
        };
        if let Some((at, message)) = mismatch(example, schema, &At::Key(at, "__example__")) {
            sink.report(&RULE, at, message)
                .help("make the example a value the field's schema accepts");
        }
    });
}
