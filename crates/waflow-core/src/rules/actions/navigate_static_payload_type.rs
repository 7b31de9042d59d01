use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

use super::payload_type_issues;

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
    /// Meta's error-codes page files this case under INVALID_NAVIGATE_ACTION_PAYLOAD (its sample,
    /// fixtures/conformance/navigate-static-payload-type.json, decides the code); the builder
    /// emits INVALID_NAVIGATE_ACTION_STATIC_DATA.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/navigate-static-payload-type",
            code: "INVALID_NAVIGATE_ACTION_PAYLOAD",
            fail_example: fixture!("actions/navigate-static-payload-type/fail.json"),
            pass_example: fixture!("actions/navigate-static-payload-type/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    payload_type_issues(ctx, &RULE, false, sink);
}
