use crate::finding::Anchor;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

rule! {
    /// At least one screen must have `"terminal": true`.
    ///
    /// ## Why
    ///
    /// A flow ends on a terminal screen; without one it can never complete and Meta rejects it.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/missing-terminal",
            code: "MISSING_TERMINAL_SCREEN",
            fail_example: fixture!("screens/missing-terminal/fail.json"),
            pass_example: fixture!("screens/missing-terminal/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.screens.is_empty() || ctx.screens.iter().any(|s| s.terminal) {
        return;
    }
    sink.report(
        &RULE,
        "/screens",
        "no screen is marked \"terminal\": true, so the flow can never end",
    )
    .anchor(Anchor::Key)
    .help("add \"terminal\": true to the last screen, with a Footer whose action is complete");
}
