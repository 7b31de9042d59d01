use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
use crate::version::FlowVersion;

rule! {
    /// A TextInput with a `pattern` needs a `helper-text` that tells the user the expected format.
    ///
    /// ## Why
    ///
    /// The user only sees the helper text, not the regular expression; Meta rejects a pattern
    /// without it ("Required property 'helper-text' is missing.").
    ///
    /// ## Notes
    ///
    /// The schema layer reports it (a dependency between the two properties, Meta's schema code
    /// INVALID_DEPENDENCIES).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "components/pattern-needs-helper-text",
            code: "MISSING_REQUIRED_PROPERTY",
            since: FlowVersion::V6_2,
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"zip","label":"ZIP","pattern":"[0-9]{5}"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"zip","label":"ZIP","pattern":"[0-9]{5}","helper-text":"Five digits"},"#
            ),
            reported_by: Some("schema/dependencies"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
