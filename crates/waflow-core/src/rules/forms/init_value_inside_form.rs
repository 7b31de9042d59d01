use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// `init-value` and `error-message` exist only on inputs outside a Form; inside one, use the
    /// Form's `init-values` and `error-messages`.
    ///
    /// ## Why
    ///
    /// Meta rejects them on inputs inside a Form ("Property 'init-value' is not allowed in
    /// 'TextInput' component.").
    ///
    /// ## Notes
    ///
    /// The schema layer reports it (the inside-Form variant of each input has no such property).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "forms/init-value-inside-form",
            code: "INVALID_PROPERTY_KEY",
            since: FlowVersion::V4_0,
            fail_example: fixture!("forms/init-value-inside-form/fail.json"),
            pass_example: fixture!("forms/init-value-inside-form/pass.json"),
            reported_by: Some("schema/unknown-property"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
