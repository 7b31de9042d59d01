use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

rule! {
    /// A flow has no top-level `meta` object.
    ///
    /// ## Why
    ///
    /// Meta's Flow Builder accepts `meta` only in flows made by Meta's lead-generation (GenAI)
    /// tool and refuses it elsewhere ("Property 'meta' is not allowed").
    ///
    /// ## Notes
    ///
    /// Only the Builder states it; Meta's reference does not mention `meta`, and flows that
    /// Meta's own tool writes carry it. Decision: a warning in the default (server) profile, an
    /// error in the builder profile (`profile = "builder"`). Before this rule it was
    /// `schema/unknown-property`, an error; the schemas under `schemas/` now allow an object there.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "toplevel/meta",
            code: "INVALID_FLOW_JSON",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Builder,
            fail_example: fixture!("toplevel/meta/fail.json"),
            pass_example: fixture!("toplevel/meta/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.root.is_some_and(|r| r.has("meta")) {
        sink.report(
            &RULE,
            pointer::push("", "meta"),
            "the flow has a top-level \"meta\" object",
        )
        .anchor(Anchor::Key)
        .help("remove it: Meta's Flow Builder accepts `meta` only in flows made by Meta's lead-generation tool");
    }
}
