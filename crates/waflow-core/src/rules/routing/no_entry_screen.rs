use crate::finding::Anchor;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

use super::{navigate_edges, targets};

rule! {
    /// Some screen must have no inbound route: the entry screen.
    ///
    /// ## Why
    ///
    /// A flow starts on a screen nothing routes to; if every screen is a route target (a cycle),
    /// there is no start and Meta rejects it.
    ///
    /// ## Notes
    ///
    /// From 7.3 the targets of navigate actions count as inbound routes too (Meta's 7.3 change).
    /// Longer cycles are only caught through this rule.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "routing/no-entry-screen",
            code: "INVALID_ROUTING_MODEL",
            fail_example: fixture!("routing/no-entry-screen/fail.json"),
            pass_example: fixture!("routing/no-entry-screen/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    if ctx.screens.is_empty() {
        return;
    }
    let mut inbound = vec![false; ctx.screens.len()];
    for (key, list) in model {
        for (_, to) in targets(list) {
            if let Some(p) = ctx.position_of(to).filter(|_| to != key) {
                inbound[p] = true;
            }
        }
    }
    if ctx.version >= FlowVersion::V7_3 {
        for (_, to, _) in navigate_edges(ctx) {
            inbound[to] = true;
        }
    }
    if inbound.iter().all(|&i| i) {
        sink.report(
            &RULE,
            "/routing_model",
            "every screen is the target of a route, so no screen can be the entry screen",
        )
        .anchor(Anchor::Key)
        .help("routes may only go forward: remove the route that leads back to the first screen");
    }
}
