use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

use super::each_schema;

rule! {
    /// `__example__` may only appear at the top level of a field, not inside `properties` or
    /// `items`.
    ///
    /// ## Why
    ///
    /// The example of a field covers its whole value; Meta rejects examples placed deeper.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "data/nested-example",
            code: "INVALID_SCREEN_DATA",
            fail_example: fixture!("data/nested-example/fail.json"),
            pass_example: fixture!("data/nested-example/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_schema(ctx, &mut |at, schema, top| {
        if !top && schema.field("__example__").is_some() {
            sink.report(
                &RULE,
                pointer::push(&at.pointer(), "__example__"),
                "\"__example__\" is only allowed at the top level of a data model field",
            )
            .anchor(Anchor::Key)
            .help("remove it here and give the whole value in the field's own \"__example__\"");
        }
    });
}
