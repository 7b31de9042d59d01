use crate::finding::Severity;
use crate::pointer;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A screen may have at most one Form (7.0+).
    ///
    /// ## Why
    ///
    /// Meta's builder rejects a second Form ("Maximum number of Form allowed per screen is 1 but
    /// found 2.").
    ///
    /// ## Notes
    ///
    /// Reported at every Form after the first.
    ///
    /// Only Meta's Flow Builder states this rule; no Meta document does, and no report shows
    /// Meta's server refusing a flow for it. Decision: a warning in the default (server)
    /// profile, an error in the builder profile; `push` and `publish` say when Meta's answer
    /// differs.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "forms/one-form",
            code: "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Builder,
            since: FlowVersion::V7_0,
            fail_example: fixture!("forms/one-form/fail.json"),
            pass_example: fixture!("forms/one-form/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        let forms: Vec<_> = ctx
            .components_of(screen)
            .iter()
            .filter(|c| c.kind == "Form")
            .collect();
        for c in forms.iter().skip(1) {
            sink.report(
                &RULE,
                pointer::push(&c.pointer, "type"),
                format!(
                    "screen '{}' has {} Forms; at most 1 is allowed",
                    screen.label(),
                    forms.len()
                ),
            )
            .help("merge the Forms' children into one Form");
        }
    }
}
