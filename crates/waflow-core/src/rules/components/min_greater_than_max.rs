use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::props::{self};
use crate::rules::walker::Ctx;

rule! {
    /// A minimum may not exceed its maximum: `min-chars`/`max-chars`,
    /// `min-selected-items`/`max-selected-items`, `min-uploaded-*`/`max-uploaded-*`.
    ///
    /// ## Why
    ///
    /// No input could satisfy both; Meta rejects it ("'min-selected-items' cannot be greater than
    /// 'max-selected-items' for CheckboxGroup 'cbg'.").
    ///
    /// ## Notes
    ///
    /// Only literal numbers are compared. CalendarPicker `min-days`/`max-days` is
    /// calendar/min-max-days (its own code).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "components/min-greater-than-max",
            code: "MIN_VALUE_GREATER_THAN_MAX",
            fail_example: fixture!("components/min-greater-than-max/fail.json"),
            pass_example: fixture!("components/min-greater-than-max/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

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

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
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
                    &RULE,
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
