use serde_json::Value;

use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A TextInput `pattern` works only with `input-type` text (the default), number, password or
    /// passcode.
    ///
    /// ## Why
    ///
    /// Meta's schema allows `pattern` only for those input types; email and phone inputs have their
    /// own validation.
    ///
    /// ## Notes
    ///
    /// Meta reports this as a schema dependency failure; its exact code is not documented
    /// (INVALID_DEPENDENCIES is the code of its schema dependency errors). Not checked when
    /// `input-type` is not a literal.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "components/pattern-input-type",
            code: "INVALID_DEPENDENCIES",
            since: FlowVersion::V6_2,
            fail_example: fixture!("components/pattern-input-type/fail.json"),
            pass_example: fixture!("components/pattern-input-type/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in ctx.components.iter().filter(|c| c.kind == "TextInput") {
        if !c.value.has("pattern") {
            continue;
        }
        let Some(input_type) = c.value.field("input-type").and_then(Value::as_str) else {
            continue;
        };
        if matches!(input_type, "text" | "number" | "password" | "passcode") {
            continue;
        }
        sink.report(
            &RULE,
            pointer::push(&c.pointer, "pattern"),
            format!(
                "'pattern' is not available for a TextInput whose input-type is '{input_type}'"
            ),
        )
        .anchor(Anchor::Key)
        .help("remove the pattern, or use input-type text, number, password or passcode");
    }
}
