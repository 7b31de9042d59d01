use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

rule! {
    /// An endpoint flow needs its `endpoint_uri` set through the API before it can be published.
    ///
    /// ## Why
    ///
    /// Publishing fails with "Publishing without specifying endpoint_uri is forbidden".
    ///
    /// ## Notes
    ///
    /// A Graph API error (code 139002), not a validation error.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "endpoint/endpoint-uri-before-publish",
            code: "139002",
            since: FlowVersion::V3_0,
            fail_example: "(an endpoint flow uploaded without setting endpoint_uri, then published)",
            pass_example: "(POST /{flow-id} with endpoint_uri, then publish)",
            not_checked_reason: Some(
                "the endpoint URI is a property of the flow in Meta's API, not of the Flow JSON file",
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
