use crate::rules::engine::{Check, RuleInfo, fixture, rule};

rule! {
    /// `data_api_version` must be "3.0", or "3.0"/"4.0" from Flow JSON 7.3.
    ///
    /// ## Why
    ///
    /// Each Flow JSON version works with specific Data API versions; Data API 4.0 (signed flow
    /// tokens) needs Flow JSON 7.3.
    ///
    /// ## Notes
    ///
    /// Meta's builder reports this through the schema (INVALID_ENUM_VALUE /
    /// INVALID_PROPERTY_VALUE); the error-code reference names NO_SUPPORTED_DATA_API_VERSION.
    /// Whether Meta's server accepts "4.0" below 7.3 is unconfirmed. Non-string values are left to
    /// the schema layer.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "endpoint/unsupported-data-api-version",
            code: "NO_SUPPORTED_DATA_API_VERSION",
            fail_example: fixture!("endpoint/unsupported-data-api-version/fail.json"),
            pass_example: fixture!("endpoint/unsupported-data-api-version/pass.json"),
            reported_by: Some("schema/enum"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
