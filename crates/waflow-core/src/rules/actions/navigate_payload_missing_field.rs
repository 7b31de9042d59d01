use crate::finding::{Anchor, Related, Severity};
use crate::pointer;
use crate::rules::data_model::data_fields;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

use super::navigations;

rule! {
    /// A navigate payload must provide every field the next screen's data model declares.
    ///
    /// ## Why
    ///
    /// Fields left out are empty on the next screen; Meta requires all of them (send blanks for
    /// optional ones).
    ///
    /// ## Notes
    ///
    /// Meta's builder enforces the complete key set in 5.1 and from 7.3 (error); 6.0–7.2 builders
    /// skip it, so those versions get a warning. Global references (4.0+) do not relax the rule. A
    /// navigate without any payload is reported by actions/navigate-missing-payload instead.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/navigate-payload-missing-field",
            code: "INVALID_NAVIGATE_ACTION_PAYLOAD",
            fail_example: fixture!("actions/navigate-payload-missing-field/fail.json"),
            pass_example: fixture!("actions/navigate-payload-missing-field/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let lenient = ctx.version >= FlowVersion::V6_0 && ctx.version < FlowVersion::V7_3;
    for (action, next) in navigations(ctx) {
        let (Some(payload), Some(data)) = (action.payload, next.data) else {
            continue;
        };
        let missing: Vec<&str> = data_fields(data)
            .map(|(k, _)| k.as_str())
            .filter(|k| !payload.has(k))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let mut report = sink
            .report(&RULE,
                action.pointer_to("payload"),
                format!(
                    "screen {} expects {} in the payload: {}",
                    next.label(),
                    if missing.len() == 1 { "a field that is missing" } else { "fields that are missing" },
                    missing.join(", ")
                ),
            )
            .anchor(Anchor::Key)
            .help("send every declared field; use an empty value for optional ones, or remove the field from the next screen's data");
        for field in &missing {
            report = report.related(
                Related::new(
                    pointer::push(&pointer::push(&next.pointer, "data"), field),
                    format!("screen {} declares \"{field}\" here", next.label()),
                )
                .with_anchor(Anchor::Key),
            );
        }
        if lenient {
            report.severity(Severity::Warning);
        }
    }
}
