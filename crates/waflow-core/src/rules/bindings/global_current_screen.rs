use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::ANALYZE_PASS;

rule! {
    /// A global reference may not name the screen it is used on; use `${data.x}` / `${form.x}`
    /// there.
    ///
    /// ## Why
    ///
    /// Meta rejects `${screen.A.data.x}` on screen A ("… is invalid since screen 'A' represents
    /// current screen. Convert expression to local referencing").
    ///
    /// ## Notes
    ///
    /// Meta's error-codes page files this message under INVALID_SCREEN_DATA
    /// (fixtures/conformance/binding-global-current-screen.json); the builder uses
    /// INVALID_SCREEN_DYNAMIC_DATA.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/global-current-screen",
            code: "INVALID_SCREEN_DATA",
            since: FlowVersion::V4_0,
            fail_example: fixture!("bindings/global-current-screen/fail.json"),
            pass_example: fixture!("bindings/global-current-screen/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
