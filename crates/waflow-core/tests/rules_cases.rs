//! Version gates, severities and edge cases of the top-level, screen, data-model, routing,
//! action and flow rules, through the whole check pipeline. One snapshot lists every case.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support {
    pub mod findings;
}

use std::fmt::Write as _;

use serde_json::{Value, json};
use waflow_core::{CheckOptions, check};

/// Underlined text longer than this is clipped in the snapshot.
const CLIP: usize = 80;

const GROUPS: &[&str] = &[
    "toplevel/",
    "endpoint/",
    "screens/",
    "data/",
    "routing/",
    "navigation/",
    "actions/",
    "flow/",
];

fn footer(action: Value) -> Value {
    json!({"type": "Footer", "label": "Go", "on-click-action": action})
}

fn complete() -> Value {
    json!({"name": "complete", "payload": {}})
}

fn navigate(to: &str, payload: Value) -> Value {
    json!({"name": "navigate", "next": {"type": "screen", "name": to}, "payload": payload})
}

fn screen(id: &str, terminal: bool, data: Value, children: Value) -> Value {
    let mut s = json!({"id": id, "title": id, "layout": {"type": "SingleColumnLayout", "children": children}});
    if terminal {
        s["terminal"] = json!(true);
    }
    if !data.is_null() {
        s["data"] = data;
    }
    s
}

fn done(id: &str) -> Value {
    screen(id, true, Value::Null, json!([footer(complete())]))
}

fn field(ty: &str, example: Value) -> Value {
    json!({"type": ty, "__example__": example})
}

/// A screen A with `inputs` and a Footer navigating to B with `payload`; B declares `data`,
/// shows each field and completes.
fn transfer(version: &str, inputs: Value, payload: Value, data: Value) -> Value {
    let mut children = inputs.as_array().unwrap().clone();
    children.push(footer(navigate("B", payload)));
    let shows: Vec<Value> = data
        .as_object()
        .unwrap()
        .keys()
        .map(|k| json!({"type": "TextBody", "text": format!("${{data.{k}}}")}))
        .collect();
    let mut b_children = shows;
    let reads: serde_json::Map<String, Value> = data
        .as_object()
        .unwrap()
        .keys()
        .map(|k| (k.clone(), json!(format!("${{data.{k}}}"))))
        .collect();
    b_children.push(footer(json!({"name": "complete", "payload": reads})));
    json!({"version": version, "screens": [
        screen("A", false, Value::Null, Value::Array(children)),
        screen("B", true, data, Value::Array(b_children)),
    ]})
}

fn cases() -> Vec<(&'static str, Value)> {
    let nav_ab = |v: &str| {
        json!({"version": v, "screens": [
            screen("A", false, Value::Null, json!([footer(navigate("B", json!({})))])),
            screen("B", true, Value::Null, json!([footer(navigate("A", json!({})))])),
        ]})
    };
    vec![
        (
            "terminal Footer navigating, 7.2: warning only",
            nav_ab("7.2"),
        ),
        ("terminal Footer navigating, 7.3: error", nav_ab("7.3")),
        (
            "repeated screen id: reported once, not also as disconnected or a dead end",
            json!({"version": "7.3", "screens": [
                screen("A", false, Value::Null, json!([footer(navigate("B", json!({})))])),
                screen("B", true, Value::Null, json!([footer(json!({"name": "complete", "payload": {}}))])),
                screen("B", false, Value::Null, json!([{"type": "TextBody", "text": "x"}])),
            ]}),
        ),
        (
            "missing payload field, 6.3: warning (builder skips the key set)",
            transfer(
                "6.3",
                json!([]),
                json!({"a": "x"}),
                json!({"a": field("string", json!("x")), "b": field("string", json!("y"))}),
            ),
        ),
        (
            "missing payload field, 5.1: error",
            transfer(
                "5.1",
                json!([]),
                json!({"a": "x"}),
                json!({"a": field("string", json!("x")), "b": field("string", json!("y"))}),
            ),
        ),
        (
            "a screen called SUCCESS: warning (only `success` is an error)",
            json!({"version": "7.3", "screens": [
                screen("A", false, Value::Null, json!([footer(navigate("SUCCESS", json!({})))])),
                done("SUCCESS"),
            ]}),
        ),
        (
            "7.3: a navigate back to the first screen leaves no entry screen",
            json!({"version": "7.3", "data_api_version": "3.0", "routing_model": {"A": ["B"]}, "screens": [
                screen("A", false, Value::Null, json!([footer(json!({"name": "data_exchange", "payload": {}}))])),
                screen("B", true, Value::Null, json!([
                    {"type": "EmbeddedLink", "text": "Back to start", "on-click-action": navigate("A", json!({}))},
                    footer(complete()),
                ])),
            ]}),
        ),
        (
            "7.2: the same flow has an entry screen; the undeclared B → A is a warning (A → B declared)",
            json!({"version": "7.2", "data_api_version": "3.0", "routing_model": {"A": ["B"]}, "screens": [
                screen("A", false, Value::Null, json!([footer(json!({"name": "data_exchange", "payload": {}}))])),
                screen("B", true, Value::Null, json!([
                    {"type": "EmbeddedLink", "text": "Back to start", "on-click-action": navigate("A", json!({}))},
                    footer(complete()),
                ])),
            ]}),
        ),
        (
            "NavigationList screens are exempt from undeclared navigate (6.2+)",
            json!({"version": "6.2", "data_api_version": "3.0", "routing_model": {"MENU": ["C"]}, "screens": [
                screen("MENU", false, Value::Null, json!([{"type": "NavigationList", "name": "menu", "list-items": [
                    {"id": "b", "main-content": {"title": "B"}, "on-click-action": navigate("B", json!({}))},
                    {"id": "c", "main-content": {"title": "C"}, "on-click-action": navigate("C", json!({}))},
                ]}])),
                done("B"),
                done("C"),
            ]}),
        ),
        (
            "data_api_version without routing_model: one root cause, no generated-routing errors",
            json!({"version": "7.3", "data_api_version": "3.0", "screens": [
                screen("A", false, Value::Null, json!([footer(json!({"name": "data_exchange", "payload": {}}))])),
                done("B"),
            ]}),
        ),
        (
            "navigate without next or with a bound target: no connectivity findings",
            json!({"version": "7.3", "screens": [
                screen("A", false, json!({"to": field("string", json!("B"))}), json!([footer(json!({"name": "navigate", "next": {"type": "screen", "name": "${data.to}"}, "payload": {}}))])),
                screen("C", false, Value::Null, json!([footer(json!({"name": "navigate", "payload": {}}))])),
                done("B"),
            ]}),
        ),
        (
            "backtick payload references: checked from 7.2",
            json!({"version": "7.2", "screens": [screen("A", true, Value::Null, json!([
                {"type": "TextInput", "name": "first", "label": "First"},
                footer(json!({"name": "complete", "payload": {"hello": "`'Hi ' ${form.last} ${data.nope}`"}})),
            ]))]}),
        ),
        (
            "backtick payload references: not checked in 7.1",
            json!({"version": "7.1", "screens": [screen("A", true, Value::Null, json!([
                {"type": "TextInput", "name": "first", "label": "First"},
                footer(json!({"name": "complete", "payload": {"hello": "`'Hi ' ${form.last}`"}})),
            ]))]}),
        ),
        (
            "form value types: CheckboxGroup array ok, OptIn boolean vs string, CalendarPicker range object ok",
            transfer(
                "7.3",
                json!([
                    {"type": "CheckboxGroup", "name": "tags", "label": "Tags", "data-source": [{"id": "a", "title": "A"}]},
                    {"type": "OptIn", "name": "agree", "label": "Agree"},
                    {"type": "CalendarPicker", "name": "stay", "mode": "range", "label": {"start-date": "From", "end-date": "To"}},
                ]),
                json!({"tags": "${form.tags}", "agree": "${form.agree}", "stay": "${form.stay}"}),
                json!({
                    "tags": {"type": "array", "items": {"type": "string"}, "__example__": ["a"]},
                    "agree": field("string", json!("yes")),
                    "stay": {"type": "object", "properties": {"start-date": {"type": "string"}, "end-date": {"type": "string"}}, "__example__": {"start-date": "2025-01-01", "end-date": "2025-01-02"}},
                }),
            ),
        ),
        (
            "static payloads: integer for number ok, 3.5 for integer, object with a missing and an extra property, array item type",
            transfer(
                "7.3",
                json!([]),
                json!({"n": 3, "i": 3.5, "o": {"a": "x", "z": 1}, "l": ["a", 2]}),
                json!({
                    "n": field("number", json!(1)),
                    "i": field("integer", json!(1)),
                    "o": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "__example__": {"a": "x", "b": "y"}},
                    "l": {"type": "array", "items": {"type": "string"}, "__example__": ["a"]},
                }),
            ),
        ),
        (
            "dynamic data payload: object property sets differ",
            json!({"version": "7.3", "screens": [
                screen("A", false, json!({"user": {"type": "object", "properties": {"name": {"type": "string"}}, "__example__": {"name": "Ann"}}}), json!([
                    {"type": "TextBody", "text": "${data.user.name}"},
                    footer(navigate("B", json!({"user": "${data.user}"}))),
                ])),
                screen("B", true, json!({"user": {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "number"}}, "__example__": {"name": "Ann", "age": 3}}}), json!([
                    {"type": "TextBody", "text": "${data.user.name}"},
                    footer(complete()),
                ])),
            ]}),
        ),
        (
            "a field read only through a global reference is used; a terms page opened from an EmbeddedLink is not a dead end",
            json!({"version": "7.3", "screens": [
                screen("A", false, json!({"name": field("string", json!("Ann"))}), json!([
                    {"type": "EmbeddedLink", "text": "Terms", "on-click-action": navigate("TERMS", json!({}))},
                    footer(navigate("B", json!({}))),
                ])),
                screen("TERMS", false, Value::Null, json!([{"type": "TextBody", "text": "Our terms"}])),
                screen("B", true, Value::Null, json!([footer(json!({"name": "complete", "payload": {"name": "${screen.A.data.name}"}}))])),
            ]}),
        ),
        (
            "sensitive is only checked from 5.1; refresh_on_back is fine with an endpoint",
            json!({"version": "5.0", "data_api_version": "3.0", "routing_model": {"A": []}, "screens": [
                {"id": "A", "title": "A", "terminal": true, "sensitive": ["nope"], "refresh_on_back": true,
                 "layout": {"type": "SingleColumnLayout", "children": [footer(complete())]}},
            ]}),
        ),
        (
            "update_data rules (and its payload references) start at 6.0",
            json!({"version": "5.1", "screens": [screen("A", true, Value::Null, json!([
                {"type": "Dropdown", "name": "d", "label": "D", "data-source": [{"id": "a", "title": "A"}], "on-select-action": {"name": "update_data", "payload": {"x": "${data.x}"}}},
                footer(complete()),
            ]))]}),
        ),
        (
            "every terminal screen unsuccessful: each success: false is reported",
            json!({"version": "7.3", "screens": [
                {"id": "A", "title": "A", "terminal": true, "success": false, "layout": {"type": "SingleColumnLayout", "children": [
                    {"type": "EmbeddedLink", "text": "Other", "on-click-action": navigate("B", json!({}))}, footer(complete())]}},
                {"id": "B", "title": "B", "terminal": true, "success": false, "layout": {"type": "SingleColumnLayout", "children": [footer(complete())]}},
            ]}),
        ),
        (
            "two screens that only lead to each other: disconnected vs unreachable",
            json!({"version": "7.3", "screens": [
                screen("A", false, Value::Null, json!([footer(navigate("D", json!({})))])),
                screen("B", false, Value::Null, json!([
                    {"type": "EmbeddedLink", "text": "C", "on-click-action": navigate("C", json!({}))},
                    footer(navigate("D", json!({}))),
                ])),
                screen("C", false, Value::Null, json!([footer(navigate("B", json!({})))])),
                done("D"),
            ]}),
        ),
    ]
}

#[test]
fn cases_snapshot() {
    let mut out = String::new();
    for (name, doc) in cases() {
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let report = check("case.json", text.as_bytes(), &CheckOptions::default());
        let _ = writeln!(out, "== {name}");
        for d in &report.diagnostics {
            if GROUPS.iter().any(|g| d.finding.rule.starts_with(g)) {
                out.push_str(&support::findings::block(&report, d, CLIP));
            }
        }
    }
    insta::assert_snapshot!(out);
}

/// Payload keys holding `/` or `~` are escaped once in the pointer, so the finding lands on the
/// key itself.
#[test]
fn payload_keys_with_slashes_point_at_the_key() {
    let doc = json!({"version": "7.3", "screens": [
        screen("A", false, Value::Null, json!([footer(navigate("B", json!({"a/b~c": "x"})))])),
        screen(
            "B",
            true,
            json!({"a/b~c": field("string", json!("x"))}),
            json!([footer(json!({"name": "complete", "payload": {}}))]),
        ),
    ]});
    let text = serde_json::to_string(&doc).unwrap();
    let report = check("case.json", text.as_bytes(), &CheckOptions::default());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.finding.rule == "flow/unread-payload-field")
        .expect("the unread field is reported");
    assert!(
        d.finding
            .pointer
            .ends_with("/on-click-action/payload/a~1b~0c"),
        "{}",
        d.finding.pointer
    );
    assert_eq!(&report.text[d.span.start..d.span.end], "\"a/b~c\"");
}
