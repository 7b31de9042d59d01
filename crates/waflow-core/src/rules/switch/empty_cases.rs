use serde_json::Value;

use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A Switch needs at least one case.
    ///
    /// ## Why
    ///
    /// A Switch without cases shows nothing; Meta rejects it ("The 'cases' property of a Switch
    /// component cannot be empty.").
    ///
    /// ## Notes
    ///
    /// Meta's builder reports this message with INVALID_PROPERTY_VALUE; its error-code list names
    /// it EMPTY_SWITCH_CASES.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "switch/empty-cases",
            code: "EMPTY_SWITCH_CASES",
            since: FlowVersion::V4_0,
            fail_example: fixture!("switch/empty-cases/fail.json"),
            pass_example: fixture!("switch/empty-cases/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in ctx.components.iter().filter(|c| c.kind == "Switch") {
        if c.value
            .field("cases")
            .and_then(Value::as_object)
            .is_some_and(|cases| cases.is_empty())
        {
            sink.report(
                &RULE,
                pointer::push(&c.pointer, "cases"),
                "this Switch has no cases".to_owned(),
            )
            .help("add a case for each value to show something for");
        }
    }
}
