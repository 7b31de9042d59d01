//! The `navigation-list/…` rules: a NavigationList's items, their actions and add-ons. They are
//! reported by one pass over the NavigationLists of the flow.

pub(super) mod action_in_both_places;
pub(super) mod end_content;
pub(super) mod end_with_large_media;
pub(super) mod missing_action;
pub(super) mod one_badge;
pub(super) mod terminal_screen;

use serde_json::Value;

use crate::finding::Anchor;
use crate::pointer;
use crate::rules::components::{item_pointer, items};
use crate::rules::engine::{Pass, Sink};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

/// One pass over the NavigationLists for the navigation-list rules.
fn navigation_list(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in ctx.components.iter().filter(|c| c.kind == "NavigationList") {
        if !c.value.field("list-items").is_some_and(Value::is_array) {
            continue;
        }
        let list: Vec<_> = items(c, "list-items")
            .into_iter()
            .map(|(i, item)| (item_pointer(c, "list-items", i), item))
            .collect();
        let on_component = c.value.has("on-click-action");
        for (at, item) in &list {
            let on_item = item.has("on-click-action");
            if on_component && on_item {
                sink.report(
                    &action_in_both_places::RULE,
                    pointer::push(at, "on-click-action"),
                    "this item has an on-click-action, and so has its NavigationList: keep one"
                        .to_owned(),
                )
                .anchor(Anchor::Key);
            } else if !on_component && !on_item {
                sink.report(
                    &missing_action::RULE,
                    at,
                    "this item has no on-click-action, and its NavigationList has none either"
                        .to_owned(),
                )
                .help("add an on-click-action to the NavigationList, or to every item");
            }
        }
        for (at, _) in list.iter().filter(|(_, o)| o.has("badge")).skip(1) {
            sink.report(
                &one_badge::RULE,
                pointer::push(at, "badge"),
                "a second item with a badge: at most one item of a NavigationList may have one"
                    .to_owned(),
            )
            .anchor(Anchor::Key);
        }
        if c.value.field("media-size").and_then(Value::as_str) == Some("large")
            && list.iter().any(|(_, o)| o.has("end"))
        {
            sink.report(
                &end_with_large_media::RULE,
                pointer::push(&c.pointer, "media-size"),
                "'media-size' cannot be 'large' while items have an 'end' add-on".to_owned(),
            )
            .help("use \"regular\", or remove the end add-ons");
        }
        for (at, item) in &list {
            let Some(end) = item.field("end").and_then(Value::as_object) else {
                continue;
            };
            let n = ["title", "description", "metadata"]
                .iter()
                .filter(|k| end.has(k))
                .count();
            if n == 0 || n > 2 {
                sink.report(&end_content::RULE,
                    pointer::push(at, "end"),
                    format!(
                        "the 'end' add-on has {n} of title, description and metadata; it needs one or two"
                    ),
                );
            }
        }
    }
}

/// The pass of the `navigation-list/…` rules (all but `terminal-screen`, which is counted with
/// the screen's components in `counts`).
static NAVIGATION_LIST_PASS: Pass = Pass(navigation_list);
