//! If and Switch: nesting depth, Footers in every branch, non-empty cases. (Conditions are
//! parsed and typed with the other dynamic values, in `bindings.rs`.)

use std::collections::HashSet;

use serde_json::Value;

use crate::finding::Anchor;
use crate::pointer;
use crate::version::FlowVersion;

use super::engine::{Rule, RuleInfo, Sink};
use super::props::{branch_key, one_screen};
use super::walker::{Branch, Ctx};

/// The deepest an If may sit inside other Ifs (three levels in all).
const MAX_IF_LEVELS: usize = 3;

const CONDITIONAL: RuleInfo = RuleInfo {
    since: FlowVersion::V4_0,
    ..RuleInfo::DEFAULT
};

/// The If and Switch rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "if/nesting",
            code: "MAXIMUM_IF_NESTING",
            summary: "If components may be nested at most three levels deep.",
            why: "Meta rejects deeper nesting (\"The 'If' component can only be nested up to 3 levels deep.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"a":{"type":"boolean","__example__":true}}"#,
                r#"{"type":"If","condition":"${data.a}","then":[{"type":"If","condition":"${data.a}","then":[{"type":"If","condition":"${data.a}","then":[{"type":"If","condition":"${data.a}","then":[{"type":"TextBody","text":"Deep"}]}]}]}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"a":{"type":"boolean","__example__":true}}"#,
                r#"{"type":"If","condition":"${data.a}","then":[{"type":"If","condition":"${data.a}","then":[{"type":"If","condition":"${data.a}","then":[{"type":"TextBody","text":"Deep enough"}]}]}]},"#
            ),
            notes: "Reported at the first If that is too deep in each chain, not at the Ifs inside it.",
            ..CONDITIONAL
        },
        check: Some(if_nesting),
    },
    Rule {
        info: RuleInfo {
            id: "if/footer-branches",
            code: "MISSING_FOOTER_IN_IF_ELSE_BRANCHES",
            summary: "A Footer in one branch of an If needs a Footer in the other, so `else` must exist.",
            why: "The screen must keep its call to action whichever branch shows; Meta rejects a Footer in only one branch (\"Footer component must be present in all branches of 'If' component if it exists in any one branch.\").",
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"data":{"vip":{"type":"boolean","__example__":true}},"layout":{"type":"SingleColumnLayout","children":[{"type":"If","condition":"${data.vip}","then":[{"type":"Footer","label":"VIP","on-click-action":{"name":"complete","payload":{}}}]}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"data":{"vip":{"type":"boolean","__example__":true}},"layout":{"type":"SingleColumnLayout","children":[{"type":"If","condition":"${data.vip}","then":[{"type":"Footer","label":"VIP","on-click-action":{"name":"complete","payload":{}}}],"else":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}]}}]}"#,
            notes: "Reported at the branch without a Footer (at the If when `else` is missing). A Footer in an If plus one outside it is counts/footer.",
            ..CONDITIONAL
        },
        check: Some(footer_branches),
    },
    Rule {
        info: RuleInfo {
            id: "if/footer-in-nested-if",
            code: "INVALID_PROPERTY_VALUE",
            summary: "A Footer may sit in the branches of a first-level If only, not in an If nested inside another If.",
            why: "Meta's component schema allows a Footer only at the first If level and rejects the flow otherwise.",
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"data":{"a":{"type":"boolean","__example__":true},"b":{"type":"boolean","__example__":true}},"layout":{"type":"SingleColumnLayout","children":[{"type":"If","condition":"${data.a}","then":[{"type":"If","condition":"${data.b}","then":[{"type":"Footer","label":"B","on-click-action":{"name":"complete","payload":{}}}],"else":[{"type":"Footer","label":"Not B","on-click-action":{"name":"complete","payload":{}}}]}],"else":[{"type":"Footer","label":"Not A","on-click-action":{"name":"complete","payload":{}}}]}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"data":{"a":{"type":"boolean","__example__":true},"b":{"type":"boolean","__example__":true}},"layout":{"type":"SingleColumnLayout","children":[{"type":"If","condition":"${data.a} && ${data.b}","then":[{"type":"Footer","label":"B","on-click-action":{"name":"complete","payload":{}}}],"else":[{"type":"Footer","label":"Other","on-click-action":{"name":"complete","payload":{}}}]}]}}]}"#,
            notes: "Meta reports this as a schema failure (the nested If's `then` fails its `oneOf`, code INVALID_PROPERTY_VALUE). Combine the conditions in the first-level If instead.",
            ..CONDITIONAL
        },
        check: Some(footer_in_nested_if),
    },
    Rule {
        info: RuleInfo {
            id: "if/empty-then",
            code: "INVALID_PROPERTY_VALUE",
            summary: "An If's `then` must hold at least one component.",
            why: "Meta rejects an empty `then` (\"Expected array to contain at least one component.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"b":{"type":"boolean","__example__":true}}"#,
                r#"{"type":"If","condition":"${data.b}","then":[],"else":[{"type":"TextBody","text":"No"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"b":{"type":"boolean","__example__":true}}"#,
                r#"{"type":"If","condition":"!${data.b}","then":[{"type":"TextBody","text":"No"}]},"#
            ),
            notes: "The schema layer reports it (minItems).",
            reported_by: Some("schema/min-items"),
            ..CONDITIONAL
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "switch/footer-cases",
            code: "MISSING_FOOTER_IN_SWITCH_BRANCHES",
            summary: "A Footer in one case of a Switch needs a Footer in every case.",
            why: "The screen must keep its call to action whichever case shows; Meta rejects a Footer in only some cases (\"Footer component must be present in all switch cases if it exists in one of the cases.\").",
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"data":{"plan":{"type":"string","__example__":"pro"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"Switch","value":"${data.plan}","cases":{"pro":[{"type":"Footer","label":"Upgrade","on-click-action":{"name":"complete","payload":{}}}],"free":[{"type":"TextBody","text":"Free plan"}]}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","terminal":true,"data":{"plan":{"type":"string","__example__":"pro"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"Switch","value":"${data.plan}","cases":{"pro":[{"type":"Footer","label":"Upgrade","on-click-action":{"name":"complete","payload":{}}}],"free":[{"type":"TextBody","text":"Free plan"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}}]}"#,
            notes: "Reported at every case without a Footer.",
            ..CONDITIONAL
        },
        check: Some(footer_cases),
    },
    Rule {
        info: RuleInfo {
            id: "switch/empty-cases",
            code: "EMPTY_SWITCH_CASES",
            summary: "A Switch needs at least one case.",
            why: "A Switch without cases shows nothing; Meta rejects it (\"The 'cases' property of a Switch component cannot be empty.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"plan":{"type":"string","__example__":"pro"}}"#,
                r#"{"type":"Switch","value":"${data.plan}","cases":{}},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"plan":{"type":"string","__example__":"pro"}}"#,
                r#"{"type":"Switch","value":"${data.plan}","cases":{"pro":[{"type":"TextBody","text":"Pro plan"}]}},"#
            ),
            notes: "Meta's builder reports this message with INVALID_PROPERTY_VALUE; its error-code list names it EMPTY_SWITCH_CASES.",
            ..CONDITIONAL
        },
        check: Some(empty_cases),
    },
];

fn if_nesting(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        // `if_depth` counts the Ifs around the component; report the first one too deep.
        if c.kind == "If" && c.if_depth == MAX_IF_LEVELS {
            sink.report(
                pointer::push(&c.pointer, "type"),
                format!(
                    "this If sits inside {} other Ifs; Ifs may be nested at most {MAX_IF_LEVELS} levels deep",
                    c.if_depth
                ),
            )
            .help("combine the conditions with && instead of nesting another If");
        }
    }
}

/// The (If/Switch, branch) pairs that hold a Footer anywhere inside them.
fn branches_with_footer<'a>(ctx: &Ctx<'a>) -> HashSet<(usize, &'a str)> {
    ctx.components
        .iter()
        .filter(|c| c.kind == "Footer")
        .flat_map(|c| {
            c.branches
                .iter()
                .map(|s| (s.component, branch_key(s.branch)))
        })
        .collect()
}

fn footer_branches(ctx: &Ctx<'_>, sink: &mut Sink) {
    let with_footer = branches_with_footer(ctx);
    for c in ctx.components.iter().filter(|c| c.kind == "If") {
        let then = with_footer.contains(&(c.index, branch_key(Branch::Then)));
        let other = with_footer.contains(&(c.index, branch_key(Branch::Else)));
        if then == other {
            continue;
        }
        let has_else = c.value.get("else").is_some();
        let (branch, message) = match (then, has_else) {
            (true, false) => (
                "then",
                "this If has a Footer in `then` but no `else` branch",
            ),
            (true, true) => (
                "else",
                "the `else` branch has no Footer, but the `then` branch has one",
            ),
            (false, _) => (
                "then",
                "the `then` branch has no Footer, but the `else` branch has one",
            ),
        };
        // An If without `then` (its `else` has the Footer) is reported on the If itself.
        let (at, message) = match c.value.contains_key(branch) {
            true => (pointer::push(&c.pointer, branch), message),
            false => (
                c.pointer.clone(),
                "this If has no `then` branch, but the `else` branch has a Footer",
            ),
        };
        sink.report(at, message)
            .anchor(Anchor::Key)
            .help(if has_else {
                "give both branches a Footer"
            } else {
                "add an `else` branch with its own Footer"
            });
    }
}

fn footer_in_nested_if(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in ctx
        .components
        .iter()
        .filter(|c| c.kind == "Footer" && c.if_depth > 1)
    {
        sink.report(
            pointer::push(&c.pointer, "type"),
            format!(
                "this Footer sits in an If nested {} levels deep; a Footer may only be in a first-level If",
                c.if_depth
            ),
        )
        .help("combine the conditions with && in the first-level If and put the Footers in its branches");
    }
}

fn footer_cases(ctx: &Ctx<'_>, sink: &mut Sink) {
    let with_footer = branches_with_footer(ctx);
    for c in ctx.components.iter().filter(|c| c.kind == "Switch") {
        let Some(cases) = c.value.get("cases").and_then(Value::as_object) else {
            continue;
        };
        let has = |key: &str| with_footer.contains(&(c.index, key));
        if !cases.keys().any(|k| has(k)) {
            continue;
        }
        let base = pointer::push(&c.pointer, "cases");
        for key in cases.keys().filter(|k| !has(k)) {
            sink.report(
                pointer::push(&base, key),
                format!("the case '{key}' has no Footer, but another case of this Switch has one"),
            )
            .anchor(Anchor::Key)
            .help("give every case its own Footer");
        }
    }
}

fn empty_cases(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in ctx.components.iter().filter(|c| c.kind == "Switch") {
        if c.value
            .get("cases")
            .and_then(Value::as_object)
            .is_some_and(|cases| cases.is_empty())
        {
            sink.report(
                pointer::push(&c.pointer, "cases"),
                "this Switch has no cases".to_owned(),
            )
            .help("add a case for each value to show something for");
        }
    }
}
