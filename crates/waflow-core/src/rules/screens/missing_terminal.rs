use crate::finding::Anchor;
use crate::rules::engine::{Check, RuleInfo, Sink, rule};
use crate::rules::refs::{done_screen, flow};
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
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"Hi"}]}}]}"#,
            pass_example: flow!("7.3"; done_screen!("A")),
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
