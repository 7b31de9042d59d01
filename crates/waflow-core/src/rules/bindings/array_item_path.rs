use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
use crate::version::FlowVersion;

use super::ANALYZE_PASS;

rule! {
    /// A reference may not reach into the items of an array field
    /// (`${data.products.items.properties.title}`).
    ///
    /// ## Why
    ///
    /// An array is bound as a whole (for example to a `data-source`); Meta rejects paths into its
    /// item schema ("… is invalid as 'items' is defined in an array schema in the data model.").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/array-item-path",
            code: "INVALID_SCREEN_DYNAMIC_DATA",
            since: FlowVersion::V4_0,
            fail_example: one_screen!(
                "7.3",
                r#"{"products":{"type":"array","items":{"type":"object","properties":{"title":{"type":"string"}}},"__example__":[]}}"#,
                r#"{"type":"TextBody","text":"${data.products.items.properties.title}"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"title":{"type":"string","__example__":"Shoes"}}"#,
                r#"{"type":"TextBody","text":"${data.title}"},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
