use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A flow has at most three ImageCarousels in all.
    ///
    /// ## Why
    ///
    /// Meta rejects a fourth carousel in a flow ("Maximum number of ImageCarousel allowed per Flow
    /// is 3 but found 4.").
    ///
    /// ## Notes
    ///
    /// Every carousel counts, also in If branches. Reported at the carousels past the third.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/image-carousel-per-flow",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V7_1,
            fail_example: fixture!("counts/image-carousel-per-flow/fail.json"),
            pass_example: fixture!("counts/image-carousel-per-flow/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// Meta's limit of ImageCarousels per flow.
const MAX_CAROUSELS_PER_FLOW: usize = 3;

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let carousels: Vec<_> = ctx
        .components
        .iter()
        .filter(|c| c.kind == "ImageCarousel")
        .collect();
    for c in carousels.iter().skip(MAX_CAROUSELS_PER_FLOW) {
        sink.report(&RULE,
            pointer::push(&c.pointer, "type"),
            format!(
                "the flow has {} ImageCarousels; at most {MAX_CAROUSELS_PER_FLOW} are allowed per flow",
                carousels.len()
            ),
        );
    }
}
