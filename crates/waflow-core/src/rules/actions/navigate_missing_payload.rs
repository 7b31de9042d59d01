use crate::finding::Anchor;
use crate::rules::data_model::data_fields;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

use super::navigations;

rule! {
    /// A navigate action needs a `payload` when the next screen declares data.
    ///
    /// ## Why
    ///
    /// The next screen's data comes from this payload; without it the screen would render with no
    /// values.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/navigate-missing-payload",
            code: "MISSING_NAVIGATION_ACTION_PAYLOAD",
            fail_example: fixture!("actions/navigate-missing-payload/fail.json"),
            pass_example: fixture!("actions/navigate-missing-payload/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for (action, next) in navigations(ctx) {
        if action.value.has("payload") {
            continue;
        }
        let fields: Vec<&str> = next
            .data
            .into_iter()
            .flat_map(data_fields)
            .map(|(k, _)| k.as_str())
            .collect();
        if fields.is_empty() {
            continue;
        }
        sink.report(
            &RULE,
            action.pointer.clone(),
            format!(
                "screen {} declares data ({}) but this navigate action sends no payload",
                next.label(),
                fields.join(", ")
            ),
        )
        .anchor(Anchor::Key)
        .help("add a \"payload\" with a value for every field of the next screen's data");
    }
}
