use serde_json::Value;

use crate::finding::Anchor;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

use super::each_schema;

rule! {
    /// Every schema inside a data model field (`properties`, `items`) must have a `type`.
    ///
    /// ## Why
    ///
    /// The data model is a schema; Meta cannot check payloads or bindings against a field without a
    /// type.
    ///
    /// ## Notes
    ///
    /// At the top level of `data` the schema layer reports a missing `type`
    /// (schema/missing-property) or a field that is not an object (schema/type); this rule covers
    /// the nested schemas it does not reach. The key `required` is a JSON-Schema list of required
    /// fields, not a field.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "data/missing-type",
            code: "INVALID_SCREEN_DATA",
            fail_example: fixture!("data/missing-type/fail.json"),
            pass_example: fixture!("data/missing-type/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_schema(ctx, &mut |at, schema, top| {
        if let Value::Object(obj) = schema
            && !top
            && !obj.has("type")
        {
            sink.report(&RULE, at.pointer(), "this data model entry has no \"type\"")
                .anchor(Anchor::Key)
                .help("add \"type\": \"string\" (or number, integer, boolean, object, array)");
        }
    });
}
