use crate::expr::scan::whole_binding;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

use super::{each_payload_string, unresolved};

rule! {
    /// A `${form.x}` / `${data.x}` / `${screen.S.…}` payload value must refer to an existing
    /// component, data field or screen.
    ///
    /// ## Why
    ///
    /// An unresolved reference sends nothing; Meta rejects the payload.
    ///
    /// ## Notes
    ///
    /// Checked for navigate, complete, data_exchange and update_data payloads, for values that are
    /// exactly one reference. A Form's own name is not a value ("Value of 'Form' component cannot
    /// be used in form binding").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/payload-unknown-reference",
            code: "INVALID_ON_CLICK_ACTION_PAYLOAD",
            fail_example: fixture!("actions/payload-unknown-reference/fail.json"),
            pass_example: fixture!("actions/payload-unknown-reference/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in &ctx.actions {
        let update = action.name == Some("update_data") && ctx.version >= FlowVersion::V6_0;
        if !update && !matches!(action.name, Some("navigate" | "complete" | "data_exchange")) {
            continue;
        }
        let from = &ctx.screens[action.screen];
        each_payload_string(action, &mut |at, s| {
            let Some(r) = whole_binding(s) else { return };
            if let Some(why) = unresolved(ctx, from, &r) {
                sink.report(&RULE, at.pointer(), format!("{s} does not resolve: {why}"))
                    .help("refer to an input `name` of the screen (form) or a field of its data model (data)");
            }
        });
    }
}
