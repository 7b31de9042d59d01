use crate::finding::Severity;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::ANALYZE_PASS;

rule! {
    /// Names used in references should avoid `-` (as well as spaces, backticks and quotes, which
    /// cannot be referenced at all).
    ///
    /// ## Why
    ///
    /// Meta's builder warns about such data keys ("Invalid format of dynamic data '…' in the screen
    /// data model. Please avoid …", naming the hyphen, the space, the backtick and the quote); in
    /// expressions a `-` also reads as a minus.
    ///
    /// ## Notes
    ///
    /// A warning: the builder message exists, but where Meta applies it is not confirmed. Reported
    /// once per reference.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/key-characters",
            code: "INVALID_SCREEN_DYNAMIC_DATA",
            severity: Severity::Warning,
            fail_example: fixture!("bindings/key-characters/fail.json"),
            pass_example: fixture!("bindings/key-characters/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
