use rustc_hash::FxHashSet;

use serde_json::Value;

use crate::finding::Severity;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::routing::navigate_graph_known;
use crate::rules::walker::Ctx;

rule! {
    /// Every screen should be reachable, following navigate actions and routes forward, from an
    /// entry screen (one nothing leads to).
    ///
    /// ## Why
    ///
    /// Meta only checks that screens are connected in some direction; a screen that is only ever
    /// left, never entered, is never shown.
    ///
    /// ## Notes
    ///
    /// waflow's own check. Screens that are not connected at all are reported once, by
    /// routing/disconnected-screens or navigation/disconnected-screens, and screens missing from
    /// the routing model by routing/missing-screen. In endpoint flows routes count as edges, since
    /// the endpoint may answer with any declared route.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "flow/unreachable-screen",
            code: "WAFLOW_UNREACHABLE_SCREEN",
            severity: Severity::Warning,
            fail_example: fixture!("flow/unreachable-screen/fail.json"),
            pass_example: fixture!("flow/unreachable-screen/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let n = ctx.screens.len();
    if n < 2 || !navigate_graph_known(ctx) {
        return;
    }
    let listed: Option<FxHashSet<&str>> = ctx.routing_model.map(|m| {
        m.iter()
            .flat_map(|(k, v)| {
                std::iter::once(k.as_str())
                    .chain(v.as_array().into_iter().flatten().filter_map(Value::as_str))
            })
            .collect()
    });
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in &ctx.actions {
        if let Some(to) = ctx.target_of(a) {
            out[a.screen].push(to);
        }
    }
    if let Some(model) = ctx.routing_model {
        for (key, list) in model {
            let Some(from) = ctx.position_of(key) else {
                continue;
            };
            for to in list
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if let Some(to) = ctx.position_of(to) {
                    out[from].push(to);
                }
            }
        }
    }
    let mut inbound = vec![false; n];
    let mut linked = vec![false; n];
    for (from, targets) in out.iter().enumerate() {
        for &to in targets.iter().filter(|&&to| to != from) {
            inbound[to] = true;
            linked[to] = true;
            linked[from] = true;
        }
    }
    let roots: Vec<usize> = (0..n).filter(|&s| !inbound[s]).collect();
    if roots.is_empty() {
        return;
    }
    let mut seen = vec![false; n];
    let mut stack = roots;
    for &r in &stack {
        seen[r] = true;
    }
    while let Some(at) = stack.pop() {
        for &next in &out[at] {
            if !seen[next] {
                seen[next] = true;
                stack.push(next);
            }
        }
    }
    for screen in &ctx.screens {
        let unlisted = listed
            .as_ref()
            .is_some_and(|l| !screen.terminal && screen.id.is_some_and(|id| !l.contains(id)));
        if seen[screen.pos] || !linked[screen.pos] || unlisted {
            continue;
        }
        sink.report(&RULE,
            screen.id_pointer(),
            format!(
                "no chain of navigate actions or routes leads from an entry screen to {}",
                screen.label()
            ),
        )
        .help("screens that only lead to each other form a loop nobody enters; add a way in from an earlier screen");
    }
}
