use crate::rules::engine::{Check, RuleInfo, Sink, rule};
use crate::rules::refs::{done_screen, flow};
use crate::rules::walker::Ctx;

rule! {
    /// `complete` may only be used on a terminal screen.
    ///
    /// ## Why
    ///
    /// `complete` ends the flow, which only a terminal screen may do; Meta rejects it elsewhere.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/complete-on-non-terminal",
            code: "INVALID_COMPLETE_ACTION",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Details","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#, done_screen!("B")),
            pass_example: flow!("7.3"; done_screen!("A")),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in ctx.actions.iter().filter(|a| a.name == Some("complete")) {
        let screen = ctx.screen(action.screen);
        if !screen.terminal {
            sink.report(
                &RULE,
                action.pointer_to("name"),
                format!(
                    "complete ends the flow, but screen {} is not terminal",
                    screen.label()
                ),
            )
            .help("add \"terminal\": true to the screen, or navigate to a terminal screen instead");
        }
    }
}
