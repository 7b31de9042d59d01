//! Routing rules: the `routing_model` of endpoint flows, and the graph Meta generates from
//! `navigate` actions when there is none.

use std::collections::HashSet;

use serde_json::Value;

use crate::pointer;

use super::engine::{Rule, RuleInfo, Sink};
use super::walker::Ctx;

/// The routing rules.
pub(crate) const RULES: &[Rule] = &[Rule {
    info: RuleInfo {
        id: "routing/backward-route",
        code: "INVALID_ROUTING_MODEL",
        summary: "If the routing model declares A → B, it may not also declare B → A.",
        why: "Routes only go forward; going back is the phone's back button. Meta rejects the pair as a backward route.",
        fail_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":["A"]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
        pass_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
        notes: "Reported once per pair, at the later route (the one in B's list).",
        ..RuleInfo::DEFAULT
    },
    check: Some(backward_route),
}];

/// The targets of a routing-model entry that are strings, with their index.
fn targets(value: &Value) -> impl Iterator<Item = (usize, &str)> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, t)| t.as_str().map(|t| (i, t)))
}

fn backward_route(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    let mut reported: HashSet<(&str, &str)> = HashSet::new();
    for (from, list) in model {
        for (_, to) in targets(list) {
            if to == from || reported.contains(&(to, from.as_str())) {
                continue;
            }
            let Some(back) = model.get(to) else { continue };
            let Some((j, _)) = targets(back).find(|(_, t)| *t == from) else {
                continue;
            };
            reported.insert((from.as_str(), to));
            let at = pointer::push_index(&pointer::push("/routing_model", to), j);
            sink.report(
                at,
                format!("route {to} → {from} goes back along the route {from} → {to}; only forward routes may be declared"),
            )
            .help(format!(
                "remove \"{from}\" from the routes of \"{to}\"; the back button already returns to {from}"
            ));
        }
    }
}
