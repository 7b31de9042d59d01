use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("components/pattern-needs-helper-text/fail.json"),
            pass_example: fixture!("components/pattern-needs-helper-text/pass.json"),
            reported_by: Some("schema/dependencies"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
