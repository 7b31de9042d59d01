use serde_json::Value;

use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// Each entry of a screen's `sensitive` list must be the `name` of a component on that screen.
    ///
    /// ## Why
    ///
    /// `sensitive` masks those fields in the response summary; an unknown name masks nothing and
    /// Meta rejects it.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/unknown-sensitive-field",
            code: "INVALID_SENSITIVE_FIELD",
            since: FlowVersion::V5_1,
            fail_example: fixture!("screens/unknown-sensitive-field/fail.json"),
            pass_example: fixture!("screens/unknown-sensitive-field/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        let Some(Value::Array(list)) = screen.value.field("sensitive") else {
            continue;
        };
        for (i, entry) in list.iter().enumerate() {
            let Some(name) = entry.as_str() else { continue };
            if screen.names.contains_key(name) {
                continue;
            }
            sink.report(
                &RULE,
                format!("{}/sensitive/{i}", screen.pointer),
                format!(
                    "screen {} has no component named \"{name}\"",
                    screen.label()
                ),
            )
            .help("list the `name` of an input component of this screen");
        }
    }
}
