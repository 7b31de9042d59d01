use crate::expr;
use crate::expr::scan::Ref;
use crate::finding::Anchor;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

use super::{each_payload_expression, unresolved};

rule! {
    /// References inside backtick expressions of complete, data_exchange and update_data payloads
    /// must exist.
    ///
    /// ## Why
    ///
    /// From 7.2 Meta evaluates these expressions when validating; a missing variable is rejected.
    ///
    /// ## Notes
    ///
    /// Expressions that do not parse are reported by actions/nested-payload-syntax instead. Meta's
    /// sample of this code is an update_data payload of an on-unselect-action
    /// (fixtures/conformance/nested-payload-unknown-reference.json), so update_data payloads are
    /// checked too.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/nested-payload-unknown-reference",
            code: "INVALID_ACTION_PAYLOAD_PROPERTY",
            since: FlowVersion::V7_2,
            fail_example: fixture!("actions/nested-payload-unknown-reference/fail.json"),
            pass_example: fixture!("actions/nested-payload-unknown-reference/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_payload_expression(ctx, &mut |from, at, s| {
        let Ok(parsed) = expr::parse_nested(s) else {
            return;
        };
        parsed.for_each_ref(&mut |r| {
            if let Some(why) = unresolved(ctx, from, &Ref::of(s, r)) {
                sink.report(
                    &RULE,
                    at.pointer(),
                    format!("{} does not resolve: {why}", r.text(s)),
                )
                .anchor(Anchor::InString {
                    start: r.span.start,
                    end: r.span.end,
                })
                .help("fix the reference inside the backticks");
            }
        });
    });
}
