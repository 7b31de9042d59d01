use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("bindings/array-item-path/fail.json"),
            pass_example: fixture!("bindings/array-item-path/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
