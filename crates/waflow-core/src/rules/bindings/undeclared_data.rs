use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::ANALYZE_PASS;

rule! {
    /// Every `${data.x}` (and `${data.x.y}`) used on a screen must be declared in that screen's
    /// `data`.
    ///
    /// ## Why
    ///
    /// The value comes from the screen's data model; Meta rejects a reference to a field it does
    /// not declare ("Missing dynamic data '${data.x}' in the screen data model.").
    ///
    /// ## Notes
    ///
    /// Checked in component properties, screen titles, `If` conditions and `Switch` values, also
    /// inside backtick expressions; action payloads are checked by the action rules. Nested names
    /// follow `properties`; an object field without `properties` is not looked into.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/undeclared-data",
            code: "INVALID_SCREEN_DYNAMIC_DATA",
            fail_example: fixture!("bindings/undeclared-data/fail.json"),
            pass_example: fixture!("bindings/undeclared-data/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
