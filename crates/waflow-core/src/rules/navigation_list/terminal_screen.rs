use crate::rules::counts::PER_TYPE_COUNTS_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// A screen with a NavigationList may not be terminal.
    ///
    /// ## Why
    ///
    /// A NavigationList leads on to other screens; Meta rejects it on a terminal screen ("Property
    /// 'terminal' is not allowed.").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "navigation-list/terminal-screen",
            code: "INVALID_PROPERTY_KEY",
            since: FlowVersion::V6_2,
            fail_example: fixture!("navigation-list/terminal-screen/fail.json"),
            pass_example: fixture!("navigation-list/terminal-screen/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
