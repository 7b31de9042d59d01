use crate::rules::counts::PER_TYPE_COUNTS_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// In Flow JSON 5.1 a RichText must be the only component of its screen.
    ///
    /// ## Why
    ///
    /// Meta rejects other components next to a RichText ("RichText cannot be used with other
    /// components on the same screen.").
    ///
    /// ## Notes
    ///
    /// Reported once per screen, at the RichText. From 6.0 the same check is placement/rich-text
    /// (INVALID_COMPONENT_PLACEMENT). A RichText-only terminal screen has no Footer, which
    /// screens/terminal-without-footer may report from 7.3.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "placement/rich-text-alone",
            code: "INVALID_RICHTEXT_PLACEMENT",
            since: FlowVersion::V5_1,
            until: Some(FlowVersion::V6_0),
            fail_example: fixture!("placement/rich-text-alone/fail.json"),
            pass_example: fixture!("placement/rich-text-alone/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
