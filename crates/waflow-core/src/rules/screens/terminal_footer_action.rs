use serde_json::Value;

use crate::finding::Severity;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// The Footer of a terminal screen must complete the flow (`complete`, or `data_exchange` in an
    /// endpoint flow).
    ///
    /// ## Why
    ///
    /// A terminal screen ends the flow; a Footer that navigates elsewhere keeps the flow from
    /// ending.
    ///
    /// ## Notes
    ///
    /// Meta's builder enforces this from 7.3 (error); for older versions it is reported as a
    /// warning. Only the first Footer of the screen is checked, as Meta does.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/terminal-footer-action",
            code: "INVALID_PROPERTY_VALUE",
            fail_example: fixture!("screens/terminal-footer-action/fail.json"),
            pass_example: fixture!("screens/terminal-footer-action/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let allowed: &[&str] = if ctx.has_endpoint() {
        &["complete", "data_exchange"]
    } else {
        &["complete"]
    };
    for screen in ctx.screens.iter().filter(|s| s.terminal) {
        let Some(footer) = ctx
            .components_of(screen)
            .iter()
            .find(|c| c.kind == "Footer")
        else {
            continue;
        };
        let Some(name) = footer
            .value
            .field("on-click-action")
            .and_then(|a| a.field("name"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        if allowed.contains(&name) || !matches!(name, "navigate" | "data_exchange") {
            continue;
        }
        let expected = allowed.join(" or ");
        let report = sink
            .report(&RULE,
                format!("{}/on-click-action/name", footer.pointer),
                format!(
                    "the Footer of terminal screen {} uses {name}; on a terminal screen it must be {expected}",
                    screen.label()
                ),
            )
            .help("let the last Footer complete the flow, or make this screen non-terminal");
        if ctx.version < FlowVersion::V7_3 {
            report.severity(Severity::Warning);
        }
    }
}
