use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
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
            fail_example: fixture!("actions/complete-on-non-terminal/fail.json"),
            pass_example: fixture!("actions/complete-on-non-terminal/pass.json"),
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
