//! Rules on single components: min/max pairs, data-source items, images, option counts, text
//! lengths, hidden required inputs, and NavigationList's items and actions.

use serde_json::Value;

use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::version::FlowVersion;

use super::engine::{Rule, RuleInfo, Sink};
use super::props::{self, one_screen};
use super::walker::{Component, Ctx};

/// Pairs of properties where the first may not exceed the second, per component.
const MIN_MAX: &[(&str, &str, &str)] = &[
    ("TextInput", "min-chars", "max-chars"),
    ("CheckboxGroup", "min-selected-items", "max-selected-items"),
    ("ChipsSelector", "min-selected-items", "max-selected-items"),
    ("PhotoPicker", "min-uploaded-photos", "max-uploaded-photos"),
    (
        "DocumentPicker",
        "min-uploaded-documents",
        "max-uploaded-documents",
    ),
];

/// Documented minimum option counts (beyond the schema's one): component, minimum.
const MIN_OPTIONS: &[(&str, usize)] = &[("ChipsSelector", 2)];

/// Documented option counts: component, list property, maximum.
const MAX_OPTIONS: &[(&str, &str, usize)] = &[
    ("CheckboxGroup", "data-source", 20),
    ("RadioButtonsGroup", "data-source", 20),
    ("ChipsSelector", "data-source", 20),
    ("Dropdown", "data-source", 200),
    ("NavigationList", "list-items", 20),
];

/// Documented character limits: component (`*` for any), property path, limit. A path step
/// `[]` goes through every item of an array.
const TEXT_LIMITS: &[(&str, &[&str], usize)] = &[
    ("TextHeading", &["text"], 80),
    ("TextSubheading", &["text"], 80),
    ("TextBody", &["text"], 4096),
    ("TextCaption", &["text"], 409),
    ("Footer", &["label"], 35),
    ("Footer", &["left-caption"], 15),
    ("Footer", &["center-caption"], 15),
    ("Footer", &["right-caption"], 15),
    ("TextInput", &["label"], 20),
    ("TextInput", &["helper-text"], 80),
    ("TextInput", &["error-message"], 30),
    ("TextArea", &["label"], 20),
    ("TextArea", &["helper-text"], 80),
    ("CheckboxGroup", &["label"], 30),
    ("RadioButtonsGroup", &["label"], 30),
    ("Dropdown", &["label"], 20),
    ("*", &["data-source", "[]", "title"], 30),
    ("*", &["data-source", "[]", "description"], 300),
    ("*", &["data-source", "[]", "metadata"], 20),
    ("OptIn", &["label"], 120),
    ("EmbeddedLink", &["text"], 25),
    ("DatePicker", &["label"], 40),
    ("DatePicker", &["helper-text"], 80),
    ("DatePicker", &["error-message"], 80),
    ("CalendarPicker", &["title"], 80),
    ("CalendarPicker", &["description"], 300),
    ("CalendarPicker", &["label"], 40),
    ("CalendarPicker", &["label", "start-date"], 40),
    ("CalendarPicker", &["label", "end-date"], 40),
    ("CalendarPicker", &["helper-text"], 80),
    ("CalendarPicker", &["helper-text", "start-date"], 80),
    ("CalendarPicker", &["helper-text", "end-date"], 80),
    ("CalendarPicker", &["error-message"], 80),
    ("CalendarPicker", &["error-message", "start-date"], 80),
    ("CalendarPicker", &["error-message", "end-date"], 80),
    ("PhotoPicker", &["label"], 80),
    ("PhotoPicker", &["description"], 300),
    ("DocumentPicker", &["label"], 80),
    ("DocumentPicker", &["description"], 300),
    ("ChipsSelector", &["label"], 80),
    ("NavigationList", &["label"], 80),
    ("NavigationList", &["description"], 300),
    (
        "NavigationList",
        &["list-items", "[]", "main-content", "title"],
        30,
    ),
    (
        "NavigationList",
        &["list-items", "[]", "main-content", "description"],
        20,
    ),
    (
        "NavigationList",
        &["list-items", "[]", "main-content", "metadata"],
        80,
    ),
    ("NavigationList", &["list-items", "[]", "end", "title"], 10),
    (
        "NavigationList",
        &["list-items", "[]", "end", "description"],
        10,
    ),
    (
        "NavigationList",
        &["list-items", "[]", "end", "metadata"],
        10,
    ),
    ("NavigationList", &["list-items", "[]", "badge"], 15),
    ("NavigationList", &["list-items", "[]", "tags", "[]"], 15),
];

const ACTION_IN_BOTH_PLACES: usize = 8;
const MISSING_ACTION: usize = 9;
const ONE_BADGE: usize = 10;
const END_WITH_LARGE_MEDIA: usize = 11;
const END_CONTENT: usize = 12;

const IMAGE_BASE64: usize = 4;
const IMAGE_SIZE: usize = 13;

const NAV: RuleInfo = RuleInfo {
    since: FlowVersion::V6_2,
    ..RuleInfo::DEFAULT
};

/// A NavigationList screen of an endpoint flow: `$list` is the list component (JSON text).
macro_rules! nav_flow {
    ($list:literal) => {
        concat!(
            r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":["#,
            $list,
            r#"]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#
        )
    };
}

/// The component rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "components/min-greater-than-max",
            code: "MIN_VALUE_GREATER_THAN_MAX",
            summary: "A minimum may not exceed its maximum: `min-chars`/`max-chars`, `min-selected-items`/`max-selected-items`, `min-uploaded-*`/`max-uploaded-*`.",
            why: "No input could satisfy both; Meta rejects it (\"'min-selected-items' cannot be greater than 'max-selected-items' for CheckboxGroup 'cbg'.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"CheckboxGroup","name":"cbg","label":"Pick","min-selected-items":3,"max-selected-items":2,"data-source":[{"id":"a","title":"A"},{"id":"b","title":"B"},{"id":"c","title":"C"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"CheckboxGroup","name":"cbg","label":"Pick","min-selected-items":2,"max-selected-items":3,"data-source":[{"id":"a","title":"A"},{"id":"b","title":"B"},{"id":"c","title":"C"}]},"#
            ),
            notes: "Only literal numbers are compared. CalendarPicker `min-days`/`max-days` is calendar/min-max-days (its own code).",
            ..RuleInfo::DEFAULT
        },
        check: Some(min_max),
    },
    Rule {
        info: RuleInfo {
            id: "components/pattern-needs-helper-text",
            code: "MISSING_REQUIRED_PROPERTY",
            since: FlowVersion::V6_2,
            summary: "A TextInput with a `pattern` needs a `helper-text` that tells the user the expected format.",
            why: "The user only sees the helper text, not the regular expression; Meta rejects a pattern without it (\"Required property 'helper-text' is missing.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"zip","label":"ZIP","pattern":"[0-9]{5}"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"zip","label":"ZIP","pattern":"[0-9]{5}","helper-text":"Five digits"},"#
            ),
            notes: "The schema layer reports it (a dependency between the two properties, Meta's schema code INVALID_DEPENDENCIES).",
            reported_by: Some("schema/dependencies"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "components/pattern-input-type",
            code: "INVALID_DEPENDENCIES",
            since: FlowVersion::V6_2,
            summary: "A TextInput `pattern` works only with `input-type` text (the default), number, password or passcode.",
            why: "Meta's schema allows `pattern` only for those input types; email and phone inputs have their own validation.",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"mail","label":"E-mail","input-type":"email","pattern":".+@example[.]com","helper-text":"Your work address"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"mail","label":"E-mail","input-type":"text","pattern":".+@example[.]com","helper-text":"Your work address"},"#
            ),
            notes: "Meta reports this as a schema dependency failure; its exact code is not documented (INVALID_DEPENDENCIES is the code of its schema dependency errors). Not checked when `input-type` is not a literal.",
            ..RuleInfo::DEFAULT
        },
        check: Some(pattern_input_type),
    },
    Rule {
        info: RuleInfo {
            id: "components/data-source-image-and-color",
            code: "DATA_SOURCE_ITEMS_HAVE_BOTH_IMAGE_AND_COLOR",
            since: FlowVersion::V5_0,
            summary: "The items of one data-source use images or colours, not both.",
            why: "Meta rejects a mix (\"Data source can only have either only image attributes or only color attributes for all items for RadioButtonsGroup 'x'.\").",
            fail_example: one_screen!(
                "7.3",
                r##"{"type":"RadioButtonsGroup","name":"tone","label":"Tone","data-source":[{"id":"a","title":"Red","color":"#FF0000"},{"id":"b","title":"Logo","image":"iVBORw0KGgo="}]},"##
            ),
            pass_example: one_screen!(
                "7.3",
                r##"{"type":"RadioButtonsGroup","name":"tone","label":"Tone","data-source":[{"id":"a","title":"Red","color":"#FF0000"},{"id":"b","title":"Blue","color":"#0000FF"}]},"##
            ),
            notes: "Reported at the first item that uses the other kind.",
            ..RuleInfo::DEFAULT
        },
        check: Some(image_and_color),
    },
    Rule {
        info: RuleInfo {
            id: "components/image-base64",
            code: "INVALID_PROPERTY_VALUE",
            summary: "Images (Image `src`, ImageCarousel images, data-source `image`, NavigationList `start.image`) are base64 data, not URLs or empty strings.",
            why: "Flow images travel inside the Flow JSON; Meta rejects what is not base64 (\"Image source is not in a valid base64 format.\") and a URL is never fetched.",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"Image","src":"https://example.com/logo.png"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"Image","src":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="},"#
            ),
            notes: "Checks the alphabet and padding only, not that the data decodes to an image. Dynamic values are not checked.",
            ..RuleInfo::DEFAULT
        },
        check: Some(image_base64),
    },
    Rule {
        info: RuleInfo {
            id: "components/option-count",
            code: "WAFLOW_TOO_MANY_OPTIONS",
            severity: Severity::Warning,
            summary: "Documented option limits: CheckboxGroup, RadioButtonsGroup and ChipsSelector 20, Dropdown 200 (100 when an option has an image), NavigationList 20 items; ChipsSelector at least 2.",
            why: "Meta documents these limits; its validator was not seen enforcing them, but the phone may not show the extra options.",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"RadioButtonsGroup","name":"n","label":"Number","data-source":[{"id":"1","title":"1"},{"id":"2","title":"2"},{"id":"3","title":"3"},{"id":"4","title":"4"},{"id":"5","title":"5"},{"id":"6","title":"6"},{"id":"7","title":"7"},{"id":"8","title":"8"},{"id":"9","title":"9"},{"id":"10","title":"10"},{"id":"11","title":"11"},{"id":"12","title":"12"},{"id":"13","title":"13"},{"id":"14","title":"14"},{"id":"15","title":"15"},{"id":"16","title":"16"},{"id":"17","title":"17"},{"id":"18","title":"18"},{"id":"19","title":"19"},{"id":"20","title":"20"},{"id":"21","title":"21"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"Dropdown","name":"n","label":"Number","data-source":[{"id":"1","title":"1"},{"id":"2","title":"2"},{"id":"3","title":"3"},{"id":"4","title":"4"},{"id":"5","title":"5"},{"id":"6","title":"6"},{"id":"7","title":"7"},{"id":"8","title":"8"},{"id":"9","title":"9"},{"id":"10","title":"10"},{"id":"11","title":"11"},{"id":"12","title":"12"},{"id":"13","title":"13"},{"id":"14","title":"14"},{"id":"15","title":"15"},{"id":"16","title":"16"},{"id":"17","title":"17"},{"id":"18","title":"18"},{"id":"19","title":"19"},{"id":"20","title":"20"},{"id":"21","title":"21"}]},"#
            ),
            notes: "Beyond Meta's validator: a warning, reported at the first option past the limit (at `data-source` for too few chips). `max-selected-items` above 20 (a library limit, not Meta's) is not checked.",
            ..RuleInfo::DEFAULT
        },
        check: Some(option_count),
    },
    Rule {
        info: RuleInfo {
            id: "text/length",
            code: "WAFLOW_TEXT_TOO_LONG",
            severity: Severity::Warning,
            summary: "Texts should stay within Meta's documented character limits (TextHeading 80, TextBody 4096, Footer label 35, TextInput label 20, option titles 30, …).",
            why: "Meta documents these limits; its validator does not enforce them, and the phone may cut the text or not show it.",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"email","label":"Your e-mail address, please"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"email","label":"E-mail address"},"#
            ),
            notes: "Beyond Meta's validator: a warning. Characters are counted as Unicode scalar values; dynamic values are not checked. Limits from Meta's component reference (some differ between snapshots of the docs).",
            ..RuleInfo::DEFAULT
        },
        check: Some(text_length),
    },
    Rule {
        info: RuleInfo {
            id: "inputs/required-hidden",
            code: "WAFLOW_REQUIRED_HIDDEN",
            severity: Severity::Warning,
            summary: "An input should not be both `\"required\": true` and `\"visible\": false`.",
            why: "The user cannot fill a hidden field, so a required one can block the screen; reports say Meta's validation fails such flows, though its builder has no such check.",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"code","label":"Code","required":true,"visible":false},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"code","label":"Code","required":false,"visible":false},"#
            ),
            notes: "Beyond Meta's builder (a warning). Only literal values are compared; bind `visible` and `required` to the same condition instead.",
            ..RuleInfo::DEFAULT
        },
        check: Some(required_hidden),
    },
    Rule {
        info: RuleInfo {
            id: "navigation-list/action-in-both-places",
            code: "DUPLICATE_PROPETY_FOR_CONDITION",
            summary: "A NavigationList's `on-click-action` is set on the component or on its items, not both.",
            why: "Meta rejects both (\"For the 'NavigationList' component, 'on-click-action' can only be defined at either root level or within the 'list-items', but not both.\").",
            fail_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"on-click-action":{"name":"data_exchange","payload":{}}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            pass_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            notes: "Meta's code is spelled DUPLICATE_PROPETY_FOR_CONDITION. Reported at each item action.",
            ..NAV
        },
        check: Some(navigation_list),
    },
    Rule {
        info: RuleInfo {
            id: "navigation-list/missing-action",
            code: "MISSING_REQUIRED_PROPERTY",
            summary: "A NavigationList needs an `on-click-action`, on the component or on every item.",
            why: "An item without an action leads nowhere; Meta rejects it (\"Required property 'on-click-action' is missing.\").",
            fail_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"on-click-action":{"name":"data_exchange","payload":{}}},{"id":"2","main-content":{"title":"Two"}}]}"#
            ),
            pass_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"on-click-action":{"name":"data_exchange","payload":{}}},{"id":"2","main-content":{"title":"Two"},"on-click-action":{"name":"data_exchange","payload":{}}}]}"#
            ),
            notes: "Reported at each item without an action. Not checked when `list-items` is dynamic.",
            ..NAV
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "navigation-list/one-badge",
            code: "MAX_ITEMS_REQUIRED",
            summary: "At most one item of a NavigationList has a `badge`.",
            why: "Meta rejects a second badge (\"Property 'list-items' should have at most '1' badge item.\").",
            fail_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"badge":"New"},{"id":"2","main-content":{"title":"Two"},"badge":"Hot"}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            pass_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"badge":"New"},{"id":"2","main-content":{"title":"Two"}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            ..NAV
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "navigation-list/end-with-large-media",
            code: "INVALID_PROPERTY_VALUE_FOR_CONDITION",
            summary: "A NavigationList with `\"media-size\": \"large\"` may not use `end` add-ons on its items.",
            why: "Large media leave no room for the end add-on; Meta rejects the pair (\"Cannot set property 'media-size' to 'large' when 'end' add-on is present for component 'NavigationList'.\").",
            fail_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","media-size":"large","list-items":[{"id":"1","main-content":{"title":"One"},"end":{"title":"$9"}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            pass_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","media-size":"regular","list-items":[{"id":"1","main-content":{"title":"One"},"end":{"title":"$9"}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            ..NAV
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "navigation-list/end-content",
            code: "DUPLICATE_PROPETY_FOR_CONDITION",
            summary: "An item's `end` add-on holds one or two of `title`, `description`, `metadata`.",
            why: "Meta rejects an empty or full end add-on (\"For the 'NavigationList' component, 'end' add-on should have at least 1 and at most 2 of 'title', 'metadata' or 'description.'\").",
            fail_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"end":{"title":"$9","description":"each","metadata":"today"}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            pass_example: nav_flow!(
                r#"{"type":"NavigationList","name":"menu","list-items":[{"id":"1","main-content":{"title":"One"},"end":{"title":"$9","description":"each"}}],"on-click-action":{"name":"data_exchange","payload":{}}}"#
            ),
            notes: "Meta's docs list the three fields as optional; its builder requires one or two.",
            ..NAV
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "components/image-size",
            code: "WAFLOW_IMAGE_TOO_LARGE",
            severity: Severity::Warning,
            summary: "Images should stay within Meta's recommended sizes: 300 KB for Image and ImageCarousel, 100 KB for NavigationList start images and (from 6.0) data-source images.",
            why: "Images travel inside the Flow JSON and every response; Meta recommends these sizes and large images slow the flow down or are not shown.",
            fail_example: "(an Image whose base64 src decodes to more than 300 KB)",
            pass_example: one_screen!("7.3", r#"{"type":"Image","src":"iVBORw0KGgo="},"#),
            notes: "Beyond Meta's validator: a warning. The size is computed from the base64 length. Data-source images may be 300 KB before 6.0. The failing example is described rather than written out (it would be 400 KB); tests/rules_components.rs generates one.",
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
];

fn min_max(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        for &(kind, lo_key, hi_key) in MIN_MAX {
            if c.kind != kind {
                continue;
            }
            let (Some(lo), Some(hi)) = (
                props::literal_number(c, lo_key),
                props::literal_number(c, hi_key),
            ) else {
                continue;
            };
            if lo > hi {
                sink.report(
                    pointer::push(&c.pointer, lo_key),
                    format!(
                        "'{lo_key}' ({lo}) is greater than '{hi_key}' ({hi}) for {kind} '{}'",
                        c.name.unwrap_or("")
                    ),
                );
            }
        }
    }
}

/// The object items of a component's list property, with their index in the list (see
/// [`item_pointer`]; pointers are only built for what is reported).
fn items<'a>(c: &Component<'a>, key: &str) -> Vec<(usize, &'a serde_json::Map<String, Value>)> {
    c.value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, item)| item.as_object().map(|o| (i, o)))
        .collect()
}

/// Pointer of item `i` of a component's list property `key`.
fn item_pointer(c: &Component<'_>, key: &str, i: usize) -> String {
    pointer::push_index(&pointer::push(&c.pointer, key), i)
}

fn pattern_input_type(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in ctx.components.iter().filter(|c| c.kind == "TextInput") {
        if !c.value.contains_key("pattern") {
            continue;
        }
        let Some(input_type) = c.value.get("input-type").and_then(Value::as_str) else {
            continue;
        };
        if matches!(input_type, "text" | "number" | "password" | "passcode") {
            continue;
        }
        sink.report(
            pointer::push(&c.pointer, "pattern"),
            format!(
                "'pattern' is not available for a TextInput whose input-type is '{input_type}'"
            ),
        )
        .anchor(Anchor::Key)
        .help("remove the pattern, or use input-type text, number, password or passcode");
    }
}

fn image_and_color(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        let list = items(c, "data-source");
        let first_image = list.iter().position(|(_, o)| o.contains_key("image"));
        let first_color = list.iter().position(|(_, o)| o.contains_key("color"));
        if let (Some(i), Some(j)) = (first_image, first_color) {
            let (at, key, other) = if i > j {
                (i, "image", "color")
            } else {
                (j, "color", "image")
            };
            sink.report(
                pointer::push(&item_pointer(c, "data-source", list[at].0), key),
                format!(
                    "this item of {} '{}' has an {key}, but an earlier one has a {other}: use images or colours for all items",
                    c.kind,
                    c.name.unwrap_or("")
                ),
            )
            .anchor(Anchor::Key);
        }
    }
}

/// How a byte counts in base64 text.
#[derive(Clone, Copy, PartialEq)]
enum B64 {
    Invalid,
    /// A letter or digit.
    Data,
    /// `+` or `/`: the standard alphabet's last two characters.
    Standard,
    /// `-` or `_`: the URL-safe alphabet's last two characters.
    UrlSafe,
    Space,
    Pad,
}

/// The class of every byte, built at compile time (the images of real flows run to megabytes).
const B64_CLASS: [B64; 256] = {
    let mut table = [B64::Invalid; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            B64::Data
        } else if c == b'+' || c == b'/' {
            B64::Standard
        } else if c == b'-' || c == b'_' {
            B64::UrlSafe
        } else if c.is_ascii_whitespace() {
            B64::Space
        } else if c == b'=' {
            B64::Pad
        } else {
            B64::Invalid
        };
        b += 1;
    }
    table
};

/// The number of data characters when `s` is base64 data (the standard or the URL-safe
/// alphabet, not both; at most two `=` of padding at the end; whitespace allowed between
/// lines; a length that some bytes encode to), `None` otherwise. One pass, no allocation; runs
/// of letters and digits (nearly all of an image) take a tight loop.
fn base64_data_len(s: &str) -> Option<usize> {
    let (mut data, mut padding) = (0usize, 0usize);
    let (mut standard, mut url_safe) = (false, false);
    let mut rest = s.as_bytes();
    loop {
        let run = rest
            .iter()
            .position(|&b| B64_CLASS[usize::from(b)] != B64::Data)
            .unwrap_or(rest.len());
        if run > 0 && padding > 0 {
            return None;
        }
        data += run;
        let Some((&b, tail)) = rest[run..].split_first() else {
            break;
        };
        let class = B64_CLASS[usize::from(b)];
        if matches!(class, B64::Standard | B64::UrlSafe) {
            if padding > 0 {
                return None;
            }
            data += 1;
        }
        match class {
            B64::Standard => standard = true,
            B64::UrlSafe => url_safe = true,
            B64::Space => {}
            B64::Pad => padding += 1,
            B64::Data | B64::Invalid => return None,
        }
        rest = tail;
    }
    let ok = data > 0
        && data % 4 != 1
        && !(standard && url_safe)
        && padding <= 2
        && (padding == 0 || (data + padding).is_multiple_of(4));
    ok.then_some(data)
}

/// The size in kilobytes of the data that `data_len` base64 characters hold.
fn decoded_kb(data_len: usize) -> usize {
    data_len * 3 / 4 / 1024
}

/// One pass over the images for components/image-base64 and components/image-size.
fn image_base64(ctx: &Ctx<'_>, sink: &mut Sink) {
    let item_kb = if ctx.version >= FlowVersion::V6_0 {
        100
    } else {
        300
    };
    let mut check = |at: &dyn Fn() -> String, value: Option<&Value>, limit_kb: usize| {
        let Some(s) = value.and_then(Value::as_str) else {
            return;
        };
        let at = at();
        if !props::is_literal_str(s) {
            return;
        }
        if let Some(data_len) = base64_data_len(s) {
            let kb = decoded_kb(data_len);
            if kb > limit_kb {
                props::report_as(
                    ctx,
                    sink,
                    &RULES[IMAGE_SIZE].info,
                    &at,
                    format!("the image is {kb} KB; Meta recommends at most {limit_kb} KB here"),
                )
                .map(|r| r.help("compress or scale the image down"));
            }
            return;
        }
        let (message, help) = if s.trim().is_empty() {
            (
                "the image is empty",
                "put the base64-encoded image data here",
            )
        } else if s.contains("://") {
            (
                "the image is a URL; Flow images are base64 data inside the Flow JSON",
                "download the image and put its base64 encoding here (JPEG or PNG, at most ~300 KB)",
            )
        } else if s.starts_with("data:") {
            (
                "the image is a data URI; Flow images are the bare base64 data",
                "remove the \"data:…;base64,\" prefix",
            )
        } else {
            (
                "the image is not valid base64 data",
                "put the base64-encoded image data here",
            )
        };
        props::report_as(
            ctx,
            sink,
            &RULES[IMAGE_BASE64].info,
            &at,
            message.to_owned(),
        )
        .map(|r| r.help(help));
    };
    for c in &ctx.components {
        match c.kind {
            "Image" => check(
                &|| pointer::push(&c.pointer, "src"),
                c.value.get("src"),
                300,
            ),
            "ImageCarousel" => {
                for (i, item) in items(c, "images") {
                    check(
                        &|| pointer::push(&item_pointer(c, "images", i), "src"),
                        item.get("src"),
                        300,
                    );
                }
            }
            "NavigationList" => {
                for (i, item) in items(c, "list-items") {
                    let start = item.get("start").and_then(Value::as_object);
                    check(
                        &|| {
                            let start = pointer::push(&item_pointer(c, "list-items", i), "start");
                            pointer::push(&start, "image")
                        },
                        start.and_then(|s| s.get("image")),
                        100,
                    );
                }
            }
            _ => {
                for (i, item) in items(c, "data-source") {
                    check(
                        &|| pointer::push(&item_pointer(c, "data-source", i), "image"),
                        item.get("image"),
                        item_kb,
                    );
                }
            }
        }
    }
}

fn option_count(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        for &(kind, min) in MIN_OPTIONS {
            if c.kind != kind {
                continue;
            }
            let list = items(c, "data-source");
            if !list.is_empty() && list.len() < min {
                sink.report(
                    pointer::push(&c.pointer, "data-source"),
                    format!(
                        "{kind} '{}' has {} option{}; Meta documents at least {min}",
                        c.name.unwrap_or(""),
                        list.len(),
                        if list.len() == 1 { "" } else { "s" }
                    ),
                )
                .help("offer at least two chips, or use an OptIn");
            }
        }
        for &(kind, key, max) in MAX_OPTIONS {
            if c.kind != kind {
                continue;
            }
            let list = items(c, key);
            let with_image =
                kind == "Dropdown" && list.iter().any(|(_, o)| o.contains_key("image"));
            let max = if with_image { 100 } else { max };
            if let Some(&(at, _)) = list.get(max) {
                sink.report(
                    item_pointer(c, key, at),
                    format!(
                        "{kind} '{}' has {} options; Meta documents at most {max}{}",
                        c.name.unwrap_or(""),
                        list.len(),
                        if with_image {
                            " when options have images"
                        } else {
                            ""
                        }
                    ),
                )
                .help("split the options, or use a Dropdown or a data_exchange search");
            }
        }
    }
}

/// One step from a component to one of its strings.
#[derive(Debug, Clone, Copy)]
enum Step {
    Key(&'static str),
    Index(usize),
}

/// Calls `f` with every string at `path` under `value` (`[]` steps through arrays) and the steps
/// that lead to it from the component (`at` holds the steps taken so far).
fn strings_at<'v>(
    value: &'v Value,
    at: &mut Vec<Step>,
    path: &[&'static str],
    f: &mut impl FnMut(&[Step], &'v str),
) {
    match path.split_first() {
        None => {
            if let Value::String(s) = value {
                f(at, s);
            } else if let Value::Array(items) = value {
                for (i, item) in items.iter().enumerate() {
                    if let Value::String(s) = item {
                        at.push(Step::Index(i));
                        f(at, s);
                        at.pop();
                    }
                }
            }
        }
        Some((&"[]", rest)) => {
            for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                at.push(Step::Index(i));
                strings_at(item, at, rest, f);
                at.pop();
            }
        }
        Some((key, rest)) => {
            if let Some(next) = value.get(*key) {
                at.push(Step::Key(key));
                strings_at(next, at, rest, f);
                at.pop();
            }
        }
    }
}

fn text_length(ctx: &Ctx<'_>, sink: &mut Sink) {
    let mut at = Vec::new();
    for c in &ctx.components {
        // Consecutive limits often start with the same property: look it up once.
        let mut looked_up: Option<(&str, Option<&Value>)> = None;
        for &(kind, path, limit) in TEXT_LIMITS {
            if kind != "*" && kind != c.kind {
                continue;
            }
            let Some((first, rest)) = path.split_first() else {
                continue;
            };
            let v = match looked_up {
                Some((key, v)) if key == *first => v,
                _ => {
                    let v = c.value.get(*first);
                    looked_up = Some((first, v));
                    v
                }
            };
            let Some(v) = v else {
                continue;
            };
            at.clear();
            at.push(Step::Key(first));
            strings_at(v, &mut at, rest, &mut |steps, s| {
                // A string has at most as many characters as bytes.
                if s.len() <= limit || !props::is_literal_str(s) {
                    return;
                }
                let n = s.chars().count();
                if n > limit {
                    let what = path
                        .iter()
                        .filter(|p| **p != "[]")
                        .copied()
                        .collect::<Vec<_>>()
                        .join(".");
                    let at = steps.iter().fold(c.pointer.clone(), |p, step| match step {
                        Step::Key(key) => pointer::push(&p, key),
                        Step::Index(i) => pointer::push_index(&p, *i),
                    });
                    sink.report(
                        at,
                        format!(
                            "{} '{what}' has {n} characters; Meta documents at most {limit}",
                            c.kind
                        ),
                    )
                    .help("shorten it: the phone may cut it or not show it");
                }
            });
        }
    }
}

fn required_hidden(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        let required = c.value.get("required").and_then(Value::as_bool) == Some(true);
        let hidden = c.value.get("visible").and_then(Value::as_bool) == Some(false);
        if required && hidden {
            sink.report(
                pointer::push(&c.pointer, "required"),
                format!(
                    "the {} '{}' is required but never visible, so it cannot be filled",
                    c.kind,
                    c.name.unwrap_or("")
                ),
            )
            .help("make it optional, or bind `visible` and `required` to the same condition");
        }
    }
}

/// One pass over the NavigationLists for the navigation-list rules.
fn navigation_list(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in ctx.components.iter().filter(|c| c.kind == "NavigationList") {
        if !c.value.get("list-items").is_some_and(Value::is_array) {
            continue;
        }
        let list: Vec<_> = items(c, "list-items")
            .into_iter()
            .map(|(i, item)| (item_pointer(c, "list-items", i), item))
            .collect();
        let on_component = c.value.contains_key("on-click-action");
        for (at, item) in &list {
            let on_item = item.contains_key("on-click-action");
            if on_component && on_item {
                props::report_as(
                    ctx,
                    sink,
                    &RULES[ACTION_IN_BOTH_PLACES].info,
                    &pointer::push(at, "on-click-action"),
                    "this item has an on-click-action, and so has its NavigationList: keep one"
                        .to_owned(),
                )
                .map(|r| r.anchor(Anchor::Key));
            } else if !on_component && !on_item {
                props::report_as(
                    ctx,
                    sink,
                    &RULES[MISSING_ACTION].info,
                    at,
                    "this item has no on-click-action, and its NavigationList has none either"
                        .to_owned(),
                )
                .map(|r| r.help("add an on-click-action to the NavigationList, or to every item"));
            }
        }
        for (at, _) in list.iter().filter(|(_, o)| o.contains_key("badge")).skip(1) {
            props::report_as(
                ctx,
                sink,
                &RULES[ONE_BADGE].info,
                &pointer::push(at, "badge"),
                "a second item with a badge: at most one item of a NavigationList may have one"
                    .to_owned(),
            )
            .map(|r| r.anchor(Anchor::Key));
        }
        if c.value.get("media-size").and_then(Value::as_str) == Some("large")
            && list.iter().any(|(_, o)| o.contains_key("end"))
        {
            props::report_as(
                ctx,
                sink,
                &RULES[END_WITH_LARGE_MEDIA].info,
                &pointer::push(&c.pointer, "media-size"),
                "'media-size' cannot be 'large' while items have an 'end' add-on".to_owned(),
            )
            .map(|r| r.help("use \"regular\", or remove the end add-ons"));
        }
        for (at, item) in &list {
            let Some(end) = item.get("end").and_then(Value::as_object) else {
                continue;
            };
            let n = ["title", "description", "metadata"]
                .iter()
                .filter(|k| end.contains_key(**k))
                .count();
            if n == 0 || n > 2 {
                props::report_as(
                    ctx,
                    sink,
                    &RULES[END_CONTENT].info,
                    &pointer::push(at, "end"),
                    format!(
                        "the 'end' add-on has {n} of title, description and metadata; it needs one or two"
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_recognised() {
        assert_eq!(base64_data_len("iVBORw0KGgo="), Some(11));
        assert_eq!(base64_data_len("/9j/4AAQ\nSkZJRg=="), Some(14));
        assert_eq!(base64_data_len("ab-_\r\n cd"), Some(6));
        assert_eq!(base64_data_len("abcd"), Some(4));
        assert_eq!(base64_data_len(""), None);
        assert_eq!(base64_data_len(" \n"), None);
        assert_eq!(base64_data_len("===="), None);
        assert_eq!(base64_data_len("https://example.com/a.png"), None);
        assert_eq!(base64_data_len("data:image/png;base64,iVBOR"), None);
        assert_eq!(base64_data_len("abc==="), None);
        assert_eq!(base64_data_len("abcde="), None);
        assert_eq!(base64_data_len("ab=c"), None);
        assert_eq!(base64_data_len("ab=\n="), Some(2));
        assert_eq!(base64_data_len("é"), None);
        // One character too many: no byte string encodes to 4n + 1 characters.
        assert_eq!(base64_data_len("a"), None);
        assert_eq!(base64_data_len("abcde"), None);
        // Both alphabets at once.
        assert_eq!(base64_data_len("ab+_"), None);
        assert_eq!(base64_data_len("a/b+"), Some(4));
        assert_eq!(base64_data_len("a-b_"), Some(4));
        assert_eq!(base64_data_len("ab=+"), None);
    }

    /// Standard base64 of `bytes`, padded, with a line break every `width` characters.
    fn encode(bytes: &[u8], width: usize) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
                } else {
                    out.push('=');
                }
                if out.len() % (width + 1) == width {
                    out.push('\n');
                }
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn every_encoding_is_recognised_with_its_size(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 1..3000),
            width in 4usize..80,
        ) {
            let text = encode(&bytes, width);
            let data = base64_data_len(&text);
            proptest::prop_assert_eq!(data, Some((bytes.len() * 4).div_ceil(3)), "{}", text);
            proptest::prop_assert_eq!(decoded_kb(data.unwrap_or(0)), bytes.len() / 1024);
        }
    }

    #[test]
    fn decoded_size_is_three_quarters() {
        assert_eq!(decoded_kb(4096), 3);
        assert_eq!(decoded_kb(1364), 0);
        assert_eq!(decoded_kb(1366), 1);
    }
}
