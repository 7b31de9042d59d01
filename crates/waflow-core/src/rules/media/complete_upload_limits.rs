use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::MEDIA_PAYLOADS_PASS;

rule! {
    /// The pickers sent in a `complete` payload may carry at most 10 files and 100 MiB in all
    /// (before 5.0: one picker, one file).
    ///
    /// ## Why
    ///
    /// The final response has a size budget; Meta adds up `max-uploaded-*` (default 30) and
    /// `max-uploaded-*` × `max-file-size-kb` (default 25600) of the referenced pickers and rejects
    /// the flow above the limits.
    ///
    /// ## Notes
    ///
    /// An unset `max-uploaded-*` counts as 30, so a picker sent in `complete` always needs one.
    /// Before 5.0 a complete payload may hold a single picker whose `max-uploaded-*` is 1.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "media/complete-upload-limits",
            code: "INVALID_ON_CLICK_ACTION_PAYLOAD",
            since: FlowVersion::V4_0,
            fail_example: fixture!("media/complete-upload-limits/fail.json"),
            pass_example: fixture!("media/complete-upload-limits/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&MEDIA_PAYLOADS_PASS),
    };
}
