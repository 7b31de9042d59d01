use crate::finding::Severity;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

use super::reserved_id::message;

rule! {
    /// A screen should not be called `SUCCESS`, or `success` in any other casing.
    ///
    /// ## Why
    ///
    /// Meta's reference calls `SUCCESS` a reserved keyword: it is the screen name an endpoint
    /// answers with to end the flow, so a screen of that name is easy to confuse with the end.
    ///
    /// ## Notes
    ///
    /// Only Meta's documentation states it: the Flow Builder rejects exactly lower-case `success`
    /// (rule `screens/reserved-id`) and accepts `SUCCESS`, and flows with a `SUCCESS` screen are
    /// reported to work. Decision: a warning in both profiles, since no validator of Meta's is
    /// known to refuse it.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/reserved-id-casing",
            code: "SCREEN_ID_IS_RESERVED_KEYWORD",
            severity: Severity::Warning,
            evidence: Evidence::Docs,
            fail_example: fixture!("screens/reserved-id-casing/fail.json"),
            pass_example: fixture!("screens/reserved-id-casing/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        let Some(id) = screen.id else { continue };
        if id != "success" && id.eq_ignore_ascii_case("success") {
            sink.report(&RULE, screen.id_pointer(), message(id))
                .help("choose another id, e.g. \"CONFIRMATION\"");
        }
    }
}
