use crate::fix::Applicability;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
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
            fail_example: fixture!("endpoint/data-channel-uri-removed/fail.json"),
            pass_example: fixture!("endpoint/data-channel-uri-removed/pass.json"),
            reported_by: Some("schema/unknown-property"),
            fix: Some(Applicability::Unsafe),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
