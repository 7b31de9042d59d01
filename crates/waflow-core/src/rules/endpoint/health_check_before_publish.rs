use crate::rules::engine::{Check, RuleInfo, rule};

rule! {
    /// An endpoint flow can only be published when its endpoint answers Meta's health check and the
    /// app, signed public key, phone number and webhook subscription are in place.
    ///
    /// ## Why
    ///
    /// Publishing fails with "Endpoint Not Available", "Missing Flows Signed Public Key" and
    /// similar errors.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "endpoint/health-check-before-publish",
            code: "139002",
            fail_example: "(an endpoint that does not answer {\"action\": \"ping\"})",
            pass_example: "(an endpoint answering {\"data\": {\"status\": \"active\"}})",
            not_checked_reason: Some(
                "needs the live endpoint and the WhatsApp Business Account setup",
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
