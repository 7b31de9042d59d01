use serde_json::Value;

use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::r#if::branches_with_footer;
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A Footer in one case of a Switch needs a Footer in every case.
    ///
    /// ## Why
    ///
    /// The screen must keep its call to action whichever case shows; Meta rejects a Footer in only
    /// some cases ("Footer component must be present in all switch cases if it exists in one of the
    /// cases.").
    ///
    /// ## Notes
    ///
    /// Reported at every case without a Footer.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "switch/footer-cases",
            code: "MISSING_FOOTER_IN_SWITCH_BRANCHES",
            since: FlowVersion::V4_0,
            fail_example: fixture!("switch/footer-cases/fail.json"),
            pass_example: fixture!("switch/footer-cases/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let with_footer = branches_with_footer(ctx);
    for c in ctx.components.iter().filter(|c| c.kind == "Switch") {
        let Some(cases) = c.value.field("cases").and_then(Value::as_object) else {
            continue;
        };
        let has = |key: &str| with_footer.contains(&(c.index, key));
        if !cases.keys().any(|k| has(k)) {
            continue;
        }
        let base = pointer::push(&c.pointer, "cases");
        for key in cases.keys().filter(|k| !has(k)) {
            sink.report(
                &RULE,
                pointer::push(&base, key),
                format!("the case '{key}' has no Footer, but another case of this Switch has one"),
            )
            .anchor(Anchor::Key)
            .help("give every case its own Footer");
        }
    }
}
