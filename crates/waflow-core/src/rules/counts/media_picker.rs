use crate::rules::engine::{Check, RuleInfo, fixture, rule};
use crate::version::FlowVersion;

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen has at most one media picker: one PhotoPicker or one DocumentPicker, not one of
    /// each.
    ///
    /// ## Why
    ///
    /// Meta rejects a second picker on a screen ("You can only have a maximum of 1 component of
    /// type PhotoPicker or DocumentPicker per screen.").
    ///
    /// ## Notes
    ///
    /// Counted through Forms; the branches of an If, and the cases of a Switch, are alternatives:
    /// the larger count counts. Reported at the components past the limit.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/media-picker",
            code: "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
            since: FlowVersion::V4_0,
            fail_example: fixture!("counts/media-picker/fail.json"),
            pass_example: fixture!("counts/media-picker/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
