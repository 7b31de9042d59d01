use crate::finding::Anchor;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::routing::{has_navigation_list, navigate_edges, navigation_applies};
use crate::rules::walker::Ctx;

rule! {
    /// Without a routing model, some screen must not be the target of any navigate action.
    ///
    /// ## Why
    ///
    /// Meta builds the routing model from navigate actions; if every screen is a target there is no
    /// entry screen.
    ///
    /// ## Notes
    ///
    /// Skipped when a screen holds a NavigationList (6.2+), as in Meta's builder.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "navigation/no-entry-screen",
            code: "INVALID_ROUTING_MODEL",
            fail_example: fixture!("navigation/no-entry-screen/fail.json"),
            pass_example: fixture!("navigation/no-entry-screen/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !navigation_applies(ctx) || ctx.screens.is_empty() {
        return;
    }
    if (0..ctx.screens.len()).any(|s| has_navigation_list(ctx, s)) {
        return;
    }
    let mut inbound = vec![false; ctx.screens.len()];
    for (_, to, _) in navigate_edges(ctx) {
        inbound[to] = true;
    }
    if inbound.iter().all(|&i| i) {
        sink.report(&RULE,
            "/screens",
            "every screen is the next screen of some navigate action, so no screen can be the entry screen",
        )
        .anchor(Anchor::Key)
        .help("navigate only forward; the back button already returns to earlier screens");
    }
}
