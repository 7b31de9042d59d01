//! The fixes as code actions: a quick fix per fixable diagnostic (safe ones preferred, unsafe
//! ones said so) and "fix all" (`source.fixAll`, the safe fixes only), against reviewed
//! snapshots; applying "fix all" leaves no safely fixable finding.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::atomic::Ordering;

use serde_json::{Value, json};
use support::{Client, uri};

/// A flow with a `success` on a non-terminal screen (a safe fix) and a misspelt `label` (an
/// unsafe one).
fn flow() -> String {
    include_str!("../../../fixtures/fixes/schema/conditional-property/before.json")
        .replace("\"label\": \"Done\"", "\"lable\": \"Done\"")
}

fn actions(client: &mut Client, diagnostics: &Value, only: Option<&str>) -> Value {
    let mut context = json!({ "diagnostics": diagnostics });
    if let Some(kind) = only {
        context["only"] = json!([kind]);
    }
    client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri("fix.json") },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": context
        }),
    )
}

/// The fix actions (not "ignore this finding", tested in `features.rs`) without their copies of
/// the diagnostics: title, kind, preferred, edits.
fn brief(actions: &Value) -> Value {
    let list = actions.as_array().unwrap();
    Value::Array(
        list.iter()
            .filter(|a| !a["title"].as_str().unwrap().starts_with("Ignore"))
            .map(|a| {
                let edits: Vec<Value> = a["edit"]["changes"]
                    .as_object()
                    .map(|c| {
                        c.values()
                            .flat_map(|e| e.as_array().unwrap().clone())
                            .collect()
                    })
                    .unwrap_or_default();
                json!({
                    "title": a["title"],
                    "kind": a["kind"],
                    "isPreferred": a["isPreferred"],
                    "edits": edits,
                })
            })
            .collect(),
    )
}

/// `text` with one LSP edit applied (the test texts are ASCII: characters are bytes).
fn apply(text: &str, edit: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        text.split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>()
            + character
    };
    let (start, end) = (
        offset(&edit["range"]["start"]),
        offset(&edit["range"]["end"]),
    );
    format!(
        "{}{}{}",
        &text[..start],
        edit["newText"].as_str().unwrap(),
        &text[end..]
    )
}

#[test]
fn fixable_findings_have_quick_fixes_and_fix_all_applies_the_safe_ones() {
    let mut client = Client::start();
    let text = flow();
    let published = client.open("fix.json", &text);
    let diagnostics = published["diagnostics"].clone();
    let quick = actions(&mut client, &diagnostics, Some("quickfix"));
    insta::assert_json_snapshot!("quick_fixes", brief(&quick));

    let all = actions(&mut client, &diagnostics, Some("source.fixAll"));
    insta::assert_json_snapshot!("fix_all", brief(&all));
    let edits = all[0]["edit"]["changes"][uri("fix.json")]
        .as_array()
        .unwrap();
    assert_eq!(edits.len(), 1);
    let fixed = apply(&text, &edits[0]);
    assert!(!fixed.contains("\"success\""));
    assert!(fixed.contains("\"lable\""), "fix all applies no unsafe fix");

    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri("fix.json"), "version": 2 },
            "contentChanges": [{ "text": fixed }]
        }),
    );
    let after = client.diagnostics(&uri("fix.json"));
    let rules: Vec<&str> = after["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["data"]["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["schema/missing-property", "schema/unknown-property"]
    );
    // Nothing safe is left to fix: no "fix all" any more.
    let none = actions(&mut client, &after["diagnostics"], Some("source.fixAll"));
    assert_eq!(none, json!([]));
}

#[test]
fn code_actions_check_each_fix_once_per_change() {
    let checks = |client: &Client| client.checks.load(Ordering::SeqCst);
    let start_line = |actions: &Value| -> Vec<u64> {
        brief(actions)
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["edits"][0]["range"]["start"]["line"].as_u64().unwrap())
            .collect()
    };
    let mut client = Client::start();
    let text = flow();
    let published = client.open("fix.json", &text);
    let first = actions(&mut client, &published["diagnostics"], None);
    let before = checks(&client);
    // The cursor moves: the editor asks again about the same text.
    let again = actions(&mut client, &published["diagnostics"], None);
    assert_eq!(again, first);
    assert_eq!(checks(&client), before, "nothing is checked again");
    // After a change the fixes are checked again, for the new text: a line put first moves
    // every edit one line down.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri("fix.json"), "version": 2 },
            "contentChanges": [{ "text": format!("\n{text}") }]
        }),
    );
    let moved = client.diagnostics(&uri("fix.json"));
    let after = actions(&mut client, &moved["diagnostics"], None);
    assert!(checks(&client) > before + 1, "the new text is checked");
    let lines: Vec<u64> = start_line(&first).iter().map(|l| l + 1).collect();
    assert!(!lines.is_empty());
    assert_eq!(start_line(&after), lines);
}

#[test]
fn only_the_kinds_asked_for_are_answered() {
    let mut client = Client::start();
    let published = client.open("fix.json", &flow());
    let diagnostics = published["diagnostics"].clone();
    let everything = actions(&mut client, &diagnostics, None);
    let kinds: Vec<&str> = everything
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"quickfix") && kinds.contains(&"source.fixAll"),
        "{kinds:?}"
    );
    let source = actions(&mut client, &diagnostics, Some("source"));
    assert_eq!(source.as_array().map(Vec::len), Some(1));
    assert_eq!(source[0]["kind"], "source.fixAll");
}

#[test]
fn a_quick_fix_that_would_add_an_error_is_not_offered() {
    // Adding the missing route A -> B would make B -> A a backward route: the CLI and "fix all"
    // drop that fix, so the quick fix must not offer it either.
    let text = include_str!(
        "../../../fixtures/fixes/routing/undeclared-navigate/rejected-backward-route.json"
    );
    let mut client = Client::start();
    let published = client.open("fix.json", text);
    let diagnostics = published["diagnostics"].clone();
    let rules: Vec<&str> = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["data"]["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"routing/undeclared-navigate"), "{rules:?}");
    let quick = actions(&mut client, &diagnostics, Some("quickfix"));
    assert_eq!(brief(&quick), json!([]), "{quick:#}");
}
