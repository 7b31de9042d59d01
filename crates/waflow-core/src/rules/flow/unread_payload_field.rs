use crate::finding::{Anchor, Severity};
use crate::rules::engine::{Check, RuleInfo, Sink, rule};
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
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"name","label":"Name"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{"name":"${form.name}","source":"flow"}}}]}},{"id":"B","title":"B","terminal":true,"data":{"name":{"type":"string","__example__":"Ann"},"source":{"type":"string","__example__":"flow"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"name","label":"Name"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{"name":"${form.name}"}}}]}},{"id":"B","title":"B","terminal":true,"data":{"name":{"type":"string","__example__":"Ann"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
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
            if key == "required"
                || !data.contains_key(key)
                || ctx.data_reads().contains(&(to, key.as_str()))
            {
                continue;
            }
            sink.report(&RULE,
                a.payload_pointer(key),
                format!("screen {} receives \"{key}\" but never reads it", next.label()),
            )
            .anchor(Anchor::Key)
            .help(format!(
                "show or forward it on {} with ${{data.{key}}}, or stop sending it and remove it from that screen's data",
                next.label()
            ));
        }
    }
}
