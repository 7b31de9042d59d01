use crate::finding::Severity;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

rule! {
    /// A screen may not be called `success` (any casing).
    ///
    /// ## Why
    ///
    /// `SUCCESS` is the screen name an endpoint returns to end the flow; a real screen with that
    /// name is ambiguous.
    ///
    /// ## Notes
    ///
    /// Meta's builder rejects exactly `success` (error); the docs call `SUCCESS` reserved, so other
    /// casings are warnings.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/reserved-id",
            code: "SCREEN_ID_IS_RESERVED_KEYWORD",
            fail_example: fixture!("screens/reserved-id/fail.json"),
            pass_example: fixture!("screens/reserved-id/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        let Some(id) = screen.id else { continue };
        if !id.eq_ignore_ascii_case("success") {
            continue;
        }
        let report = sink
            .report(&RULE,
                screen.id_pointer(),
                format!("\"{id}\" is reserved: an endpoint answers with screen \"SUCCESS\" to end the flow"),
            )
            .help("choose another id, e.g. \"CONFIRMATION\"");
        if id != "success" {
            report.severity(Severity::Warning);
        }
    }
}
