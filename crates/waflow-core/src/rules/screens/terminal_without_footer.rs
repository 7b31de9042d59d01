use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

rule! {
    /// Every terminal screen needs a Footer (anywhere in its layout, also inside Form, If or
    /// Switch).
    ///
    /// ## Why
    ///
    /// The Footer's button is how the user ends the flow; Meta rejects a terminal screen without
    /// one.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/terminal-without-footer",
            code: "MISSING_FOOTER_ON_TERMINAL_SCREEN",
            fail_example: fixture!("screens/terminal-without-footer/fail.json"),
            pass_example: fixture!("screens/terminal-without-footer/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in ctx.screens.iter().filter(|s| s.terminal) {
        if ctx.components_of(screen).iter().any(|c| c.kind == "Footer") {
            continue;
        }
        let at = if screen.value.has("terminal") {
            format!("{}/terminal", screen.pointer)
        } else {
            screen.pointer.clone()
        };
        sink.report(
            &RULE,
            at,
            format!(
                "terminal screen {} has no Footer, so the user cannot end the flow",
                screen.label()
            ),
        )
        .help("add a Footer whose on-click-action is complete");
    }
}
