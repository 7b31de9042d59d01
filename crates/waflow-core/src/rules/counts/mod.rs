//! The `counts/…` rules: how many components of a kind a screen may hold (If branches and Switch
//! cases count as alternatives), the total per screen, and ImageCarousels per flow.
//!
//! One pass per screen counts the components; it also reports the `placement/…` rules and
//! `navigation-list/terminal-screen`, which look at the same screen contents.

pub(super) mod builder_total;
pub(super) mod embedded_link;
pub(super) mod footer;
pub(super) mod image;
pub(super) mod image_carousel;
pub(super) mod image_carousel_images;
pub(super) mod image_carousel_per_flow;
pub(super) mod media_picker;
pub(super) mod navigation_list;
pub(super) mod opt_in;
pub(super) mod total;

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Pass, Rule, Sink};
use crate::rules::lookup::Field;
use crate::rules::props;
use crate::rules::walker::{Branch, Component, Ctx, Screen};
use crate::version::FlowVersion;

/// Per-screen limits: counted kind (PhotoPicker and DocumentPicker count as `media`), limit,
/// rule.
const LIMITS: &[(&str, usize, &Rule)] = &[
    ("Footer", 1, &footer::RULE),
    ("EmbeddedLink", 2, &embedded_link::RULE),
    ("Image", 3, &image::RULE),
    ("OptIn", 5, &opt_in::RULE),
    ("media", 1, &media_picker::RULE),
    ("NavigationList", 2, &navigation_list::RULE),
    ("ImageCarousel", 2, &image_carousel::RULE),
];

/// The limits of components per screen: Meta's documented one and its Flow Builder's, each with
/// its rule and how the message names it.
const MAX_COMPONENTS: [(usize, &Rule, &str); 2] = [
    (50, &total::RULE, "Meta documents"),
    (100, &builder_total::RULE, "Meta's Flow Builder allows"),
];

/// The child lists of a screen's components: (parent, branch) → children in order.
type Tree<'a> = FxHashMap<(Option<usize>, Option<&'a str>), Vec<usize>>;

fn tree<'a>(ctx: &Ctx<'a>, screen: &Screen<'_>) -> Tree<'a> {
    let mut tree = Tree::default();
    for c in ctx.components_of(screen) {
        let branch = c
            .branches
            .last()
            .filter(|step| Some(step.component) == c.parent)
            .map(|step| props::branch_key(step.branch));
        tree.entry((c.parent, branch)).or_default().push(c.index);
    }
    tree
}

/// The components of each counted kind along the largest alternative, in document order.
type Witness<'a> = FxHashMap<&'a str, Vec<usize>>;

fn counted_kind<'a>(c: &Component<'a>) -> &'a str {
    match c.kind {
        "PhotoPicker" | "DocumentPicker" => "media",
        kind => kind,
    }
}

/// Merges alternatives: per kind, the largest list.
fn max_merge<'a>(into: &mut Witness<'a>, other: Witness<'a>) {
    for (kind, list) in other {
        let slot = into.entry(kind).or_default();
        if list.len() > slot.len() {
            *slot = list;
        }
    }
}

fn witness<'a>(
    ctx: &Ctx<'a>,
    tree: &Tree<'a>,
    key: (Option<usize>, Option<&'a str>),
    depth: usize,
) -> Witness<'a> {
    let mut out = Witness::default();
    let Some(children) = tree.get(&key) else {
        return out;
    };
    for &i in children {
        let c = &ctx.components[i];
        out.entry(counted_kind(c)).or_default().push(i);
        if depth > crate::document::MAX_NESTING_DEPTH {
            continue;
        }
        let inner = match c.kind {
            "If" => {
                let mut alt = witness(
                    ctx,
                    tree,
                    (Some(i), Some(props::branch_key(Branch::Then))),
                    depth + 1,
                );
                max_merge(
                    &mut alt,
                    witness(
                        ctx,
                        tree,
                        (Some(i), Some(props::branch_key(Branch::Else))),
                        depth + 1,
                    ),
                );
                alt
            }
            "Switch" => {
                let mut alt = Witness::default();
                if let Some(cases) = c.value.field("cases").and_then(Value::as_object) {
                    for case in cases.keys() {
                        max_merge(
                            &mut alt,
                            witness(ctx, tree, (Some(i), Some(case.as_str())), depth + 1),
                        );
                    }
                }
                alt
            }
            _ => witness(ctx, tree, (Some(i), None), depth + 1),
        };
        for (kind, list) in inner {
            out.entry(kind).or_default().extend(list);
        }
    }
    out
}

/// One pass per screen for the `counts/…` rules but the per-flow carousel count, the
/// `placement/…` rules and `navigation-list/terminal-screen`.
fn per_type_counts(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        total(ctx, sink, screen);
        placement(ctx, sink, screen);
        // The largest alternative holds at most all of the screen's components of a kind: a
        // screen within every limit in all has nothing to report.
        let mut all = [0; LIMITS.len()];
        for c in ctx.components_of(screen) {
            let kind = counted_kind(c);
            if let Some(k) = LIMITS.iter().position(|(name, _, _)| *name == kind) {
                all[k] += 1;
            }
        }
        if all
            .iter()
            .zip(LIMITS)
            .all(|(&n, &(_, limit, _))| n <= limit)
        {
            continue;
        }
        let tree = tree(ctx, screen);
        let counts = witness(ctx, &tree, (None, None), 0);
        for &(kind, limit, rule) in LIMITS {
            let Some(list) = counts.get(kind).filter(|l| l.len() > limit) else {
                continue;
            };
            let what = if kind == "media" {
                "PhotoPicker or DocumentPicker"
            } else {
                kind
            };
            // Meta names Footers counted across If or Switch branches MORE_THAN_ONE_FOOTER.
            let across_branches =
                kind == "Footer" && list.iter().any(|&i| !ctx.components[i].branches.is_empty());
            for &i in &list[limit..] {
                let c = &ctx.components[i];
                let report = sink.report(
                    rule,
                    pointer::push(&c.pointer, "type"),
                    format!(
                        "screen '{}' can show {} {what} components; at most {limit} allowed",
                        screen.label(),
                        list.len()
                    ),
                );
                let report = match across_branches {
                    true => report.code("MORE_THAN_ONE_FOOTER"),
                    false => report,
                };
                report.help("remove it, or move it to another screen");
            }
        }
    }
}

/// The pass of the per-screen counts and placements.
pub(super) static PER_TYPE_COUNTS_PASS: Pass = Pass(per_type_counts);

fn total(ctx: &Ctx<'_>, sink: &mut Sink, screen: &Screen<'_>) {
    let counted = || {
        ctx.components_of(screen)
            .iter()
            .filter(|c| c.kind != "Form")
    };
    for (limit, rule, source) in MAX_COMPONENTS {
        let Some(c) = counted().nth(limit) else {
            continue;
        };
        // A component without `type` still counts; the finding is then on the component.
        let at = match c.value.has("type") {
            true => pointer::push(&c.pointer, "type"),
            false => c.pointer.clone(),
        };
        sink.report(
            rule,
            at,
            format!(
                "screen '{}' has {} components; {source} at most {limit} per screen",
                screen.label(),
                counted().count()
            ),
        )
        .help("split the screen in two");
    }
}

/// "TextBody, Footer and 3 more" for messages.
fn kinds(components: &[&Component<'_>]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in components {
        if !names.contains(&c.kind) {
            names.push(c.kind);
        }
    }
    if names.len() > 4 {
        format!(
            "{} and {} more kinds",
            names[..3].join(", "),
            names.len() - 3
        )
    } else {
        names.join(", ")
    }
}

/// RichText and NavigationList placement (one finding per screen, at the RichText or the first
/// NavigationList), and NavigationLists on terminal screens.
fn placement(ctx: &Ctx<'_>, sink: &mut Sink, screen: &Screen<'_>) {
    let components = ctx.components_of(screen);
    if let Some(rich) = components.iter().find(|c| c.kind == "RichText") {
        let footer_ok = ctx.version >= FlowVersion::V6_3;
        let others: Vec<_> = components
            .iter()
            .filter(|c| c.index != rich.index && !(footer_ok && c.kind == "Footer"))
            .collect();
        if !others.is_empty() {
            let (rule, alone) = match (ctx.version >= FlowVersion::V6_0, footer_ok) {
                (false, _) => (
                    &super::placement::rich_text_alone::RULE,
                    "the only component of its screen",
                ),
                (true, false) => (
                    &super::placement::rich_text::RULE,
                    "the only component of its screen",
                ),
                (true, true) => (
                    &super::placement::rich_text::RULE,
                    "alone on its screen, or paired only with a Footer",
                ),
            };
            sink.report(rule,
                pointer::push(&rich.pointer, "type"),
                format!(
                    "a RichText must be {alone}, but screen '{}' also holds {} other component{} ({})",
                    screen.label(),
                    others.len(),
                    if others.len() == 1 { "" } else { "s" },
                    kinds(&others)
                ),
            )
            .help("move the RichText, or the other components, to a screen of their own");
        }
    }
    let Some(list) = components.iter().find(|c| c.kind == "NavigationList") else {
        return;
    };
    let others: Vec<_> = components
        .iter()
        .filter(|c| !matches!(c.kind, "NavigationList" | "Form"))
        .collect();
    if !others.is_empty() {
        sink.report(&super::placement::navigation_list::RULE,
            pointer::push(&list.pointer, "type"),
            format!(
                "a screen with a NavigationList may hold only NavigationLists, but screen '{}' also holds {} other component{} ({})",
                screen.label(),
                others.len(),
                if others.len() == 1 { "" } else { "s" },
                kinds(&others)
            ),
        )
        .help("move the other components to another screen; the list's label and description can carry text");
    }
    if screen.terminal {
        sink.report(
            &super::navigation_list::terminal_screen::RULE,
            pointer::push(&screen.pointer, "terminal"),
            format!(
                "screen '{}' holds a NavigationList and cannot be terminal",
                screen.label()
            ),
        )
        .anchor(Anchor::Key)
        .help("end the flow on another screen");
    }
}
