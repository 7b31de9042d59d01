use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

use super::{MEDIA_PAYLOADS_PASS, complete_flow};

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
            fail_example: complete_flow!(
                r#"{"type":"PhotoPicker","name":"photo","label":"Photo","max-uploaded-photos":1}"#,
                r#"{"files":{"photo":"${form.photo}"}}"#
            ),
            pass_example: complete_flow!(
                r#"{"type":"PhotoPicker","name":"photo","label":"Photo","max-uploaded-photos":1}"#,
                r#"{"photo":"${form.photo}"}"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&MEDIA_PAYLOADS_PASS),
    };
}
