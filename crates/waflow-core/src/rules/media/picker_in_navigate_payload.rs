use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::MEDIA_PAYLOADS_PASS;

rule! {
    /// A PhotoPicker or DocumentPicker value may not travel in a `navigate` payload.
    ///
    /// ## Why
    ///
    /// Media travel only to the endpoint or the final response; Meta rejects them in navigate ("The
    /// value of PhotoPicker component is not allowed in the payload of navigate action."). Read it
    /// later with `${screen.S.form.x}`.
    ///
    /// ## Notes
    ///
    /// Anywhere in the payload, also nested or inside an expression; local and global form
    /// references.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "media/picker-in-navigate-payload",
            code: "INVALID_ON_CLICK_ACTION_PAYLOAD",
            since: FlowVersion::V4_0,
            fail_example: fixture!("media/picker-in-navigate-payload/fail.json"),
            pass_example: fixture!("media/picker-in-navigate-payload/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&MEDIA_PAYLOADS_PASS),
    };
}
