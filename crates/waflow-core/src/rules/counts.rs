//! How many components of a kind a screen may hold (If branches and Switch cases count as
//! alternatives), the total per screen, ImageCarousels per flow, and the components that must
//! be alone on their screen (RichText, NavigationList).

use rustc_hash::FxHashMap;

use serde_json::Value;

use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::version::FlowVersion;

use super::engine::{Rule, RuleInfo, Sink};
use super::props::{self, one_screen};
use super::walker::{Branch, Component, Ctx, Screen};

const FOOTER: usize = 0;
const EMBEDDED_LINK: usize = 1;
const IMAGE: usize = 2;
const OPT_IN: usize = 3;
const MEDIA: usize = 4;
const NAVIGATION_LIST: usize = 5;
const IMAGE_CAROUSEL: usize = 6;
const TOTAL: usize = 9;
const RICH_TEXT_ALONE: usize = 10;
const RICH_TEXT: usize = 11;
const NAVIGATION_LIST_PLACEMENT: usize = 12;
const NAVIGATION_LIST_TERMINAL: usize = 13;

/// Ten copies of a JSON text, for examples with many components.
macro_rules! ten {
    ($s:literal) => {
        concat!($s, $s, $s, $s, $s, $s, $s, $s, $s, $s)
    };
}

/// Per-screen limits: counted kind (PhotoPicker and DocumentPicker count as `media`), limit,
/// rule.
const LIMITS: &[(&str, usize, usize)] = &[
    ("Footer", 1, FOOTER),
    ("EmbeddedLink", 2, EMBEDDED_LINK),
    ("Image", 3, IMAGE),
    ("OptIn", 5, OPT_IN),
    ("media", 1, MEDIA),
    ("NavigationList", 2, NAVIGATION_LIST),
    ("ImageCarousel", 2, IMAGE_CAROUSEL),
];

/// Meta's documented limit of components per screen.
const MAX_COMPONENTS: usize = 50;

/// Meta's limit of ImageCarousels per flow.
const MAX_CAROUSELS_PER_FLOW: usize = 3;

const COUNT: RuleInfo = RuleInfo {
    code: "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
    notes: "Counted through Forms; the branches of an If, and the cases of a Switch, are alternatives: the larger count counts. Reported at the components past the limit.",
    ..RuleInfo::DEFAULT
};

/// The count and placement rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "counts/footer",
            code: "MAX_FOOTER_PER_SCREEN",
            summary: "A screen has at most one Footer; a Footer in an If branch and one outside it make two.",
            why: "The Footer is the screen's single call to action; Meta rejects a second one (\"Maximum number of Footer component allowed per screen is 1.\").",
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"data":{"vip":{"type":"boolean","__example__":true}},"layout":{"type":"SingleColumnLayout","children":[{"type":"If","condition":"${data.vip}","then":[{"type":"Footer","label":"VIP","on-click-action":{"name":"complete","payload":{}}}],"else":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"data":{"vip":{"type":"boolean","__example__":true}},"layout":{"type":"SingleColumnLayout","children":[{"type":"If","condition":"${data.vip}","then":[{"type":"Footer","label":"VIP","on-click-action":{"name":"complete","payload":{}}}],"else":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}]}}]}"#,
            notes: "Meta's docs name the code MAX_FOOTER_PER_SCREEN (and MORE_THAN_ONE_FOOTER for a Footer inside an If plus one outside); its builder emits COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN. If branches and Switch cases are alternatives: a Footer in each branch counts once.",
            ..COUNT
        },
        check: Some(per_type_counts),
    },
    Rule {
        info: RuleInfo {
            id: "counts/embedded-link",
            code: "MAX_EMBEDDED_LINK_PER_SCREEN",
            summary: "A screen has at most two EmbeddedLinks.",
            why: "Meta rejects a third link (\"Maximum number of EmbeddedLink allowed per screen is 2 but found 3.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"EmbeddedLink","text":"One","on-click-action":{"name":"open_url","url":"https://example.com/1"}},{"type":"EmbeddedLink","text":"Two","on-click-action":{"name":"open_url","url":"https://example.com/2"}},{"type":"EmbeddedLink","text":"Three","on-click-action":{"name":"open_url","url":"https://example.com/3"}},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"EmbeddedLink","text":"One","on-click-action":{"name":"open_url","url":"https://example.com/1"}},{"type":"EmbeddedLink","text":"Two","on-click-action":{"name":"open_url","url":"https://example.com/2"}},"#
            ),
            notes: "Meta's builder emits COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN for the same check.",
            ..COUNT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "counts/image",
            code: "MAX_IMAGE_PER_SCREEN",
            summary: "A screen has at most three Images.",
            why: "Meta rejects a fourth image (\"Maximum number of Image allowed per screen is 3 but found 4.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"Image","src":"iVBORw0KGgo="},{"type":"Image","src":"iVBORw0KGgo="},{"type":"Image","src":"iVBORw0KGgo="},{"type":"Image","src":"iVBORw0KGgo="},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"Image","src":"iVBORw0KGgo="},{"type":"Image","src":"iVBORw0KGgo="},{"type":"Image","src":"iVBORw0KGgo="},"#
            ),
            notes: "Meta's builder emits COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN for the same check.",
            ..COUNT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "counts/opt-in",
            code: "MAX_OPT_IN_PER_SCREEN",
            summary: "A screen has at most five OptIns.",
            why: "Meta rejects a sixth OptIn (\"Maximum number of OptIn allowed per screen is 5 but found 6.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"OptIn","name":"a","label":"A"},{"type":"OptIn","name":"b","label":"B"},{"type":"OptIn","name":"c","label":"C"},{"type":"OptIn","name":"d","label":"D"},{"type":"OptIn","name":"e","label":"E"},{"type":"OptIn","name":"f","label":"F"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"OptIn","name":"a","label":"A"},{"type":"OptIn","name":"b","label":"B"},{"type":"OptIn","name":"c","label":"C"},{"type":"OptIn","name":"d","label":"D"},{"type":"OptIn","name":"e","label":"E"},"#
            ),
            notes: "Meta's builder emits COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN for the same check.",
            ..COUNT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "counts/media-picker",
            since: FlowVersion::V4_0,
            summary: "A screen has at most one media picker: one PhotoPicker or one DocumentPicker, not one of each.",
            why: "Meta rejects a second picker on a screen (\"You can only have a maximum of 1 component of type PhotoPicker or DocumentPicker per screen.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"PhotoPicker","name":"photo","label":"Photo"},{"type":"DocumentPicker","name":"doc","label":"Document"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"PhotoPicker","name":"photo","label":"Photo"},"#
            ),
            ..COUNT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "counts/navigation-list",
            since: FlowVersion::V6_2,
            summary: "A screen has at most two NavigationLists.",
            why: "Meta rejects a third list (\"Maximum number of NavigationList allowed per screen is 2 but found 3.\").",
            fail_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"a","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}},{"type":"NavigationList","name":"b","list-items":[{"id":"2","main-content":{"title":"Two"}}],"on-click-action":{"name":"data_exchange","payload":{}}},{"type":"NavigationList","name":"c","list-items":[{"id":"3","main-content":{"title":"Three"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"a","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}},{"type":"NavigationList","name":"b","list-items":[{"id":"2","main-content":{"title":"Two"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            ..COUNT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "counts/image-carousel",
            since: FlowVersion::V7_1,
            summary: "A screen has at most two ImageCarousels.",
            why: "Meta rejects a third carousel on a screen (\"Maximum number of ImageCarousel allowed per screen is 2 but found 3.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"a"}]},{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"b"}]},{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"c"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"a"},{"src":"iVBORw0KGgo=","alt-text":"b"}]},"#
            ),
            ..COUNT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "counts/image-carousel-images",
            code: "MAX_ITEMS_REQUIRED",
            since: FlowVersion::V7_1,
            summary: "An ImageCarousel holds one to three images.",
            why: "Meta rejects more (\"Property 'images' should have at most '3' items.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"a"},{"src":"iVBORw0KGgo=","alt-text":"b"},{"src":"iVBORw0KGgo=","alt-text":"c"},{"src":"iVBORw0KGgo=","alt-text":"d"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"a"},{"src":"iVBORw0KGgo=","alt-text":"b"},{"src":"iVBORw0KGgo=","alt-text":"c"}]},"#
            ),
            notes: "The schema layer reports it (schema/max-items; an empty list is schema/min-items).",
            reported_by: Some("schema/max-items"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "counts/image-carousel-per-flow",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V7_1,
            summary: "A flow has at most three ImageCarousels in all.",
            why: "Meta rejects a fourth carousel in a flow (\"Maximum number of ImageCarousel allowed per Flow is 3 but found 4.\").",
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"a"}]},{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"b"}]},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"c"}]},{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"d"}]},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"a"}]},{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"b"}]},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"c"}]},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            notes: "Every carousel counts, also in If branches. Reported at the carousels past the third.",
            ..RuleInfo::DEFAULT
        },
        check: Some(carousels_per_flow),
    },
    Rule {
        info: RuleInfo {
            id: "counts/total",
            code: "MAX_ALLOWED_COMPONENTS_PER_SCREEN",
            severity: Severity::Warning,
            summary: "A screen should hold at most 50 components (Meta's documented limit).",
            why: "Meta documents 50 components per screen (\"Maximum number of components allowed per screen is 50\"); its builder counts every nested component except Form wrappers.",
            fail_example: one_screen!(
                "7.3",
                ten!(
                    r#"{"type":"TextBody","text":"Line"},{"type":"TextBody","text":"Line"},{"type":"TextBody","text":"Line"},{"type":"TextBody","text":"Line"},{"type":"TextBody","text":"Line"},"#
                )
            ),
            pass_example: one_screen!(
                "7.3",
                ten!(
                    r#"{"type":"TextBody","text":"Line"},{"type":"TextBody","text":"Line"},{"type":"TextBody","text":"Line"},{"type":"TextBody","text":"Line"},"#
                )
            ),
            notes: "A warning: Meta's docs say 50 while its builder applies a default of 100, and which one the server uses is not confirmed. Counted over all branches (the Footer included); reported once per screen, at the 51st component.",
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "placement/rich-text-alone",
            code: "INVALID_RICHTEXT_PLACEMENT",
            since: FlowVersion::V5_1,
            until: Some(FlowVersion::V6_0),
            summary: "In Flow JSON 5.1 a RichText must be the only component of its screen.",
            why: "Meta rejects other components next to a RichText (\"RichText cannot be used with other components on the same screen.\").",
            fail_example: one_screen!("5.1", r##"{"type":"RichText","text":"# Terms"},"##),
            pass_example: r##"{"version":"5.1","screens":[{"id":"A","title":"Start","layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Read our terms","on-click-action":{"name":"navigate","next":{"type":"screen","name":"TERMS"},"payload":{}}},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"DONE"},"payload":{}}}]}},{"id":"TERMS","title":"Terms","layout":{"type":"SingleColumnLayout","children":[{"type":"RichText","text":"# Terms"}]}},{"id":"DONE","title":"Done","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"##,
            notes: "Reported once per screen, at the RichText. From 6.0 the same check is placement/rich-text (INVALID_COMPONENT_PLACEMENT). A RichText-only terminal screen has no Footer, which screens/terminal-without-footer may report from 7.3.",
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "placement/rich-text",
            code: "INVALID_COMPONENT_PLACEMENT",
            since: FlowVersion::V6_0,
            summary: "A RichText must be the only component of its screen; from 6.3 a Footer may accompany it.",
            why: "Meta rejects other components next to a RichText (6.3+: \"RichText can either be the only component on the screen or it can be paired exclusively with the Footer component.\").",
            fail_example: one_screen!(
                "7.3",
                r##"{"type":"TextHeading","text":"Terms"},{"type":"RichText","text":"# Terms"},"##
            ),
            pass_example: one_screen!("7.3", r##"{"type":"RichText","text":"# Terms"},"##),
            notes: "In 6.0–6.2 only one component is allowed (no Footer either). In 5.1 Meta uses the code INVALID_RICHTEXT_PLACEMENT (placement/rich-text-alone). Reported once per screen, at the RichText.",
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "placement/navigation-list",
            code: "INVALID_COMPONENT_PLACEMENT",
            since: FlowVersion::V6_2,
            summary: "A screen with a NavigationList holds only NavigationLists (a wrapping Form aside): no Footer, no text.",
            why: "The list is the screen's navigation; Meta rejects other components next to it (\"Only up to 2 NavigationList components can be used per screen. Please remove other components.\").",
            fail_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextHeading","text":"Pick one"},{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"menu","label":"Pick one","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            notes: "Reported once per screen, at the first NavigationList. More than two NavigationLists is counts/navigation-list.",
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "navigation-list/terminal-screen",
            code: "INVALID_PROPERTY_KEY",
            since: FlowVersion::V6_2,
            summary: "A screen with a NavigationList may not be terminal.",
            why: "A NavigationList leads on to other screens; Meta rejects it on a terminal screen (\"Property 'terminal' is not allowed.\").",
            fail_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":[]},"screens":[{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
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
                if let Some(cases) = c.value.get("cases").and_then(Value::as_object) {
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

/// One pass per screen for every rule of this file but the per-flow carousel count.
fn per_type_counts(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        total(ctx, sink, screen);
        placement(ctx, sink, screen);
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
            for &i in &list[limit..] {
                let c = &ctx.components[i];
                props::report_as(
                    ctx,
                    sink,
                    &RULES[rule].info,
                    &pointer::push(&c.pointer, "type"),
                    format!(
                        "screen '{}' can show {} {what} components; at most {limit} allowed",
                        screen.label(),
                        list.len()
                    ),
                )
                .map(|r| r.help("remove it, or move it to another screen"));
            }
        }
    }
}

fn carousels_per_flow(ctx: &Ctx<'_>, sink: &mut Sink) {
    let carousels: Vec<_> = ctx
        .components
        .iter()
        .filter(|c| c.kind == "ImageCarousel")
        .collect();
    for c in carousels.iter().skip(MAX_CAROUSELS_PER_FLOW) {
        sink.report(
            pointer::push(&c.pointer, "type"),
            format!(
                "the flow has {} ImageCarousels; at most {MAX_CAROUSELS_PER_FLOW} are allowed per flow",
                carousels.len()
            ),
        );
    }
}

fn total(ctx: &Ctx<'_>, sink: &mut Sink, screen: &Screen<'_>) {
    let counted: Vec<_> = ctx
        .components_of(screen)
        .iter()
        .filter(|c| c.kind != "Form")
        .collect();
    if let Some(c) = counted.get(MAX_COMPONENTS) {
        // A component without `type` still counts; the finding is then on the component.
        let at = match c.value.contains_key("type") {
            true => pointer::push(&c.pointer, "type"),
            false => c.pointer.clone(),
        };
        props::report_as(
            ctx,
            sink,
            &RULES[TOTAL].info,
            &at,
            format!(
                "screen '{}' has {} components; Meta documents at most {MAX_COMPONENTS} per screen",
                screen.label(),
                counted.len()
            ),
        )
        .map(|r| r.help("split the screen in two"));
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
                (false, _) => (RICH_TEXT_ALONE, "the only component of its screen"),
                (true, false) => (RICH_TEXT, "the only component of its screen"),
                (true, true) => (
                    RICH_TEXT,
                    "alone on its screen, or paired only with a Footer",
                ),
            };
            props::report_as(
                ctx,
                sink,
                &RULES[rule].info,
                &pointer::push(&rich.pointer, "type"),
                format!(
                    "a RichText must be {alone}, but screen '{}' also holds {} other component{} ({})",
                    screen.label(),
                    others.len(),
                    if others.len() == 1 { "" } else { "s" },
                    kinds(&others)
                ),
            )
            .map(|r| r.help("move the RichText, or the other components, to a screen of their own"));
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
        props::report_as(
            ctx,
            sink,
            &RULES[NAVIGATION_LIST_PLACEMENT].info,
            &pointer::push(&list.pointer, "type"),
            format!(
                "a screen with a NavigationList may hold only NavigationLists, but screen '{}' also holds {} other component{} ({})",
                screen.label(),
                others.len(),
                if others.len() == 1 { "" } else { "s" },
                kinds(&others)
            ),
        )
        .map(|r| {
            r.help("move the other components to another screen; the list's label and description can carry text")
        });
    }
    if screen.terminal {
        props::report_as(
            ctx,
            sink,
            &RULES[NAVIGATION_LIST_TERMINAL].info,
            &pointer::push(&screen.pointer, "terminal"),
            format!(
                "screen '{}' holds a NavigationList and cannot be terminal",
                screen.label()
            ),
        )
        .map(|r| r.anchor(Anchor::Key).help("end the flow on another screen"));
    }
}
