use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// An ImageCarousel holds one to three images.
    ///
    /// ## Why
    ///
    /// Meta rejects more ("Property 'images' should have at most '3' items.").
    ///
    /// ## Notes
    ///
    /// The schema layer reports it (schema/max-items; an empty list is schema/min-items).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/image-carousel-images",
            code: "MAX_ITEMS_REQUIRED",
            since: FlowVersion::V7_1,
            fail_example: fixture!("counts/image-carousel-images/fail.json"),
            pass_example: fixture!("counts/image-carousel-images/pass.json"),
            reported_by: Some("schema/max-items"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
