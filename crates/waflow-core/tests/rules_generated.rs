//! Rules whose failing flows are too large to write out, and robustness of the rules on
//! malformed documents.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../benches/support/flowgen.rs"]
mod flowgen;

use serde_json::{Value, json};
use waflow_core::rules::{Layer, registry, run};
use waflow_core::{CheckOptions, FlowVersion, check};

#[test]
fn generated_benchmark_flows_are_clean() {
    let text = flowgen::flow(20, 15);
    let report = check("gen.json", text.as_bytes(), &CheckOptions::default());
    let noisy: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| d.finding.rule.to_string())
        .collect();
    assert!(noisy.is_empty(), "{noisy:?}");
}

fn done(id: &str) -> Value {
    json!({"id": id, "title": "Done", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
    ]}})
}

fn rules_of(doc: &Value) -> Vec<(String, String)> {
    let text = serde_json::to_string_pretty(doc).unwrap();
    let report = check("generated.json", text.as_bytes(), &CheckOptions::default());
    report
        .diagnostics
        .iter()
        .map(|d| (d.finding.rule.to_string(), d.finding.pointer.clone()))
        .collect()
}

/// Letters-only screen ids: A, B, …, Z, AA, AB, …
fn letters(mut n: usize) -> String {
    let mut out = String::new();
    loop {
        out.insert(0, (b'A' + (n % 26) as u8) as char);
        if n < 26 {
            return out;
        }
        n = n / 26 - 1;
    }
}

fn chain(count: usize) -> Value {
    let mut screens: Vec<Value> = (0..count - 1)
        .map(|i| {
            json!({"id": letters(i), "title": "Step", "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "Footer", "label": "Next", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": letters(i + 1)}, "payload": {}}}
            ]}})
        })
        .collect();
    screens.push(done(&letters(count - 1)));
    json!({"version": "7.3", "screens": screens})
}

#[test]
fn too_many_screens() {
    let found = rules_of(&chain(101));
    let hits: Vec<_> = found
        .iter()
        .filter(|(r, _)| r == "toplevel/too-many-screens")
        .collect();
    assert_eq!(hits.len(), 1, "{found:?}");
    assert_eq!(
        found.len(),
        1,
        "only the screen count is reported: {found:?}"
    );
    assert_eq!(hits[0].1, "/screens/100");
    assert!(rules_of(&chain(100)).is_empty());
}

fn fan_out(targets: usize) -> Value {
    let cases: serde_json::Map<String, Value> = (0..targets)
        .map(|i| {
            let footer = json!([{"type": "Footer", "label": "Go", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": letters(i + 1)}, "payload": {}}}]);
            (format!("c{}", letters(i).to_lowercase()), footer)
        })
        .collect();
    let first = json!({"id": "A", "title": "Pick", "data": {"pick": {"type": "string", "__example__": "ca"}},
        "layout": {"type": "SingleColumnLayout", "children": [{"type": "Switch", "value": "${data.pick}", "cases": cases}]}});
    let mut screens = vec![first];
    screens.extend((1..=targets).map(|i| done(&letters(i))));
    json!({"version": "7.3", "screens": screens})
}

#[test]
fn too_many_navigate_branches() {
    let found = rules_of(&fan_out(11));
    assert!(
        found
            .iter()
            .any(|(r, p)| r == "navigation/too-many-branches" && p == "/screens/0"),
        "{found:?}"
    );
    let ok = rules_of(&fan_out(10));
    assert!(
        !ok.iter().any(|(r, _)| r == "navigation/too-many-branches"),
        "{ok:?}"
    );
}

/// Every way of breaking a value: removing it, or replacing it with each other JSON type.
fn mutations(doc: &Value) -> Vec<Value> {
    fn paths(v: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(at.clone());
        match v {
            Value::Object(m) => m.iter().for_each(|(k, c)| {
                let mut p = at.clone();
                p.push(k.clone());
                paths(c, p, out);
            }),
            Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| {
                let mut p = at.clone();
                p.push(i.to_string());
                paths(c, p, out);
            }),
            _ => {}
        }
    }
    let mut all = Vec::new();
    paths(doc, Vec::new(), &mut all);
    let replacements = [
        json!(null),
        json!(7),
        json!("x"),
        json!([]),
        json!({}),
        json!(true),
    ];
    let mut out = Vec::new();
    for path in all.iter().filter(|p| !p.is_empty()) {
        for r in &replacements {
            let mut d = doc.clone();
            let ptr: String = path
                .iter()
                .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
                .collect();
            *d.pointer_mut(&ptr).unwrap() = r.clone();
            out.push(d);
        }
    }
    out
}

#[test]
fn rules_never_panic_on_broken_examples() {
    for rule in registry()
        .into_iter()
        .filter(|r| r.layer == Layer::Semantic)
    {
        for example in [rule.fail_example, rule.pass_example] {
            let Ok(doc) = serde_json::from_str::<Value>(example) else {
                continue;
            };
            for broken in mutations(&doc) {
                for version in [FlowVersion::V2_1, FlowVersion::V7_3] {
                    let _ = run(version, &broken);
                }
            }
        }
    }
}
