use crate::rules::counts::PER_TYPE_COUNTS_PASS;
use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

rule! {
    /// A RichText must be the only component of its screen; from 6.3 a Footer may accompany it.
    ///
    /// ## Why
    ///
    /// Meta rejects other components next to a RichText (6.3+: "RichText can either be the only
    /// component on the screen or it can be paired exclusively with the Footer component.").
    ///
    /// ## Notes
    ///
    /// In 6.0–6.2 only one component is allowed (no Footer either). In 5.1 Meta uses the code
    /// INVALID_RICHTEXT_PLACEMENT (placement/rich-text-alone). Reported once per screen, at the
    /// RichText.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "placement/rich-text",
            code: "INVALID_COMPONENT_PLACEMENT",
            since: FlowVersion::V6_0,
            fail_example: fixture!("placement/rich-text/fail.json"),
            pass_example: fixture!("placement/rich-text/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
