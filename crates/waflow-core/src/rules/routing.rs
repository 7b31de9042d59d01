//! Routing rules: the `routing_model` of endpoint flows, and the graph Meta generates from
//! `navigate` actions when there is none.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::version::FlowVersion;

use super::engine::{Rule, RuleInfo, Sink};
use super::refs::{done_screen, exchange_screen, flow, nav_screen};
use super::walker::{Ctx, Object, Screen};

/// Meta's limit on routes per screen.
const MAX_BRANCHES: usize = 10;

/// The routing rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "routing/unknown-screen",
            code: "INVALID_ROUTING_MODEL",
            summary: "Every key and every route of the routing model must be the id of a screen.",
            why: "Meta rejects routes to or from screens that do not exist.",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B","C"]},"#; exchange_screen!("A"), done_screen!("B")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"]},"#; exchange_screen!("A"), done_screen!("B")),
            notes: "A bad key is underlined as a key, a bad route as a value.",
            ..RuleInfo::DEFAULT
        },
        check: Some(unknown_screen),
    },
    Rule {
        info: RuleInfo {
            id: "routing/missing-screen",
            code: "INVALID_ROUTING_MODEL",
            summary: "Every non-terminal screen must appear in the routing model, as a key or as a route.",
            why: "The endpoint can only send the user to screens the routing model knows; Meta rejects screens it leaves out.",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["C"]},"#; exchange_screen!("A"), exchange_screen!("B"), done_screen!("C")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"],"B":["C"]},"#; exchange_screen!("A"), exchange_screen!("B"), done_screen!("C")),
            notes: "Meta's builder exempts terminal screens from this check; an unlinked terminal screen is reported by routing/disconnected-screens instead.",
            ..RuleInfo::DEFAULT
        },
        check: Some(missing_screen),
    },
    Rule {
        info: RuleInfo {
            id: "routing/self-route",
            code: "INVALID_ROUTING_MODEL",
            summary: "A screen may not route to itself.",
            why: "A route is a way forward; the same screen is not one (Meta reports a loop).",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["A","B"]},"#; exchange_screen!("A"), done_screen!("B")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"]},"#; exchange_screen!("A"), done_screen!("B")),
            notes: "Meta points at the key; waflow underlines the offending route.",
            ..RuleInfo::DEFAULT
        },
        check: Some(self_route),
    },
    Rule {
        info: RuleInfo {
            id: "routing/backward-route",
            code: "INVALID_ROUTING_MODEL",
            summary: "If the routing model declares A → B, it may not also declare B → A.",
            why: "Routes only go forward; going back is the phone's back button. Meta rejects the pair as a backward route.",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"],"B":["C"],"C":["B"]},"#; exchange_screen!("A"), exchange_screen!("B"), done_screen!("C")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"],"B":["C"],"C":[]},"#; exchange_screen!("A"), exchange_screen!("B"), done_screen!("C")),
            notes: "Reported once per pair, at the later route (the one in B's list).",
            ..RuleInfo::DEFAULT
        },
        check: Some(backward_route),
    },
    Rule {
        info: RuleInfo {
            id: "routing/too-many-branches",
            code: "INVALID_ROUTING_MODEL",
            summary: "A screen may have at most 10 routes in the routing model.",
            why: "Meta limits the branches per screen to 10.",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B","C","D","E","F","G","H","I","J","K","L"]},"#; exchange_screen!("A"), done_screen!("B"), done_screen!("C"), done_screen!("D"), done_screen!("E"), done_screen!("F"), done_screen!("G"), done_screen!("H"), done_screen!("I"), done_screen!("J"), done_screen!("K"), done_screen!("L")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B","C","D","E","F","G","H","I","J","K"]},"#; exchange_screen!("A"), done_screen!("B"), done_screen!("C"), done_screen!("D"), done_screen!("E"), done_screen!("F"), done_screen!("G"), done_screen!("H"), done_screen!("I"), done_screen!("J"), done_screen!("K")),
            notes: "Distinct routes are counted.",
            ..RuleInfo::DEFAULT
        },
        check: Some(too_many_branches),
    },
    Rule {
        info: RuleInfo {
            id: "routing/no-entry-screen",
            code: "INVALID_ROUTING_MODEL",
            summary: "Some screen must have no inbound route: the entry screen.",
            why: "A flow starts on a screen nothing routes to; if every screen is a route target (a cycle), there is no start and Meta rejects it.",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"],"B":["C"],"C":["A"]},"#; exchange_screen!("A"), exchange_screen!("B"), done_screen!("C")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"],"B":["C"]},"#; exchange_screen!("A"), exchange_screen!("B"), done_screen!("C")),
            notes: "From 7.3 the targets of navigate actions count as inbound routes too (Meta's 7.3 change). Longer cycles are only caught through this rule.",
            ..RuleInfo::DEFAULT
        },
        check: Some(no_entry_screen),
    },
    Rule {
        info: RuleInfo {
            id: "routing/disconnected-screens",
            code: "INVALID_ROUTING_MODEL",
            summary: "Every screen must be connected to the first screen through the routing model (in either direction).",
            why: "A screen no route leads to or from can never be shown; Meta rejects it.",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"]},"#; exchange_screen!("A"), done_screen!("B"), done_screen!("C")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B","C"]},"#; exchange_screen!("A"), done_screen!("B"), done_screen!("C")),
            notes: "Non-terminal screens missing from the routing model are reported once, by routing/missing-screen. A screen whose id repeats an earlier screen's is reported by screens/duplicate-id only (every reference to the id means the first screen).",
            ..RuleInfo::DEFAULT
        },
        check: Some(disconnected_screens),
    },
    Rule {
        info: RuleInfo {
            id: "routing/undeclared-navigate",
            code: "INVALID_ROUTING_MODEL",
            summary: "Every navigate action A → B must be declared as a route A → B in the routing model.",
            why: "In an endpoint flow the routing model is the list of allowed transitions; Meta rejects navigate actions it does not declare.",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["C"],"B":["C"]},"#; nav_screen!("A", "B"), exchange_screen!("B"), done_screen!("C")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"],"B":["C"]},"#; nav_screen!("A", "B"), exchange_screen!("B"), done_screen!("C")),
            notes: "Meta's builder checks an undirected map, so a declared B → A also satisfies it: waflow reports that case as a warning. Screens holding a NavigationList are exempt from 6.2, as in Meta's builder. Navigate actions from or to a non-terminal screen missing from the routing model are left to routing/missing-screen.",
            ..RuleInfo::DEFAULT
        },
        check: Some(undeclared_navigate),
    },
    Rule {
        info: RuleInfo {
            id: "navigation/no-entry-screen",
            code: "INVALID_ROUTING_MODEL",
            summary: "Without a routing model, some screen must not be the target of any navigate action.",
            why: "Meta builds the routing model from navigate actions; if every screen is a target there is no entry screen.",
            fail_example: flow!("7.3"; nav_screen!("A", "B"), r#"{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Start over","on-click-action":{"name":"navigate","next":{"type":"screen","name":"A"},"payload":{}}},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; nav_screen!("A", "B"), done_screen!("B")),
            notes: "Skipped when a screen holds a NavigationList (6.2+), as in Meta's builder.",
            ..RuleInfo::DEFAULT
        },
        check: Some(navigation_no_entry),
    },
    Rule {
        info: RuleInfo {
            id: "navigation/disconnected-screens",
            code: "INVALID_ROUTING_MODEL",
            summary: "Without a routing model, every screen must be connected to the first screen through navigate actions.",
            why: "Meta builds the routing model from navigate actions; a screen outside that graph can never be shown.",
            fail_example: flow!("7.3"; nav_screen!("A", "B"), done_screen!("B"), done_screen!("C")),
            pass_example: flow!("7.3"; nav_screen!("A", "B"), done_screen!("B")),
            notes: "Screens holding a NavigationList (6.2+) are treated as connected to every screen, as Meta generates their routes. Skipped for flows with `data_api_version` (they need a routing model, reported by endpoint/data-api-version-needs-routing-model), and when a navigate action has no literal target (a shape error, so the graph is unknown). A screen whose id repeats an earlier screen's is reported by screens/duplicate-id only.",
            ..RuleInfo::DEFAULT
        },
        check: Some(navigation_disconnected),
    },
    Rule {
        info: RuleInfo {
            id: "navigation/too-many-branches",
            code: "INVALID_ROUTING_MODEL",
            summary: "Without a routing model, a screen may navigate to at most 10 different screens.",
            why: "Meta limits the branches per screen to 10, also in the routing model it generates.",
            fail_example: "(a screen with navigate actions to 11 different screens, e.g. through a NavigationList)",
            pass_example: "(at most 10 distinct navigate targets per screen)",
            notes: "Screens holding a NavigationList (6.2+) are not counted: a list may have up to 20 items, and Meta generates the routes of such screens itself.",
            ..RuleInfo::DEFAULT
        },
        check: Some(navigation_too_many_branches),
    },
];

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

fn route_pointer(key: &str, j: usize) -> String {
    pointer::push_index(&pointer::push("/routing_model", key), j)
}

fn unknown_screen(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    for (key, list) in model {
        if ctx.position_of(key).is_none() {
            sink.report(
                pointer::push("/routing_model", key),
                format!("the routing model has routes from \"{key}\", but no screen has that id"),
            )
            .anchor(Anchor::Key)
            .help("use the id of an existing screen, or remove the entry");
        }
        for (j, to) in targets(list) {
            if ctx.position_of(to).is_none() {
                sink.report(
                    route_pointer(key, j),
                    format!(
                        "the routing model routes {key} to \"{to}\", but no screen has that id"
                    ),
                )
                .help("use the id of an existing screen, or remove the route");
            }
        }
    }
}

/// Screen ids that appear in the routing model as a key or a route.
fn mentioned(model: &Object) -> HashSet<&str> {
    let mut seen: HashSet<&str> = model.keys().map(String::as_str).collect();
    for list in model.values() {
        seen.extend(targets(list).map(|(_, t)| t));
    }
    seen
}

fn missing_screen(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    let seen = mentioned(model);
    for screen in ctx.screens.iter().filter(|s| !s.terminal) {
        let Some(id) = screen.id else { continue };
        if !seen.contains(id) {
            sink.report(
                screen.id_pointer(),
                format!("screen {id} is missing from the routing model"),
            )
            .help(format!(
                "add \"{id}\": [<screens it leads to>] to routing_model, and list {id} among the routes of the screen before it"
            ));
        }
    }
}

fn self_route(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    for (key, list) in model {
        for (j, to) in targets(list) {
            if to == key {
                sink.report(
                    route_pointer(key, j),
                    format!("screen {key} routes to itself"),
                )
                .help(format!("remove \"{key}\" from its own routes"));
            }
        }
    }
}

fn too_many_branches(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    for (key, list) in model {
        let distinct: HashSet<&str> = targets(list).map(|(_, t)| t).collect();
        if distinct.len() > MAX_BRANCHES {
            sink.report(
                pointer::push("/routing_model", key),
                format!(
                    "screen {key} has {} routes; Meta allows at most {MAX_BRANCHES}",
                    distinct.len()
                ),
            )
            .anchor(Anchor::Key)
            .help("split the choice over two screens, or let one screen show the options with dynamic data");
        }
    }
}

/// The navigate edges (source position, target position, action index) between existing,
/// different screens.
fn navigate_edges(ctx: &Ctx<'_>) -> Vec<(usize, usize, usize)> {
    ctx.actions
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let to = ctx.target_of(a)?;
            (to != a.screen).then_some((a.screen, to, i))
        })
        .collect()
}

fn no_entry_screen(ctx: &Ctx<'_>, sink: &mut Sink) {
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
            "/routing_model",
            "every screen is the target of a route, so no screen can be the entry screen",
        )
        .anchor(Anchor::Key)
        .help("routes may only go forward: remove the route that leads back to the first screen");
    }
}

/// Positions reachable from the first screen over undirected edges.
fn reachable_undirected(n: usize, edges: impl Iterator<Item = (usize, usize)>) -> Vec<bool> {
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, b) in edges {
        adjacency[a].push(b);
        adjacency[b].push(a);
    }
    let mut seen = vec![false; n];
    if n == 0 {
        return seen;
    }
    let mut stack = vec![0];
    seen[0] = true;
    while let Some(at) = stack.pop() {
        for &next in &adjacency[at] {
            if !seen[next] {
                seen[next] = true;
                stack.push(next);
            }
        }
    }
    seen
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

fn disconnected_screens(ctx: &Ctx<'_>, sink: &mut Sink) {
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
        sink.report(
            screen.id_pointer(),
            format!("screen {id} is not connected to the first screen ({first}) through the routing model"),
        )
        .help(format!("add a route to {id} from the screen that leads to it"));
    }
}

fn has_navigation_list(ctx: &Ctx<'_>, screen: usize) -> bool {
    ctx.version >= FlowVersion::V6_2 && ctx.screens[screen].has_navigation_list
}

fn undeclared_navigate(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    let declared = |from: &str, to: &str| {
        model
            .get(from)
            .is_some_and(|list| targets(list).any(|(_, t)| t == to))
    };
    let seen = mentioned(model);
    let mut reported = HashSet::new();
    for (from, to, i) in navigate_edges(ctx) {
        let (Some(a), Some(b)) = (ctx.screens[from].id, ctx.screens[to].id) else {
            continue;
        };
        let unlisted = |pos: usize, id: &str| !ctx.screens[pos].terminal && !seen.contains(id);
        if declared(a, b)
            || has_navigation_list(ctx, from)
            || unlisted(from, a)
            || unlisted(to, b)
            || !reported.insert((from, to))
        {
            continue;
        }
        let action = &ctx.actions[i];
        let report = sink
            .report(
                action.pointer_to("next/name"),
                format!(
                    "screen {a} navigates to {b}, but the routing model has no route {a} → {b}"
                ),
            )
            .help(format!(
                "add \"{b}\" to the routes of \"{a}\" in routing_model"
            ));
        if declared(b, a) {
            report.severity(Severity::Warning);
        }
    }
}

fn navigation_applies(ctx: &Ctx<'_>) -> bool {
    ctx.root.is_some() && !ctx.declares_routing_model() && !ctx.has_endpoint()
}

fn navigation_no_entry(ctx: &Ctx<'_>, sink: &mut Sink) {
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
        sink.report(
            "/screens",
            "every screen is the next screen of some navigate action, so no screen can be the entry screen",
        )
        .anchor(Anchor::Key)
        .help("navigate only forward; the back button already returns to earlier screens");
    }
}

/// Whether every navigate action names its target screen literally; when one does not (no
/// `next`, a binding), the graph is unknown and the schema layer reports the shape.
pub(crate) fn navigate_graph_known(ctx: &Ctx<'_>) -> bool {
    ctx.actions
        .iter()
        .filter(|a| a.name == Some("navigate"))
        .all(|a| a.navigate_target().is_some_and(|t| !t.contains("${")))
}

fn navigation_disconnected(ctx: &Ctx<'_>, sink: &mut Sink) {
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
            screen.id_pointer(),
            format!(
                "screen {} is not connected to the first screen ({first}) by navigate actions",
                screen.label()
            ),
        )
        .help("navigate to it from a screen of the flow, or remove it");
    }
}

fn navigation_too_many_branches(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !navigation_applies(ctx) {
        return;
    }
    let mut per_screen: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (from, to, _) in navigate_edges(ctx) {
        per_screen.entry(from).or_default().insert(to);
    }
    for screen in ctx
        .screens
        .iter()
        .filter(|s| !has_navigation_list(ctx, s.pos))
    {
        let count = per_screen.get(&screen.pos).map_or(0, HashSet::len);
        if count > MAX_BRANCHES {
            sink.report(
                screen.pointer.clone(),
                format!(
                    "screen {} navigates to {count} different screens; Meta allows at most {MAX_BRANCHES}",
                    screen.label()
                ),
            )
            .anchor(Anchor::Key)
            .help("split the choice over two screens");
        }
    }
}
