use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// The `url` of an `open_url` action must be an absolute http(s) URL (or a binding).
    ///
    /// ## Why
    ///
    /// The phone opens this URL in a browser; anything else cannot be opened.
    ///
    /// ## Notes
    ///
    /// A missing `url`, or a `payload` on open_url, is a shape error reported by the schema layer.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/open-url-invalid-url",
            code: "INVALID_PROPERTY_VALUE_FORMAT",
            since: FlowVersion::V6_0,
            fail_example: fixture!("actions/open-url-invalid-url/fail.json"),
            pass_example: fixture!("actions/open-url-invalid-url/pass.json"),
            reported_by: Some("schema/pattern"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
