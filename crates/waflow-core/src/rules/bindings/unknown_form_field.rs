use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::ANALYZE_PASS;

rule! {
    /// `${form.x}` must name an input component of the same screen (not a Form).
    ///
    /// ## Why
    ///
    /// A form reference reads the value the user entered in the component called `x`; Meta rejects
    /// a name no component on the screen has ("Missing Form component ${form.x}") and the name of a
    /// Form ("Value of 'Form' component cannot be used in form binding.").
    ///
    /// ## Notes
    ///
    /// From 4.0, where form references in component properties appeared. Meta files this under
    /// INVALID_SCREEN_DYNAMIC_DATA in properties and INVALID_ON_CLICK_ACTION_PAYLOAD in payloads
    /// (checked by the action rules).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/unknown-form-field",
            code: "INVALID_SCREEN_DYNAMIC_DATA",
            since: FlowVersion::V4_0,
            fail_example: fixture!("bindings/unknown-form-field/fail.json"),
            pass_example: fixture!("bindings/unknown-form-field/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
