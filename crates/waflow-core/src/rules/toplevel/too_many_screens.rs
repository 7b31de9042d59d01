use serde_json::Value;

use crate::rules::engine::{Check, RuleInfo, Sink, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

rule! {
    /// A flow may have at most 100 screens.
    ///
    /// ## Why
    ///
    /// Meta rejects flows with more than 100 screens.
    ///
    /// ## Notes
    ///
    /// The limit is a default of Meta's builder validator; no documentation states it. Reported
    /// once, at the 101st screen.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "toplevel/too-many-screens",
            code: "MAX_SCREENS_NUMBER",
            fail_example: "{\"version\": \"7.3\", \"screens\": [ …101 screens… ]}",
            pass_example: "{\"version\": \"7.3\", \"screens\": [ …100 screens or fewer… ]}",
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// Meta's limit on the number of screens in a flow.
const MAX_SCREENS: usize = 100;

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(Value::Array(screens)) = ctx.root.and_then(|r| r.field("screens")) else {
        return;
    };
    if screens.len() > MAX_SCREENS {
        sink.report(
            &RULE,
            format!("/screens/{MAX_SCREENS}"),
            format!(
                "the flow has {} screens; Meta allows at most {MAX_SCREENS}",
                screens.len()
            ),
        )
        .help("split the flow, or reuse screens with data from navigate payloads or the endpoint");
    }
}
