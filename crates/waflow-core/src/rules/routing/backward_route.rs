use rustc_hash::FxHashSet;

use crate::finding::Related;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

use super::targets;

rule! {
    /// If the routing model declares A → B, it may not also declare B → A.
    ///
    /// ## Why
    ///
    /// Routes only go forward; going back is the phone's back button. Meta rejects the pair as a
    /// backward route.
    ///
    /// ## Notes
    ///
    /// Reported once per pair, at the later route (the one in B's list).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "routing/backward-route",
            code: "INVALID_ROUTING_MODEL",
            fail_example: fixture!("routing/backward-route/fail.json"),
            pass_example: fixture!("routing/backward-route/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    let mut reported: FxHashSet<(&str, &str)> = FxHashSet::default();
    for (from, list) in model {
        for (i, to) in targets(list) {
            if to == from || reported.contains(&(to, from.as_str())) {
                continue;
            }
            let Some(back) = model.get(to) else { continue };
            let Some((j, _)) = targets(back).find(|(_, t)| *t == from) else {
                continue;
            };
            reported.insert((from.as_str(), to));
            let at = pointer::push_index(&pointer::push("/routing_model", to), j);
            sink.report(&RULE,
                at,
                format!("route {to} → {from} goes back along the route {from} → {to}; only forward routes may be declared"),
            )
            .help(format!(
                "remove \"{from}\" from the routes of \"{to}\"; the back button already returns to {from}"
            ))
            .related(Related::new(
                pointer::push_index(&pointer::push("/routing_model", from), i),
                format!("the route {from} → {to} is declared here"),
            ));
        }
    }
}
