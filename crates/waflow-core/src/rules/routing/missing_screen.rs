use crate::rules::engine::{Check, RuleInfo, Sink, rule};
use crate::rules::refs::{done_screen, exchange_screen, flow};
use crate::rules::walker::Ctx;

use super::mentioned;

rule! {
    /// Every non-terminal screen must appear in the routing model, as a key or as a route.
    ///
    /// ## Why
    ///
    /// The endpoint can only send the user to screens the routing model knows; Meta rejects screens
    /// it leaves out.
    ///
    /// ## Notes
    ///
    /// Meta's builder exempts terminal screens from this check; an unlinked terminal screen is
    /// reported by routing/disconnected-screens instead.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "routing/missing-screen",
            code: "INVALID_ROUTING_MODEL",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["C"]},"#; exchange_screen!("A"), exchange_screen!("B"), done_screen!("C")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"],"B":["C"]},"#; exchange_screen!("A"), exchange_screen!("B"), done_screen!("C")),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    let seen = mentioned(model);
    for screen in ctx.screens.iter().filter(|s| !s.terminal) {
        let Some(id) = screen.id else { continue };
        if !seen.contains(id) {
            sink.report(&RULE,
                screen.id_pointer(),
                format!("screen {id} is missing from the routing model"),
            )
            .help(format!(
                "add \"{id}\": [<screens it leads to>] to routing_model, and list {id} among the routes of the screen before it"
            ));
        }
    }
}
