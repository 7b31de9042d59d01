use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

rule! {
    /// A screen may not be called `success`.
    ///
    /// ## Why
    ///
    /// `SUCCESS` is the screen name an endpoint returns to end the flow; a real screen with that
    /// name is ambiguous, and Meta refuses the flow.
    ///
    /// ## Notes
    ///
    /// Meta's Flow Builder compares the id with lower-case `success` exactly, and Meta's
    /// reference calls the word reserved: an error in both profiles. The reference writes it
    /// `SUCCESS`, which the Builder accepts; other casings are `screens/reserved-id-casing`.
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

/// The message of a reserved screen id, for this rule and `screens/reserved-id-casing`.
pub(super) fn message(id: &str) -> String {
    format!("\"{id}\" is reserved: an endpoint answers with screen \"SUCCESS\" to end the flow")
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        if screen.id == Some("success") {
            sink.report(&RULE, screen.id_pointer(), message("success"))
                .help("choose another id, e.g. \"CONFIRMATION\"");
        }
    }
}
