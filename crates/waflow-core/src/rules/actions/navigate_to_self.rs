use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

rule! {
    /// A navigate action may not target its own screen.
    ///
    /// ## Why
    ///
    /// Meta reports a loop; to refresh a screen use data_exchange or update_data.
    ///
    /// ## Notes
    ///
    /// Also applies to NavigationList item actions.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/navigate-to-self",
            code: "INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME",
            fail_example: fixture!("actions/navigate-to-self/fail.json"),
            pass_example: fixture!("actions/navigate-to-self/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for action in &ctx.actions {
        let screen = ctx.screen(action.screen);
        if action.navigate_target().is_some() && action.navigate_target() == screen.id {
            sink.report(
                &RULE,
                action.pointer_to("next/name"),
                format!("screen {} navigates to itself", screen.label()),
            )
            .help("to refresh the screen use data_exchange, or update_data (6.0+)");
        }
    }
}
