use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::refs::{done_screen, flow};
use crate::version::FlowVersion;

rule! {
    /// `data_channel_uri` no longer exists from Flow JSON 3.0.
    ///
    /// ## Why
    ///
    /// From 3.0 the endpoint URL is the flow's `endpoint_uri`, set through the Flows API or the
    /// builder, not in the JSON.
    ///
    /// ## Notes
    ///
    /// Meta's docs table prints `data_api_version` in this message by mistake; the builder names
    /// `data_channel_uri`. The schema layer may also report the key as unknown.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "endpoint/data-channel-uri-removed",
            code: "INVALID_PROPERTY_KEY",
            since: FlowVersion::V3_0,
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":[]},"data_channel_uri":"https://example.com/flow","#; done_screen!("A")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":[]},"#; done_screen!("A")),
            reported_by: Some("schema/unknown-property"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
