use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
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
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"a"},{"src":"iVBORw0KGgo=","alt-text":"b"},{"src":"iVBORw0KGgo=","alt-text":"c"},{"src":"iVBORw0KGgo=","alt-text":"d"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"ImageCarousel","images":[{"src":"iVBORw0KGgo=","alt-text":"a"},{"src":"iVBORw0KGgo=","alt-text":"b"},{"src":"iVBORw0KGgo=","alt-text":"c"}]},"#
            ),
            reported_by: Some("schema/max-items"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
