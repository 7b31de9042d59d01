use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// Below 3.0, `data_channel_uri` must be an absolute http(s) URI.
    ///
    /// ## Why
    ///
    /// Meta calls this URL for every data exchange; anything else cannot be reached.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "endpoint/data-channel-uri-format",
            code: "INVALID_PROPERTY_VALUE_FORMAT",
            until: Some(FlowVersion::V3_0),
            fail_example: fixture!("endpoint/data-channel-uri-format/fail.json"),
            pass_example: fixture!("endpoint/data-channel-uri-format/pass.json"),
            reported_by: Some("schema/pattern"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
