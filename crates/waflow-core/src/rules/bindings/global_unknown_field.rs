use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::ANALYZE_PASS;

rule! {
    /// A global reference must name a field declared in that screen's `data`, or an input component
    /// of that screen.
    ///
    /// ## Why
    ///
    /// Meta rejects a global reference to a field the other screen does not have ("Global dynamic
    /// data '…' does not exist on screen 'S' but is used on screen 'T'.").
    ///
    /// ## Notes
    ///
    /// Meta's builder uses INVALID_SCREEN_DATA for this message (its docs word it "Global Dynamic
    /// data '(expression)' on screen S does not exist").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/global-unknown-field",
            code: "INVALID_SCREEN_DATA",
            since: FlowVersion::V4_0,
            fail_example: fixture!("bindings/global-unknown-field/fail.json"),
            pass_example: fixture!("bindings/global-unknown-field/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
