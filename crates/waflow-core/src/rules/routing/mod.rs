//! Routing rules: the `routing_model` of endpoint flows, and the graph Meta generates from
//! `navigate` actions when there is none.

pub(super) mod backward_route;
pub(super) mod disconnected_screens;
pub(super) mod missing_screen;
pub(super) mod no_entry_screen;
pub(super) mod self_route;
pub(super) mod too_many_branches;
pub(super) mod undeclared_navigate;
pub(super) mod unknown_screen;

use rustc_hash::FxHashSet;

use serde_json::Value;

use crate::json::Object;
use crate::pointer;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

/// Meta's limit on routes per screen.
pub(super) const MAX_BRANCHES: usize = 10;

/// The targets of a routing-model entry that are strings, with their index.
fn targets(value: &Value) -> impl Iterator<Item = (usize, &str)> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, t)| t.as_str().map(|t| (i, t)))
}

/// The entries of the `routing_model` (screen id, routes), none when the flow has no model.
fn model_entries<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = (&'a String, &'a Value)> {
    ctx.routing_model.into_iter().flatten()
}

fn route_pointer(key: &str, j: usize) -> String {
    pointer::push_index(&pointer::push("/routing_model", key), j)
}

/// Screen ids that appear in the routing model as a key or a route.
fn mentioned(model: &Object) -> FxHashSet<&str> {
    let mut seen: FxHashSet<&str> = model.keys().map(String::as_str).collect();
    for list in model.values() {
        seen.extend(targets(list).map(|(_, t)| t));
    }
    seen
}

/// The navigate edges (source position, target position, action index) between existing,
/// different screens.
pub(super) fn navigate_edges(ctx: &Ctx<'_>) -> Vec<(usize, usize, usize)> {
    ctx.actions
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let to = ctx.target_of(a)?;
            (to != a.screen).then_some((a.screen, to, i))
        })
        .collect()
}

/// Positions reachable from the first screen over undirected edges.
pub(super) fn reachable_undirected(
    n: usize,
    edges: impl Iterator<Item = (usize, usize)>,
) -> Vec<bool> {
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

pub(super) fn has_navigation_list(ctx: &Ctx<'_>, screen: usize) -> bool {
    ctx.version >= FlowVersion::V6_2 && ctx.screens[screen].has_navigation_list
}

pub(super) fn navigation_applies(ctx: &Ctx<'_>) -> bool {
    ctx.root.is_some() && !ctx.declares_routing_model() && !ctx.has_endpoint()
}

/// Whether every navigate action names its target screen literally; when one does not (no
/// `next`, a binding), the graph is unknown and the schema layer reports the shape.
pub(crate) fn navigate_graph_known(ctx: &Ctx<'_>) -> bool {
    ctx.actions
        .iter()
        .filter(|a| a.name == Some("navigate"))
        .all(|a| {
            a.navigate_target()
                .is_some_and(|t| !crate::expr::has_open(t))
        })
}
