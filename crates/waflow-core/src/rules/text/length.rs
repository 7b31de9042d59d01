use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::expr;
use crate::finding::Severity;
use crate::pointer;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

rule! {
    /// Texts should stay within Meta's documented character limits (TextHeading 80, TextBody 4096,
    /// Footer label 35, TextInput label 20, option titles 30, …).
    ///
    /// ## Why
    ///
    /// Meta documents these limits; its validator does not enforce them, and the phone may cut the
    /// text or not show it.
    ///
    /// ## Notes
    ///
    /// Only Meta's documentation states the limits; neither its Flow Builder's schema nor any
    /// report of its server enforces them, and some differ between snapshots of the docs. Decision:
    /// a warning in both profiles. Characters are counted as Unicode scalar values; dynamic values
    /// are not checked. Limits from Meta's component reference (some differ between snapshots of
    /// the docs).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "text/length",
            code: "WAFLOW_TEXT_TOO_LONG",
            evidence: Evidence::Docs,
            severity: Severity::Warning,
            fail_example: fixture!("text/length/fail.json"),
            pass_example: fixture!("text/length/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

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

/// One step from a component to one of its strings.
/// A property path and its limit.
type Limit = (&'static [&'static str], usize);

/// The limits of each kind of component, and those of the kinds the table does not name.
type ByKind = (FxHashMap<&'static str, Vec<Limit>>, Vec<Limit>);

/// The limits of [`TEXT_LIMITS`] by component kind, each kind's (its own and the `*` ones) in
/// the table's order, and the `*` ones alone for the kinds the table does not name.
static BY_KIND: LazyLock<ByKind> = LazyLock::new(|| {
    let of = |kind: &str| -> Vec<Limit> {
        TEXT_LIMITS
            .iter()
            .filter(|(k, _, _)| *k == "*" || *k == kind)
            .map(|&(_, path, limit)| (path, limit))
            .collect()
    };
    let kinds = TEXT_LIMITS.iter().map(|(k, _, _)| *k).filter(|k| *k != "*");
    (kinds.map(|k| (k, of(k))).collect(), of("*"))
});

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
            if let Some(next) = value.field(key) {
                at.push(Step::Key(key));
                strings_at(next, at, rest, f);
                at.pop();
            }
        }
    }
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let mut at = Vec::new();
    let (by_kind, any_kind) = &*BY_KIND;
    for c in &ctx.components {
        // Consecutive limits often start with the same property: look it up once.
        let mut looked_up: Option<(&str, Option<&Value>)> = None;
        for &(path, limit) in by_kind.get(c.kind).unwrap_or(any_kind) {
            let Some((first, rest)) = path.split_first() else {
                continue;
            };
            let v = match looked_up {
                Some((key, v)) if key == *first => v,
                _ => {
                    let v = c.value.field(first);
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
                if s.len() <= limit || !expr::is_literal(s) {
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
                        &RULE,
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
