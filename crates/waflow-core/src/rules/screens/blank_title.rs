use crate::finding::Severity;
use crate::pointer;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A screen's `title`, when it has one, is not empty or only whitespace (from Flow JSON 5.0).
    ///
    /// ## Why
    ///
    /// Meta's Flow Builder refuses a screen whose title is blank ("should not be blank or an
    /// empty string"); the phone would show an empty top bar.
    ///
    /// ## Notes
    ///
    /// Only the Builder's schema states it (from 5.0); Meta's reference says nothing about a
    /// blank title and no report shows the server refusing one. Decision: a warning in the
    /// default (server) profile, an error in the builder profile (`profile = "builder"`). Before
    /// this rule it was `schema/blank-string`, an error that could not be set apart from the other
    /// blank strings. A missing title is `screens/missing-title`.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/blank-title",
            code: "PATTERN_MISMATCH",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Builder,
            since: FlowVersion::V5_0,
            fail_example: fixture!("screens/blank-title/fail.json"),
            pass_example: fixture!("screens/blank-title/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        let Some(title) = screen.value.field("title").and_then(|t| t.as_str()) else {
            continue;
        };
        if title.trim().is_empty() {
            sink.report(
                &RULE,
                pointer::push(&screen.pointer, "title"),
                format!("the title of screen '{}' is blank", screen.label()),
            )
            .help("write a title, or leave \"title\" out: Meta's Flow Builder refuses a blank one");
        }
    }
}
