use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
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
            fail_example: fixture!("routing/missing-screen/fail.json"),
            pass_example: fixture!("routing/missing-screen/pass.json"),
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
