use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::refs::{done_screen, flow};
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
            fail_example: flow!("2.1"; r#""data_api_version":"3.0","routing_model":{"A":[]},"data_channel_uri":"example.com/flow","#; done_screen!("A")),
            pass_example: flow!("2.1"; r#""data_api_version":"3.0","routing_model":{"A":[]},"data_channel_uri":"https://example.com/flow","#; done_screen!("A")),
            reported_by: Some("schema/pattern"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
