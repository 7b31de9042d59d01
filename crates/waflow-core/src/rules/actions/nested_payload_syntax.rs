use crate::expr;
use crate::finding::Anchor;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

use super::each_payload_expression;

rule! {
    /// Backtick expressions in complete, data_exchange and update_data payloads must parse.
    ///
    /// ## Why
    ///
    /// From 7.2 Meta parses these expressions when validating and passes the parser's error
    /// through.
    ///
    /// ## Notes
    ///
    /// Uses the same expression parser as the component rules (expressions/syntax). Type errors
    /// inside payload expressions are not checked: the payload has no declared type.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/nested-payload-syntax",
            code: "INVALID_ACTION_PAYLOAD_PROPERTY",
            since: FlowVersion::V7_2,
            fail_example: fixture!("actions/nested-payload-syntax/fail.json"),
            pass_example: fixture!("actions/nested-payload-syntax/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    each_payload_expression(ctx, &mut |_, at, s| {
        if let Err(e) = expr::parse_nested(s) {
            sink.report(
                &RULE,
                at.pointer(),
                format!("invalid expression: {}", e.message),
            )
            .anchor(Anchor::InString {
                start: e.span.start,
                end: e.span.end,
            })
            .help("fix the expression between the backticks, or send a plain value");
        }
    });
}
