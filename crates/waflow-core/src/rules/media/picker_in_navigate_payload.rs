use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

use super::MEDIA_PAYLOADS_PASS;

/// A screen with the picker `$picker` whose Footer navigates to a terminal screen B with
/// `$payload` (JSON text).
macro_rules! navigate_flow {
    ($picker:literal, $payload:literal) => {
        concat!(
            r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":["#,
            $picker,
            r#",{"type":"Footer","label":"Send","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":"#,
            $payload,
            r#"}}]}},{"id":"B","title":"B","terminal":true,"data":{"note":{"type":"string","__example__":"x"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${data.note}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#
        )
    };
}

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
            fail_example: navigate_flow!(
                r#"{"type":"PhotoPicker","name":"photo","label":"Photo"}"#,
                r#"{"note":"${form.photo}"}"#
            ),
            pass_example: navigate_flow!(
                r#"{"type":"PhotoPicker","name":"photo","label":"Photo"}"#,
                r#"{"note":"sent"}"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&MEDIA_PAYLOADS_PASS),
    };
}
