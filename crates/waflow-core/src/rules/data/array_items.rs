use serde_json::Value;

use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

use super::each_schema;

rule! {
    /// An `array` field must define `items` (an object or a boolean), at every level.
    ///
    /// ## Why
    ///
    /// Without `items` Meta cannot type the elements, e.g. the options of a data-source.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "data/array-items",
            code: "INVALID_SCREEN_DATA",
            fail_example: fixture!("data/array-items/fail.json"),
            pass_example: fixture!("data/array-items/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_schema(ctx, &mut |at, schema, _| {
        if schema.field("type").and_then(Value::as_str) != Some("array") {
            return;
        }
        match schema.field("items") {
            Some(Value::Object(_) | Value::Bool(_)) => {}
            None => {
                sink.report(
                    &RULE,
                    pointer::push(&at.pointer(), "type"),
                    "this array has no \"items\" schema",
                )
                .help("add \"items\": {\"type\": …} describing the elements");
            }
            Some(other) => {
                sink.report(
                    &RULE,
                    pointer::push(&at.pointer(), "items"),
                    format!(
                        "\"items\" must be an object or a boolean, not {}",
                        crate::json::json_kind(other)
                    ),
                )
                .help("describe the elements with a schema object, e.g. {\"type\": \"string\"}");
            }
        }
    });
}
