use crate::rules::bindings::ANALYZE_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// RichText `text` is static text or one whole `${…}` reference; array items must be static,
    /// and `${…}` may not be mixed into text.
    ///
    /// ## Why
    ///
    /// Meta rejects interpolation in RichText ("String interpolation is not supported by RichText
    /// component.") and bindings in its array items ("Every item of the array … should be a static
    /// string.").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "text/rich-text-dynamic",
            code: "INVALID_TEXT_DYNAMIC_DATA",
            since: FlowVersion::V5_1,
            fail_example: fixture!("text/rich-text-dynamic/fail.json"),
            pass_example: fixture!("text/rich-text-dynamic/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
