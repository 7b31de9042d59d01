use crate::finding::{Anchor, Severity};
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A screen should have a `title` (from Flow JSON 5.1).
    ///
    /// ## Why
    ///
    /// The title is the text of the screen's top bar. Meta's Flow Builder refuses a screen
    /// without one; a flow edited in the Builder must have it.
    ///
    /// ## Notes
    ///
    /// Meta's sources disagree. The Flow JSON reference calls `title` optional; the Builder's
    /// schema requires it in every version it supports (5.1 and later). Other validators accept a
    /// screen without a title, and no report shows Meta's server refusing one. Decision: a warning
    /// in the default (server) profile, an error in the builder profile (`profile = "builder"`).
    /// Before this rule the title was part of `schema/missing-property`, which could not be set
    /// apart from the other required properties. A blank title is still `schema/blank-string`.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/missing-title",
            code: "MISSING_REQUIRED_PROPERTY",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Disputed,
            since: FlowVersion::V5_1,
            fail_example: fixture!("screens/missing-title/fail.json"),
            pass_example: fixture!("screens/missing-title/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in ctx.screens.iter().filter(|s| !s.value.has("title")) {
        sink.report(
            &RULE,
            screen.pointer.clone(),
            format!("screen '{}' has no \"title\"", screen.label()),
        )
        .anchor(Anchor::Key)
        .help(
            "add a \"title\": Meta's Flow Builder requires one (its reference calls it optional)",
        );
    }
}
