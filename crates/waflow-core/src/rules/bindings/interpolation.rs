use crate::finding::Severity;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::ANALYZE_PASS;

rule! {
    /// A string should be either literal text or one `${…}` reference, not text with `${…}` inside.
    ///
    /// ## Why
    ///
    /// Meta's docs call mixing static and dynamic text an error, while users report that the
    /// validator accepts it and the phone shows the `${…}` literally. Either way the value is not
    /// substituted.
    ///
    /// ## Notes
    ///
    /// Beyond Meta's validator (a warning). From 6.0 use a backtick expression; before, put the
    /// whole text in the data model. RichText reports this as an error (text/rich-text-dynamic).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/interpolation",
            code: "WAFLOW_STRING_INTERPOLATION",
            severity: Severity::Warning,
            fail_example: fixture!("bindings/interpolation/fail.json"),
            pass_example: fixture!("bindings/interpolation/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
