use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
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
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"f","children":[{"type":"TextInput","name":"city","label":"City","init-value":"Lisbon"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"Form","name":"f","init-values":{"city":"Lisbon"},"children":[{"type":"TextInput","name":"city","label":"City"}]},"#
            ),
            reported_by: Some("schema/unknown-property"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
