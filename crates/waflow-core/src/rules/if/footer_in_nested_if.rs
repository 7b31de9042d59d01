use crate::finding::Severity;
use crate::pointer;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A Footer may sit in the branches of a first-level If only, not in an If nested inside
    /// another If.
    ///
    /// ## Why
    ///
    /// Meta's component schema allows a Footer only at the first If level and rejects the flow
    /// otherwise.
    ///
    /// ## Notes
    ///
    /// Meta reports this as a schema failure (the nested If's `then` fails its `oneOf`, code
    /// INVALID_PROPERTY_VALUE). Combine the conditions in the first-level If instead.
    ///
    /// Meta's sources disagree: its component reference and its Flow Builder's schema allow a
    /// Footer in a first-level If only, but a real survey flow with Footers in Ifs nested two
    /// and three levels deep is reported as sent, which suggests Meta's server accepts it.
    /// Decision: a warning in the default (server) profile, an error in the builder profile.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "if/footer-in-nested-if",
            code: "INVALID_PROPERTY_VALUE",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Disputed,
            since: FlowVersion::V4_0,
            fail_example: fixture!("if/footer-in-nested-if/fail.json"),
            pass_example: fixture!("if/footer-in-nested-if/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in ctx
        .components
        .iter()
        .filter(|c| c.kind == "Footer" && c.if_depth > 1)
    {
        sink.report(&RULE,
            pointer::push(&c.pointer, "type"),
            format!(
                "this Footer sits in an If nested {} levels deep; a Footer may only be in a first-level If",
                c.if_depth
            ),
        )
        .help("combine the conditions with && in the first-level If and put the Footers in its branches");
    }
}
