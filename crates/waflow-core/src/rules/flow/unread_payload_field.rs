use crate::finding::{Anchor, Related, Severity};
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

rule! {
    /// A navigate payload field should be read by the next screen.
    ///
    /// ## Why
    ///
    /// Data sent to a screen that never shows or forwards it is wasted, and keeps an unused field
    /// in that screen's data model alive.
    ///
    /// ## Notes
    ///
    /// waflow's own check. Fields the next screen does not declare at all are errors
    /// (actions/navigate-payload-unknown-field).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "flow/unread-payload-field",
            code: "WAFLOW_UNREAD_PAYLOAD_FIELD",
            severity: Severity::Warning,
            fail_example: fixture!("flow/unread-payload-field/fail.json"),
            pass_example: fixture!("flow/unread-payload-field/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for a in &ctx.actions {
        let (Some(to), Some(payload)) = (ctx.target_of(a), a.payload) else {
            continue;
        };
        if to == a.screen {
            continue;
        }
        let next = &ctx.screens[to];
        let Some(data) = next.data else { continue };
        for key in payload.keys() {
            if key == "required" || !data.has(key) || ctx.data_reads().contains(&(to, key.as_str()))
            {
                continue;
            }
            sink.report(&RULE,
                a.payload_pointer(key),
                format!("screen {} receives \"{key}\" but never reads it", next.label()),
            )
            .anchor(Anchor::Key)
            .related(
                Related::new(
                    pointer::push(&pointer::push(&next.pointer, "data"), key),
                    format!("screen {} declares \"{key}\" here", next.label()),
                )
                .with_anchor(Anchor::Key),
            )
            .help(format!(
                "show or forward it on {} with ${{data.{key}}}, or stop sending it and remove it from that screen's data",
                next.label()
            ));
        }
    }
}
