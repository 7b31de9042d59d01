use serde_json::Value;

use crate::finding::Severity;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

rule! {
    /// An input should not be both `"required": true` and `"visible": false`.
    ///
    /// ## Why
    ///
    /// The user cannot fill a hidden field, so a required one can block the screen; reports say
    /// Meta's validation fails such flows, though its builder has no such check.
    ///
    /// ## Notes
    ///
    /// Beyond Meta's builder (a warning). Only literal values are compared; bind `visible` and
    /// `required` to the same condition instead.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "inputs/required-hidden",
            code: "WAFLOW_REQUIRED_HIDDEN",
            severity: Severity::Warning,
            fail_example: fixture!("inputs/required-hidden/fail.json"),
            pass_example: fixture!("inputs/required-hidden/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        let required = c.value.field("required").and_then(Value::as_bool) == Some(true);
        let hidden = c.value.field("visible").and_then(Value::as_bool) == Some(false);
        if required && hidden {
            sink.report(
                &RULE,
                pointer::push(&c.pointer, "required"),
                format!(
                    "the {} '{}' is required but never visible, so it cannot be filled",
                    c.kind,
                    c.name.unwrap_or("")
                ),
            )
            .help("make it optional, or bind `visible` and `required` to the same condition");
        }
    }
}
