use crate::rules::engine::{Check, RuleInfo, fixture, rule};

rule! {
    /// A screen id may only contain ASCII letters and underscores (no digits); from 7.0 it may not
    /// be underscores only.
    ///
    /// ## Why
    ///
    /// Meta rejects other ids (`SCREEN_1` is a common surprise), and the same pattern applies to
    /// routing-model keys.
    ///
    /// ## Notes
    ///
    /// Builder patterns: `^[a-zA-Z,_]+$` before 7.0 (the comma is probably a bug, waflow accepts it
    /// as Meta does) and `^(?!_+$)[a-zA-Z_]+$` from 7.0. Empty ids are left to the schema layer
    /// (MIN_CHARS_REQUIRED). Meta reports a bad id once more for each routing-model key; waflow
    /// reports it once, at the screen.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/id-pattern",
            code: "PATTERN_MISMATCH",
            fail_example: fixture!("screens/id-pattern/fail.json"),
            pass_example: fixture!("screens/id-pattern/pass.json"),
            reported_by: Some("schema/pattern"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
