//! Checks beyond Meta's validator (warnings by default, waflow's own codes): dead ends,
//! unreachable screens, data that is declared but never read, payload fields nobody reads.

use std::collections::HashSet;

use serde_json::Value;

use crate::finding::{Anchor, Severity};
use crate::pointer;

use super::engine::{Rule, RuleInfo, Sink};
use super::refs::{data_fields, done_screen, flow, nav_screen};
use super::routing::navigate_graph_known;
use super::walker::Ctx;

const WARNING: RuleInfo = RuleInfo {
    severity: Severity::Warning,
    ..RuleInfo::DEFAULT
};

/// The rules beyond Meta's.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "flow/dead-end-screen",
            code: "WAFLOW_DEAD_END_SCREEN",
            summary: "A non-terminal screen should have a way forward: a navigate action, a data_exchange action or a route.",
            why: "The user can only leave such a screen with the back button; the flow can never end from there. Meta's docs say all routes must end at a terminal screen, but its validator does not check it.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"menu","list-items":[{"id":"b","main-content":{"title":"Info"},"on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}},{"id":"c","main-content":{"title":"Finish"},"on-click-action":{"name":"navigate","next":{"type":"screen","name":"C"},"payload":{}}}]}]}}"#, r#"{"id":"B","title":"B","layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"Nothing to do here"}]}}"#, done_screen!("C")),
            pass_example: flow!("7.3"; nav_screen!("A", "B"), nav_screen!("B", "C"), done_screen!("C")),
            notes: "waflow's own check (R-RM-ENDS-TERMINAL in Meta's docs, not enforced by Meta). Screens only opened from an EmbeddedLink or OptIn (terms, \"read more\" pages) are information pages left with the back button and are not reported, nor is a screen whose id repeats an earlier screen's (screens/duplicate-id reports it).",
            ..WARNING
        },
        check: Some(dead_end_screen),
    },
    Rule {
        info: RuleInfo {
            id: "flow/unreachable-screen",
            code: "WAFLOW_UNREACHABLE_SCREEN",
            summary: "Every screen should be reachable, following navigate actions and routes forward, from an entry screen (one nothing leads to).",
            why: "Meta only checks that screens are connected in some direction; a screen that is only ever left, never entered, is never shown.",
            fail_example: flow!("7.3"; nav_screen!("A", "C"), r#"{"id":"B","title":"B","layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Other","on-click-action":{"name":"navigate","next":{"type":"screen","name":"D"},"payload":{}}},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"C"},"payload":{}}}]}}"#, r#"{"id":"D","title":"D","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}}"#, done_screen!("C")),
            pass_example: flow!("7.3"; nav_screen!("A", "B"), nav_screen!("B", "C"), done_screen!("C")),
            notes: "waflow's own check. Screens that are not connected at all are reported once, by routing/disconnected-screens or navigation/disconnected-screens, and screens missing from the routing model by routing/missing-screen. In endpoint flows routes count as edges, since the endpoint may answer with any declared route.",
            ..WARNING
        },
        check: Some(unreachable_screen),
    },
    Rule {
        info: RuleInfo {
            id: "data/unused-field",
            code: "WAFLOW_UNUSED_DATA_FIELD",
            summary: "A field declared in a screen's data model should be read somewhere (`${data.x}` on that screen, or `${screen.S.data.x}`).",
            why: "An unused field is dead weight the endpoint or previous screen must still send (Meta requires every declared field in navigate payloads).",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"name":{"type":"string","__example__":"Ann"},"unused":{"type":"string","__example__":"x"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"data":{"name":{"type":"string","__example__":"Ann"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            notes: "waflow's own check. Fields that a navigate action sends are reported at the sender by flow/unread-payload-field instead.",
            ..WARNING
        },
        check: Some(unused_field),
    },
    Rule {
        info: RuleInfo {
            id: "flow/unread-payload-field",
            code: "WAFLOW_UNREAD_PAYLOAD_FIELD",
            summary: "A navigate payload field should be read by the next screen.",
            why: "Data sent to a screen that never shows or forwards it is wasted, and keeps an unused field in that screen's data model alive.",
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"name","label":"Name"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{"name":"${form.name}","source":"flow"}}}]}},{"id":"B","title":"B","terminal":true,"data":{"name":{"type":"string","__example__":"Ann"},"source":{"type":"string","__example__":"flow"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"name","label":"Name"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{"name":"${form.name}"}}}]}},{"id":"B","title":"B","terminal":true,"data":{"name":{"type":"string","__example__":"Ann"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.name}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            notes: "waflow's own check. Fields the next screen does not declare at all are errors (actions/navigate-payload-unknown-field).",
            ..WARNING
        },
        check: Some(unread_payload_field),
    },
];

/// Screens only ever opened from an EmbeddedLink or OptIn ("Read more"): information pages the
/// user leaves with the back button.
fn side_trips(ctx: &Ctx<'_>) -> HashSet<usize> {
    let mut side = HashSet::new();
    let mut main = HashSet::new();
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

fn dead_end_screen(ctx: &Ctx<'_>, sink: &mut Sink) {
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
        sink.report(
            screen.id_pointer(),
            format!(
                "screen {} is not terminal but has no way forward (no navigate, data_exchange or route)",
                screen.label()
            ),
        )
        .help("add a Footer that navigates on or calls the endpoint, or mark the screen terminal");
    }
}

fn unreachable_screen(ctx: &Ctx<'_>, sink: &mut Sink) {
    let n = ctx.screens.len();
    if n < 2 || !navigate_graph_known(ctx) {
        return;
    }
    let listed: Option<HashSet<&str>> = ctx.routing_model.map(|m| {
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
        sink.report(
            screen.id_pointer(),
            format!(
                "no chain of navigate actions or routes leads from an entry screen to {}",
                screen.label()
            ),
        )
        .help("screens that only lead to each other form a loop nobody enters; add a way in from an earlier screen");
    }
}

fn unused_field(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.screens.iter().all(|s| s.data.is_none()) {
        return;
    }
    let reads = ctx.data_reads();
    let mut sent: HashSet<(usize, &str)> = HashSet::new();
    for a in &ctx.actions {
        let (Some(to), Some(payload)) = (ctx.target_of(a), a.payload) else {
            continue;
        };
        sent.extend(payload.keys().map(|k| (to, k.as_str())));
    }
    for screen in &ctx.screens {
        let Some(data) = screen.data else { continue };
        for (name, _) in data_fields(data).filter(|(_, schema)| schema.is_object()) {
            let key = (screen.pos, name.as_str());
            if reads.contains(&key) || sent.contains(&key) {
                continue;
            }
            sink.report(
                pointer::push(&format!("{}/data", screen.pointer), name),
                format!("data field \"{name}\" of screen {} is never read", screen.label()),
            )
            .anchor(Anchor::Key)
            .help("use it with ${data.<name>}, or remove it from the data model (and from whatever sends it)");
        }
    }
}

fn unread_payload_field(ctx: &Ctx<'_>, sink: &mut Sink) {
    for a in &ctx.actions {
        let (Some(to), Some(payload)) = (ctx.target_of(a), a.payload) else {
            continue;
        };
        if to == a.screen {
            continue;
        }
        let next = &ctx.screens[to];
        let Some(data) = next.data else { continue };
        for key in payload.keys() {
            if key == "required"
                || !data.contains_key(key)
                || ctx.data_reads().contains(&(to, key.as_str()))
            {
                continue;
            }
            sink.report(
                a.payload_pointer(key),
                format!("screen {} receives \"{key}\" but never reads it", next.label()),
            )
            .anchor(Anchor::Key)
            .help(format!(
                "show or forward it on {} with ${{data.{key}}}, or stop sending it and remove it from that screen's data",
                next.label()
            ));
        }
    }
}
