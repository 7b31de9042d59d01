use serde_json::Value;

use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

rule! {
    /// At least one terminal screen must keep `success` true (the default).
    ///
    /// ## Why
    ///
    /// If every ending is marked unsuccessful, the flow can never report success; Meta rejects it.
    ///
    /// ## Notes
    ///
    /// Meta's builder loop also counts non-terminal screens, so it rarely fires there; waflow
    /// implements the documented meaning (terminal screens only). Reported at each `success:
    /// false`.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/no-successful-terminal",
            code: "INVALID_PROPERTY_VALUE",
            fail_example: fixture!("screens/no-successful-terminal/fail.json"),
            pass_example: fixture!("screens/no-successful-terminal/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let terminals: Vec<_> = ctx.screens.iter().filter(|s| s.terminal).collect();
    if terminals.is_empty()
        || terminals
            .iter()
            .any(|s| s.value.field("success") != Some(&Value::Bool(false)))
    {
        return;
    }
    for screen in terminals {
        sink.report(
            &RULE,
            format!("{}/success", screen.pointer),
            "every terminal screen sets \"success\": false, so the flow can never end successfully",
        )
        .help("let at least one terminal screen keep \"success\": true (the default)");
    }
}
