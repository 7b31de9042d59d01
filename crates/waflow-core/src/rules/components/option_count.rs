use crate::finding::Severity;
use crate::pointer;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

use super::{item_pointer, items};

rule! {
    /// Documented option limits: CheckboxGroup, RadioButtonsGroup and ChipsSelector 20, Dropdown
    /// 200 (100 when an option has an image), NavigationList 20 items; ChipsSelector at least 2.
    ///
    /// ## Why
    ///
    /// Meta documents these limits; its validator was not seen enforcing them, but the phone may
    /// not show the extra options.
    ///
    /// ## Notes
    ///
    /// Only Meta's documentation states the limits (no validator of Meta's was seen enforcing
    /// them): a warning in both profiles, reported at the first option past the limit (at
    /// `data-source` for too few chips). `max-selected-items` above 20 (a library limit, not
    /// Meta's) is not checked.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "components/option-count",
            code: "WAFLOW_TOO_MANY_OPTIONS",
            evidence: Evidence::Docs,
            severity: Severity::Warning,
            fail_example: fixture!("components/option-count/fail.json"),
            pass_example: fixture!("components/option-count/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

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

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        for &(kind, min) in MIN_OPTIONS {
            if c.kind != kind {
                continue;
            }
            let list = items(c, "data-source");
            if !list.is_empty() && list.len() < min {
                sink.report(
                    &RULE,
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
            let with_image = kind == "Dropdown" && list.iter().any(|(_, o)| o.has("image"));
            let max = if with_image { 100 } else { max };
            if let Some(&(at, _)) = list.get(max) {
                sink.report(
                    &RULE,
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
