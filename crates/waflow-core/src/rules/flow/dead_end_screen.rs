use rustc_hash::FxHashSet;

use crate::finding::Severity;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

rule! {
    /// A non-terminal screen should have a way forward: a navigate action, a data_exchange action
    /// or a route.
    ///
    /// ## Why
    ///
    /// The user can only leave such a screen with the back button; the flow can never end from
    /// there. Meta's docs say all routes must end at a terminal screen, but its validator does not
    /// check it.
    ///
    /// ## Notes
    ///
    /// waflow's own check (R-RM-ENDS-TERMINAL in Meta's docs, not enforced by Meta). Screens only
    /// opened from an EmbeddedLink or OptIn (terms, "read more" pages) are information pages left
    /// with the back button and are not reported, nor is a screen whose id repeats an earlier
    /// screen's (screens/duplicate-id reports it).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "flow/dead-end-screen",
            code: "WAFLOW_DEAD_END_SCREEN",
            severity: Severity::Warning,
            fail_example: fixture!("flow/dead-end-screen/fail.json"),
            pass_example: fixture!("flow/dead-end-screen/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// Screens only ever opened from an EmbeddedLink or OptIn ("Read more"): information pages the
/// user leaves with the back button.
fn side_trips(ctx: &Ctx<'_>) -> FxHashSet<usize> {
    let mut side = FxHashSet::default();
    let mut main = FxHashSet::default();
    for a in &ctx.actions {
        let Some(to) = ctx.target_of(a) else {
            continue;
        };
        if matches!(ctx.components[a.component].kind, "EmbeddedLink" | "OptIn") {
            side.insert(to);
        } else {
            main.insert(to);
        }
    }
    side.retain(|s| !main.contains(s));
    side
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let side_trips = side_trips(ctx);
    for screen in ctx.screens.iter().filter(|s| !s.terminal) {
        if ctx.repeats_earlier_id(screen) {
            continue;
        }
        let routes = screen
            .id
            .and_then(|id| ctx.routing_model?.get(id)?.as_array())
            .is_some_and(|list| !list.is_empty());
        let acts = ctx.actions_of(screen).iter().any(|a| {
            a.name == Some("data_exchange")
                || a.navigate_target().is_some_and(|t| Some(t) != screen.id)
                || (a.name == Some("navigate") && a.navigate_target().is_none())
        });
        if routes || acts || side_trips.contains(&screen.pos) {
            continue;
        }
        sink.report(&RULE,
            screen.id_pointer(),
            format!(
                "screen {} is not terminal but has no way forward (no navigate, data_exchange or route)",
                screen.label()
            ),
        )
        .help("add a Footer that navigates on or calls the endpoint, or mark the screen terminal");
    }
}
