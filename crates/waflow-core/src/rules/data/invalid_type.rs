use serde_json::Value;

use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

use super::{TYPES, each_schema};

rule! {
    /// A data model `type` must be a string naming string, number, integer, boolean, object or
    /// array.
    ///
    /// ## Why
    ///
    /// Meta types screen data with these JSON types only; `null` and unknown names are rejected.
    ///
    /// ## Notes
    ///
    /// Top-level field types are checked by the schema layer (schema/enum, schema/type); this rule
    /// covers nested schemas (`properties`, `items`).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "data/invalid-type",
            code: "INVALID_SCREEN_DATA",
            fail_example: fixture!("data/invalid-type/fail.json"),
            pass_example: fixture!("data/invalid-type/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_schema(ctx, &mut |at, schema, top| {
        if top {
            return;
        }
        let Some(ty) = schema.field("type") else {
            return;
        };
        let message = match ty {
            Value::String(s) if TYPES.contains(&s.as_str()) => return,
            Value::String(s) => format!("\"{s}\" is not a data model type"),
            other => format!(
                "\"type\" must be a string, not {}",
                crate::json::json_kind(other)
            ),
        };
        sink.report(&RULE, pointer::push(&at.pointer(), "type"), message)
            .help("use one of: string, number, integer, boolean, object, array");
    });
}
