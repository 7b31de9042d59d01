use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::ANALYZE_PASS;

rule! {
    /// An array bound to `data-source`, `list-items` or `images` must declare the item properties
    /// the component needs: `id` and `title`, `id` and `main-content`, `src` and `alt-text`.
    ///
    /// ## Why
    ///
    /// Meta checks the item schema of a bound list ("Data model schema is invalid for
    /// '${data.products}'. Missing schema for title.").
    ///
    /// ## Notes
    ///
    /// Checked when `items` is an object; an array without `items` is a data-model error
    /// (data/array-items).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/item-schema",
            code: "INVALID_SCREEN_DYNAMIC_DATA",
            fail_example: fixture!("bindings/item-schema/fail.json"),
            pass_example: fixture!("bindings/item-schema/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
