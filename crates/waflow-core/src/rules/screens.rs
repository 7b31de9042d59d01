//! Screen rules: ids, terminal screens, `success`, `sensitive`.

use std::collections::HashMap;

use crate::finding::Anchor;

use super::engine::{Rule, RuleInfo, Sink};
use super::walker::Ctx;

/// The screen rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "screens/duplicate-id",
            code: "DUPLICATE_SCREEN_IDS",
            summary: "Screen ids must be unique.",
            why: "Routing, navigate actions and global references name screens by id; Meta rejects a flow where an id is ambiguous.",
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}},{"id":"A","title":"Again","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}},{"id":"B","title":"Again","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
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
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            ..RuleInfo::DEFAULT
        },
        check: Some(missing_terminal),
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
                    format!("{}/id", screen.pointer),
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
