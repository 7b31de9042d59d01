use crate::rules::bindings::ANALYZE_PASS;
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
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
            fail_example: one_screen!(
                "7.3",
                r#"{"name":{"type":"string","__example__":"Ann"}}"#,
                r##"{"type":"RichText","text":["# Welcome","Hello ${data.name}"]},"##
            ),
            pass_example: one_screen!(
                "7.3",
                r##"{"body":{"type":"string","__example__":"# Welcome\nHello Ann"}}"##,
                r#"{"type":"RichText","text":"${data.body}"},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
