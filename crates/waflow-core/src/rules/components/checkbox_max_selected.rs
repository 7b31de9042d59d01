use crate::finding::Severity;
use crate::pointer;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A CheckboxGroup's `max-selected-items`, when it is a number, is at least 2 (from Flow
    /// JSON 5.1).
    ///
    /// ## Why
    ///
    /// Meta's Flow Builder refuses a CheckboxGroup that lets the user pick at most one option:
    /// a single choice is a RadioButtonsGroup (or a ChipsSelector, whose maximum may be 1).
    ///
    /// ## Notes
    ///
    /// Only the Builder's schema states it (a minimum of 2 from 5.1); Meta's reference gives no
    /// lower bound and no report shows the server refusing it. Decision: a warning in the
    /// default (server) profile, an error in the builder profile (`profile = "builder"`). Before
    /// this rule it was `schema/minimum`, an error that could not be set apart from the other
    /// minimums. A binding is not checked (its value is only known at runtime).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "components/checkbox-max-selected",
            code: "MINIMUM_VALUE_REQUIRED",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Builder,
            since: FlowVersion::V5_1,
            fail_example: fixture!("components/checkbox-max-selected/fail.json"),
            pass_example: fixture!("components/checkbox-max-selected/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in ctx.components.iter().filter(|c| c.kind == "CheckboxGroup") {
        let Some(max) = c.value.field("max-selected-items").and_then(|v| v.as_f64()) else {
            continue;
        };
        if max < 2.0 {
            sink.report(
                &RULE,
                pointer::push(&c.pointer, "max-selected-items"),
                format!(
                    "CheckboxGroup '{}' lets the user select at most {max}; Meta's Flow Builder wants 2 or more",
                    c.name.unwrap_or("")
                ),
            )
            .help("allow 2 or more, or use a RadioButtonsGroup for a single choice");
        }
    }
}
