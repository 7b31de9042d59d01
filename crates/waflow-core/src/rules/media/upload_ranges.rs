use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// Picker limits stay in range: `max-file-size-kb` 1–25600, `min-uploaded-*` 0–30,
    /// `max-uploaded-*` 1–30.
    ///
    /// ## Why
    ///
    /// Meta rejects values outside the ranges ("The maximum value allowed for property
    /// 'max-uploaded-photos' is 30.").
    ///
    /// ## Notes
    ///
    /// The schema layer reports it (schema/maximum, and schema/minimum with MINIMUM_VALUE_REQUIRED
    /// below the range). A minimum above its maximum is components/min-greater-than-max.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "media/upload-ranges",
            code: "MAXIMUM_VALUE_REQUIRED",
            since: FlowVersion::V4_0,
            fail_example: fixture!("media/upload-ranges/fail.json"),
            pass_example: fixture!("media/upload-ranges/pass.json"),
            reported_by: Some("schema/maximum"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
