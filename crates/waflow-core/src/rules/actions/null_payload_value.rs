use super::each_payload_leaf;
use crate::finding::Severity;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

rule! {
    /// `complete`, `data_exchange` and `update_data` payloads hold no `null` values.
    ///
    /// ## Why
    ///
    /// Meta types Flow data after RFC 8927, which has no null: leave the key out or send an empty
    /// value instead.
    ///
    /// ## Notes
    ///
    /// A warning: Meta's Flow JSON reference says null is not supported, but no validator message
    /// for payloads is known; INVALID_PROPERTY_TYPE is Meta's code for type errors. Nulls in
    /// navigate payloads are errors of actions/navigate-static-payload-type, in data examples of
    /// data/example-mismatch, in Form init-values of forms/init-values-types.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/null-payload-value",
            code: "INVALID_PROPERTY_TYPE",
            severity: Severity::Warning,
            fail_example: fixture!("actions/null-payload-value/fail.json"),
            pass_example: fixture!("actions/null-payload-value/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// actions/null-payload-value: `null` anywhere in complete, data_exchange and update_data
/// payloads.
fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in &ctx.actions {
        if !matches!(
            action.name,
            Some("complete" | "data_exchange" | "update_data")
        ) {
            continue;
        }
        each_payload_leaf(action, &mut |at, value| {
            if value.is_null() {
                sink.report(&RULE, at.pointer(), "payload values cannot be null")
                    .help("leave the key out, or send an empty value (\"\", 0, false, [] or {})");
            }
        });
    }
}
