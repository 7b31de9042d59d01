use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A CheckboxGroup or RadioButtonsGroup has a `label` (from Flow JSON 4.0).
    ///
    /// ## Why
    ///
    /// The label is the question the options answer; without it the user sees a bare list.
    ///
    /// ## Notes
    ///
    /// Only Meta's reference states it (the label is required from 4.0); the Builder's schema
    /// does not require it and no report shows what the server does. Decision, by the policy in
    /// docs/evidence.md (a constraint the reference states is an error unless evidence says
    /// otherwise): an error in both profiles. Before this rule it was `schema/missing-property`;
    /// as a rule of its own it can be set apart in `waflow.toml`.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "components/choice-group-label",
            code: "MISSING_REQUIRED_PROPERTY",
            evidence: Evidence::Docs,
            since: FlowVersion::V4_0,
            fail_example: fixture!("components/choice-group-label/fail.json"),
            pass_example: fixture!("components/choice-group-label/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let groups = ["CheckboxGroup", "RadioButtonsGroup"];
    for c in ctx.components.iter().filter(|c| groups.contains(&c.kind)) {
        if c.value.field("label").is_none() {
            sink.report(
                &RULE,
                c.pointer.clone(),
                format!(
                    "{} '{}' has no label; Meta's reference requires one from Flow JSON 4.0",
                    c.kind,
                    c.name.unwrap_or("")
                ),
            )
            .help("add a \"label\" that asks the question the options answer");
        }
    }
}
