use crate::rules::engine::{Check, RuleInfo, Sink, rule};
use crate::rules::walker::Ctx;

use super::{payload_flow, payload_type_issues};

rule! {
    /// Literal values in a navigate payload must match the type of the next screen's field, through
    /// objects and arrays.
    ///
    /// ## Why
    ///
    /// The next screen renders the value with the declared type; Meta rejects mismatches.
    ///
    /// ## Notes
    ///
    /// Integers count as numbers. Object values must carry every declared property and no other.
    /// Meta's docs file this case under INVALID_NAVIGATE_ACTION_PAYLOAD; the builder emits
    /// INVALID_NAVIGATE_ACTION_STATIC_DATA.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/navigate-static-payload-type",
            code: "INVALID_NAVIGATE_ACTION_STATIC_DATA",
            fail_example: payload_flow!(
                r#"{"age":"thirty"}"#,
                r#"{"age":{"type":"number","__example__":30}}"#
            ),
            pass_example: payload_flow!(
                r#"{"age":30}"#,
                r#"{"age":{"type":"number","__example__":30}}"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    payload_type_issues(ctx, &RULE, false, sink);
}
