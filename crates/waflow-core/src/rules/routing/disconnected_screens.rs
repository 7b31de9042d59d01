use crate::json::Object;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::{Ctx, Screen};

use super::{mentioned, reachable_undirected, targets};

rule! {
    /// Every screen must be connected to the first screen through the routing model (in either
    /// direction).
    ///
    /// ## Why
    ///
    /// A screen no route leads to or from can never be shown; Meta rejects it.
    ///
    /// ## Notes
    ///
    /// Non-terminal screens missing from the routing model are reported once, by
    /// routing/missing-screen. A screen whose id repeats an earlier screen's is reported by
    /// screens/duplicate-id only (every reference to the id means the first screen).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "routing/disconnected-screens",
            code: "INVALID_ROUTING_MODEL",
            fail_example: fixture!("routing/disconnected-screens/fail.json"),
            pass_example: fixture!("routing/disconnected-screens/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// The routing-model edges between existing screens, as positions.
fn model_edges<'c>(
    ctx: &'c Ctx<'_>,
    model: &'c Object,
) -> impl Iterator<Item = (usize, usize)> + 'c {
    model.iter().flat_map(move |(key, list)| {
        let from = ctx.position_of(key);
        targets(list).filter_map(move |(_, to)| Some((from?, ctx.position_of(to)?)))
    })
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    if ctx.screens.len() < 2 {
        return;
    }
    let reached = reachable_undirected(ctx.screens.len(), model_edges(ctx, model));
    let seen = mentioned(model);
    let first = ctx.first_screen().map(Screen::label).unwrap_or_default();
    for screen in &ctx.screens {
        let Some(id) = screen.id else { continue };
        if reached[screen.pos]
            || (!screen.terminal && !seen.contains(id))
            || ctx.repeats_earlier_id(screen)
        {
            continue;
        }
        sink.report(&RULE,
            screen.id_pointer(),
            format!("screen {id} is not connected to the first screen ({first}) through the routing model"),
        )
        .help(format!("add a route to {id} from the screen that leads to it"));
    }
}
