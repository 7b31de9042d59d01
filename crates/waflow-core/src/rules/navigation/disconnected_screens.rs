use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::routing::{
    has_navigation_list, navigate_edges, navigate_graph_known, navigation_applies,
    reachable_undirected,
};
use crate::rules::walker::{Ctx, Screen};

rule! {
    /// Without a routing model, every screen must be connected to the first screen through navigate
    /// actions.
    ///
    /// ## Why
    ///
    /// Meta builds the routing model from navigate actions; a screen outside that graph can never
    /// be shown.
    ///
    /// ## Notes
    ///
    /// Screens holding a NavigationList (6.2+) are treated as connected to every screen, as Meta
    /// generates their routes. Skipped for flows with `data_api_version` (they need a routing
    /// model, reported by endpoint/data-api-version-needs-routing-model), and when a navigate
    /// action has no literal target (a shape error, so the graph is unknown). A screen whose id
    /// repeats an earlier screen's is reported by screens/duplicate-id only.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "navigation/disconnected-screens",
            code: "INVALID_ROUTING_MODEL",
            fail_example: fixture!("navigation/disconnected-screens/fail.json"),
            pass_example: fixture!("navigation/disconnected-screens/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !navigation_applies(ctx) || ctx.screens.len() < 2 || !navigate_graph_known(ctx) {
        return;
    }
    let n = ctx.screens.len();
    // Meta routes a NavigationList screen to every other screen, which connects them all.
    if (0..n).any(|s| has_navigation_list(ctx, s)) {
        return;
    }
    let edges = navigate_edges(ctx).into_iter().map(|(a, b, _)| (a, b));
    let reached = reachable_undirected(n, edges);
    let first = ctx.first_screen().map(Screen::label).unwrap_or_default();
    for screen in &ctx.screens {
        if reached[screen.pos] || ctx.repeats_earlier_id(screen) {
            continue;
        }
        sink.report(
            &RULE,
            screen.id_pointer(),
            format!(
                "screen {} is not connected to the first screen ({first}) by navigate actions",
                screen.label()
            ),
        )
        .help("navigate to it from a screen of the flow, or remove it");
    }
}
