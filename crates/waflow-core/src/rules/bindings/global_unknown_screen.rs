use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::ANALYZE_PASS;

rule! {
    /// A global reference `${screen.S.…}` must name an existing screen.
    ///
    /// ## Why
    ///
    /// Meta rejects a global reference to a screen that is not in the flow ("… is invalid since
    /// screen 'S' is missing in the Flow JSON.").
    ///
    /// ## Notes
    ///
    /// Global references exist from Flow JSON 4.0. Meta's error-codes page files this message
    /// under INVALID_SCREEN_DATA (its global-data sample,
    /// fixtures/conformance/binding-global-unknown-screen.json); the builder uses
    /// INVALID_SCREEN_DYNAMIC_DATA.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/global-unknown-screen",
            code: "INVALID_SCREEN_DATA",
            since: FlowVersion::V4_0,
            fail_example: fixture!("bindings/global-unknown-screen/fail.json"),
            pass_example: fixture!("bindings/global-unknown-screen/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
