//! Every pointer a finding reports resolves in its document (RFC 6901), so tools can follow it:
//! over our fixtures, the examples, the real-world corpus (`../shared/corpus/real`) and the
//! reliability round's kept inputs (`../shared/reports/crashers`), and over every copy of a
//! fixture or example with one member removed (how the fuzz run found a component without
//! `type` and an If without `then`).

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "support/shared.rs"]
mod shared;

#[path = "support/files.rs"]
mod files;

use std::path::{Path, PathBuf};

use files::json_files;
use serde_json::Value;
use waflow_core::{CheckOptions, check, document, pointer};

fn ours() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["fixtures", "examples"] {
        json_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 200, "only {} files", files.len());
    files
}

/// The findings of `bytes` whose pointer does not resolve, as `label: rule pointer`.
fn unresolved(label: &str, bytes: &[u8]) -> Vec<String> {
    let options = CheckOptions {
        max_findings: None,
        ..CheckOptions::default()
    };
    let report = check(label, bytes, &options);
    let Some(doc) = document::load(bytes).0.value else {
        return Vec::new();
    };
    report
        .diagnostics
        .iter()
        .filter(|d| doc.pointer(&d.finding.pointer).is_none())
        .map(|d| format!("{label}: {} {}", d.finding.rule, d.finding.pointer))
        .collect()
}

fn assert_none(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} pointers do not resolve, e.g.:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

#[test]
fn pointers_resolve_in_fixtures_examples_corpus_and_kept_inputs() {
    let mut files = ours();
    if let Some(corpus) = shared::shared("corpus/real") {
        json_files(&corpus, &mut files);
    }
    if let Some(kept) = shared::shared("reports/crashers") {
        json_files(&kept, &mut files);
    }
    let mut failures = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        failures.extend(unresolved(&file.display().to_string(), &bytes));
    }
    assert_none(&failures);
}

/// Every member of `v`, as (pointer of its container, key or index).
fn members(v: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                out.push((at.to_owned(), k.clone()));
                members(c, &pointer::push(at, k), out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                out.push((at.to_owned(), i.to_string()));
                members(c, &pointer::push_index(at, i), out);
            }
        }
        _ => {}
    }
}

#[test]
fn pointers_resolve_with_any_one_member_removed() {
    let mut failures = Vec::new();
    let mut variants = 0;
    for file in ours() {
        let Ok(doc) = serde_json::from_slice::<Value>(&std::fs::read(&file).unwrap()) else {
            continue;
        };
        let mut all = Vec::new();
        members(&doc, "", &mut all);
        for (container, key) in all {
            let mut copy = doc.clone();
            match copy.pointer_mut(&container) {
                Some(Value::Object(m)) => {
                    m.shift_remove(&key);
                }
                Some(Value::Array(a)) => {
                    a.remove(key.parse::<usize>().unwrap());
                }
                _ => unreachable!(),
            }
            let bytes = serde_json::to_vec(&copy).unwrap();
            let label = format!(
                "{} without {}",
                file.display(),
                pointer::push(&container, &key)
            );
            failures.extend(unresolved(&label, &bytes));
            variants += 1;
        }
    }
    assert!(variants > 8_000, "only {variants} variants");
    assert_none(&failures);
}

fn finding_of(flow: &Value, rule: &str) -> (String, String) {
    let report = check(
        "x.json",
        flow.to_string().as_bytes(),
        &CheckOptions::default(),
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.finding.rule == rule)
        .unwrap_or_else(|| panic!("no {rule} finding"));
    (d.finding.pointer.clone(), d.finding.message.clone())
}

#[test]
fn a_missing_key_is_reported_on_its_parent_and_named() {
    use serde_json::json;
    let footer = json!({"type": "Footer", "label": "Done",
        "on-click-action": {"name": "complete", "payload": {}}});
    let screen = |children: Vec<Value>| {
        json!({"version": "7.3", "screens": [{"id": "A", "title": "t", "terminal": true,
            "data": {"a": {"type": "boolean", "__example__": true}},
            "layout": {"type": "SingleColumnLayout", "children": children}}]})
    };
    // counts/total: the 51st component has no `type`.
    let mut children = vec![json!({"type": "TextBody", "text": "x"}); 50];
    children.push(json!({"text": "no type"}));
    children.push(footer.clone());
    let (at, _) = finding_of(&screen(children), "counts/total");
    assert_eq!(at, "/screens/0/layout/children/50");
    // if/footer-branches: an If with a Footer in `else` and no `then`.
    let branchless = json!({"type": "If", "condition": "${data.a}", "else": [footer]});
    let (at, message) = finding_of(&screen(vec![branchless]), "if/footer-branches");
    assert_eq!(at, "/screens/0/layout/children/0");
    assert!(message.contains("no `then` branch"), "{message}");
}
