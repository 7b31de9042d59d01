use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

rule! {
    /// A navigate action's `next.name` must be the id of a screen.
    ///
    /// ## Why
    ///
    /// Navigating to a screen that does not exist fails; Meta rejects it.
    ///
    /// ## Notes
    ///
    /// Targets written as `${…}` bindings are not checked.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/navigate-unknown-screen",
            code: "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
            fail_example: fixture!("actions/navigate-unknown-screen/fail.json"),
            pass_example: fixture!("actions/navigate-unknown-screen/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in &ctx.actions {
        let Some(target) = action.navigate_target() else {
            continue;
        };
        if crate::expr::has_open(target) || ctx.position_of(target).is_some() {
            continue;
        }
        sink.report(
            &RULE,
            action.pointer_to("next/name"),
            format!("navigate goes to \"{target}\", but no screen has that id"),
        )
        .help("use the id of an existing screen");
    }
}
