use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::MEDIA_PAYLOADS_PASS;

rule! {
    /// In `complete` and `data_exchange` payloads a picker value must be the whole value of a
    /// top-level key.
    ///
    /// ## Why
    ///
    /// Meta rejects a picker value nested in objects or arrays, or mixed into text ("The value of
    /// following components must be a top-level string in complete and data_exchange
    /// on-click-action payload: [PhotoPicker, DocumentPicker].").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "media/picker-not-top-level",
            code: "INVALID_ON_CLICK_ACTION_PAYLOAD",
            since: FlowVersion::V4_0,
            fail_example: fixture!("media/picker-not-top-level/fail.json"),
            pass_example: fixture!("media/picker-not-top-level/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&MEDIA_PAYLOADS_PASS),
    };
}
