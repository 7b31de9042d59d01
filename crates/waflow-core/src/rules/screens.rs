//! Screen rules: ids, terminal screens, `success`, `sensitive`.

use std::collections::HashMap;

use serde_json::Value;

use crate::finding::{Anchor, Severity};
use crate::version::FlowVersion;

use super::engine::{Rule, RuleInfo, Sink};
use super::refs::{done_screen, flow, nav_screen};
use super::walker::Ctx;

/// The screen rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "screens/duplicate-id",
            code: "DUPLICATE_SCREEN_IDS",
            summary: "Screen ids must be unique.",
            why: "Routing, navigate actions and global references name screens by id; Meta rejects a flow where an id is ambiguous.",
            fail_example: flow!("7.3"; nav_screen!("A", "B"), done_screen!("B"), done_screen!("B")),
            pass_example: flow!("7.3"; nav_screen!("A", "B"), done_screen!("B")),
            notes: "Meta points at every duplicate's `id`; waflow reports every occurrence after the first.",
            ..RuleInfo::DEFAULT
        },
        check: Some(duplicate_id),
    },
    Rule {
        info: RuleInfo {
            id: "screens/missing-terminal",
            code: "MISSING_TERMINAL_SCREEN",
            summary: "At least one screen must have `\"terminal\": true`.",
            why: "A flow ends on a terminal screen; without one it can never complete and Meta rejects it.",
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"Hi"}]}}]}"#,
            pass_example: flow!("7.3"; done_screen!("A")),
            ..RuleInfo::DEFAULT
        },
        check: Some(missing_terminal),
    },
    Rule {
        info: RuleInfo {
            id: "screens/id-pattern",
            code: "PATTERN_MISMATCH",
            summary: "A screen id may only contain ASCII letters and underscores (no digits); from 7.0 it may not be underscores only.",
            why: "Meta rejects other ids (`SCREEN_1` is a common surprise), and the same pattern applies to routing-model keys.",
            fail_example: flow!("7.3"; nav_screen!("STEP_1", "DONE"), done_screen!("DONE")),
            pass_example: flow!("7.3"; nav_screen!("STEP_ONE", "DONE"), done_screen!("DONE")),
            notes: "Builder patterns: `^[a-zA-Z,_]+$` before 7.0 (the comma is probably a bug, waflow accepts it as Meta does) and `^(?!_+$)[a-zA-Z_]+$` from 7.0. Empty ids are left to the schema layer (MIN_CHARS_REQUIRED). Meta reports a bad id once more for each routing-model key; waflow reports it once, at the screen.",
            reported_by: Some("schema/pattern"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "screens/reserved-id",
            code: "SCREEN_ID_IS_RESERVED_KEYWORD",
            summary: "A screen may not be called `success` (any casing).",
            why: "`SUCCESS` is the screen name an endpoint returns to end the flow; a real screen with that name is ambiguous.",
            fail_example: flow!("7.3"; nav_screen!("START", "success"), done_screen!("success")),
            pass_example: flow!("7.3"; nav_screen!("START", "THANKS"), done_screen!("THANKS")),
            notes: "Meta's builder rejects exactly `success` (error); the docs call `SUCCESS` reserved, so other casings are warnings.",
            ..RuleInfo::DEFAULT
        },
        check: Some(reserved_id),
    },
    Rule {
        info: RuleInfo {
            id: "screens/terminal-without-footer",
            code: "MISSING_FOOTER_ON_TERMINAL_SCREEN",
            summary: "Every terminal screen needs a Footer (anywhere in its layout, also inside Form, If or Switch).",
            why: "The Footer's button is how the user ends the flow; Meta rejects a terminal screen without one.",
            fail_example: flow!("7.3"; r#"{"id":"END","title":"End","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"Thanks"}]}}"#),
            pass_example: flow!("7.3"; done_screen!("END")),
            ..RuleInfo::DEFAULT
        },
        check: Some(terminal_without_footer),
    },
    Rule {
        info: RuleInfo {
            id: "screens/terminal-footer-action",
            code: "INVALID_PROPERTY_VALUE",
            summary: "The Footer of a terminal screen must complete the flow (`complete`, or `data_exchange` in an endpoint flow).",
            why: "A terminal screen ends the flow; a Footer that navigates elsewhere keeps the flow from ending.",
            fail_example: flow!("7.3"; nav_screen!("A", "B"), r#"{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"C"},"payload":{}}}]}}"#, done_screen!("C")),
            pass_example: flow!("7.3"; nav_screen!("A", "B"), done_screen!("B")),
            notes: "Meta's builder enforces this from 7.3 (error); for older versions it is reported as a warning. Only the first Footer of the screen is checked, as Meta does.",
            ..RuleInfo::DEFAULT
        },
        check: Some(terminal_footer_action),
    },
    Rule {
        info: RuleInfo {
            id: "screens/success-on-non-terminal",
            code: "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
            summary: "`success` may only be set on a terminal screen.",
            why: "`success` says whether ending the flow on this screen counts as a success; it means nothing elsewhere and Meta rejects it.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","success":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}}"#, done_screen!("B")),
            pass_example: flow!("7.3"; nav_screen!("A", "B"), done_screen!("B")),
            reported_by: Some("schema/conditional-property"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "screens/no-successful-terminal",
            code: "INVALID_PROPERTY_VALUE",
            summary: "At least one terminal screen must keep `success` true (the default).",
            why: "If every ending is marked unsuccessful, the flow can never report success; Meta rejects it.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"success":false,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}"#),
            pass_example: flow!("7.3"; done_screen!("A")),
            notes: "Meta's builder loop also counts non-terminal screens, so it rarely fires there; waflow implements the documented meaning (terminal screens only). Reported at each `success: false`.",
            ..RuleInfo::DEFAULT
        },
        check: Some(no_successful_terminal),
    },
    Rule {
        info: RuleInfo {
            id: "screens/unknown-sensitive-field",
            code: "INVALID_SENSITIVE_FIELD",
            since: FlowVersion::V5_1,
            summary: "Each entry of a screen's `sensitive` list must be the `name` of a component on that screen.",
            why: "`sensitive` masks those fields in the response summary; an unknown name masks nothing and Meta rejects it.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"sensitive":["pin"],"layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"password","label":"Password","input-type":"password"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"password":"${form.password}"}}}]}}"#),
            pass_example: flow!("7.3"; r#"{"id":"A","title":"A","terminal":true,"sensitive":["password"],"layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"password","label":"Password","input-type":"password"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"password":"${form.password}"}}}]}}"#),
            ..RuleInfo::DEFAULT
        },
        check: Some(unknown_sensitive_field),
    },
];

fn duplicate_id(ctx: &Ctx<'_>, sink: &mut Sink) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for screen in &ctx.screens {
        let Some(id) = screen.id else { continue };
        match first.get(id) {
            None => {
                first.insert(id, screen.index);
            }
            Some(&at) => {
                sink.report(
                    screen.id_pointer(),
                    format!("screen id \"{id}\" is already used by screens[{at}]"),
                )
                .help("give every screen its own id");
            }
        }
    }
}

fn missing_terminal(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.screens.is_empty() || ctx.screens.iter().any(|s| s.terminal) {
        return;
    }
    sink.report(
        "/screens",
        "no screen is marked \"terminal\": true, so the flow can never end",
    )
    .anchor(Anchor::Key)
    .help("add \"terminal\": true to the last screen, with a Footer whose action is complete");
}

fn reserved_id(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        let Some(id) = screen.id else { continue };
        if !id.eq_ignore_ascii_case("success") {
            continue;
        }
        let report = sink
            .report(
                screen.id_pointer(),
                format!("\"{id}\" is reserved: an endpoint answers with screen \"SUCCESS\" to end the flow"),
            )
            .help("choose another id, e.g. \"CONFIRMATION\"");
        if id != "success" {
            report.severity(Severity::Warning);
        }
    }
}

fn terminal_without_footer(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in ctx.screens.iter().filter(|s| s.terminal) {
        if ctx.components_of(screen).iter().any(|c| c.kind == "Footer") {
            continue;
        }
        let at = if screen.value.contains_key("terminal") {
            format!("{}/terminal", screen.pointer)
        } else {
            screen.pointer.clone()
        };
        sink.report(
            at,
            format!(
                "terminal screen {} has no Footer, so the user cannot end the flow",
                screen.label()
            ),
        )
        .help("add a Footer whose on-click-action is complete");
    }
}

fn terminal_footer_action(ctx: &Ctx<'_>, sink: &mut Sink) {
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
            .get("on-click-action")
            .and_then(|a| a.get("name"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        if allowed.contains(&name) || !matches!(name, "navigate" | "data_exchange") {
            continue;
        }
        let expected = allowed.join(" or ");
        let report = sink
            .report(
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

fn no_successful_terminal(ctx: &Ctx<'_>, sink: &mut Sink) {
    let terminals: Vec<_> = ctx.screens.iter().filter(|s| s.terminal).collect();
    if terminals.is_empty()
        || terminals
            .iter()
            .any(|s| s.value.get("success") != Some(&Value::Bool(false)))
    {
        return;
    }
    for screen in terminals {
        sink.report(
            format!("{}/success", screen.pointer),
            "every terminal screen sets \"success\": false, so the flow can never end successfully",
        )
        .help("let at least one terminal screen keep \"success\": true (the default)");
    }
}

fn unknown_sensitive_field(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        let Some(Value::Array(list)) = screen.value.get("sensitive") else {
            continue;
        };
        for (i, entry) in list.iter().enumerate() {
            let Some(name) = entry.as_str() else { continue };
            if screen.names.contains_key(name) {
                continue;
            }
            sink.report(
                format!("{}/sensitive/{i}", screen.pointer),
                format!(
                    "screen {} has no component named \"{name}\"",
                    screen.label()
                ),
            )
            .help("list the `name` of an input component of this screen");
        }
    }
}
