use crate::rules::engine::{Check, RuleInfo, Sink, rule};
use crate::rules::refs::{done_screen, flow};
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
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Again","on-click-action":{"name":"navigate","next":{"type":"screen","name":"A"},"payload":{}}},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; done_screen!("A")),
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
