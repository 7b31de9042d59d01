//! Properties of the whole pipeline: no input makes it panic, every span lies inside the file
//! and points at the node its pointer names, and the build-time schema validators agree with the
//! run-time ones.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

use waflow_core::{Anchor, CheckOptions, FileReport, FlowVersion, check, pointer, schema};

/// The run-time validator of each version's whole schema, built once.
fn runtime(version: FlowVersion) -> &'static jsonschema::Validator {
    static BUILT: OnceLock<Vec<jsonschema::Validator>> = OnceLock::new();
    let all = BUILT.get_or_init(|| {
        FlowVersion::ALL
            .iter()
            .map(|v| {
                let schema: Value = serde_json::from_str(schema::schema_text(*v)).expect("schema");
                jsonschema::draft202012::options()
                    .with_pattern_options(jsonschema::PatternOptions::regex())
                    .build(&schema)
                    .expect("schema compiles")
            })
            .collect()
    });
    &all[version as usize]
}

fn seeds() -> Vec<Value> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut out = Vec::new();
    for dir in ["examples", "fixtures/cli"] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for e in entries.flatten() {
            if let Ok(text) = std::fs::read_to_string(e.path())
                && let Ok(v) = serde_json::from_str::<Value>(&text)
            {
                out.push(v);
            }
        }
    }
    assert!(!out.is_empty(), "no seed flows found");
    out
}

/// Every pointer of a document, in document order.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let p = pointer::push(&at, k);
                pointers(c, p, out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                pointers(c, pointer::push_index(&at, i), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete,
    Replace(Value),
    InsertKey(String, Value),
    Duplicate,
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-zA-Z_${}.`' 0-9\\\\\"é☕-]{0,20}".prop_map(Value::String),
        Just(serde_json::json!({})),
        Just(serde_json::json!([])),
        Just(serde_json::json!({"type": "TextInput"})),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Delete),
        leaf().prop_map(Mutation::Replace),
        ("[a-z-]{1,10}", leaf()).prop_map(|(k, v)| Mutation::InsertKey(k, v)),
        Just(Mutation::Duplicate),
    ]
}

fn apply(doc: &mut Value, target: &str, m: Mutation) {
    let parent = pointer::parent(target).and_then(|p| doc.pointer_mut(p).map(|_| p.to_owned()));
    let last = pointer::segments(target).last();
    match m {
        Mutation::Replace(v) => {
            if let Some(node) = doc.pointer_mut(target) {
                *node = v;
            }
        }
        Mutation::InsertKey(k, v) => {
            if let Some(Value::Object(map)) = doc.pointer_mut(target) {
                map.insert(k, v);
            }
        }
        Mutation::Delete | Mutation::Duplicate => {
            let (Some(parent), Some(last)) = (parent, last) else {
                return;
            };
            match doc.pointer_mut(&parent) {
                Some(Value::Object(map)) => {
                    if matches!(m, Mutation::Delete) {
                        map.shift_remove(&last);
                    }
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = last.parse::<usize>()
                        && i < items.len()
                    {
                        if matches!(m, Mutation::Delete) {
                            items.remove(i);
                        } else {
                            let copy = items[i].clone();
                            items.insert(i, copy);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// The invariants every report must hold.
fn assert_spans_hold(report: &FileReport, doc: Option<&Value>) {
    let text = &*report.text;
    for d in &report.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{d:?}"
        );
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        assert!(d.start.line >= 1 && d.start.column >= 1);
        assert!((d.start.line, d.start.column) <= (d.end.line, d.end.column));
        let Some(doc) = doc else { continue };
        let Some(node) = doc.pointer(&d.finding.pointer) else {
            panic!("pointer {} does not resolve: {d:?}", d.finding.pointer)
        };
        let covered = &text[d.span.start..d.span.end];
        match d.finding.anchor {
            Anchor::Value => {
                let parsed: Value = serde_json::from_str(covered)
                    .unwrap_or_else(|e| panic!("{e}: {covered:?} for {d:?}"));
                assert_eq!(&parsed, node, "span does not cover the pointer's value");
            }
            Anchor::Key => match pointer::segments(&d.finding.pointer).last() {
                Some(key)
                    if pointer::parent(&d.finding.pointer)
                        .and_then(|p| doc.pointer(p))
                        .is_some_and(Value::is_object) =>
                {
                    let parsed: String = serde_json::from_str(covered).expect("a key");
                    assert_eq!(parsed, key);
                }
                _ => assert!(covered == "{" || covered == "[", "{covered:?}"),
            },
            Anchor::InString { .. } => assert!(node.is_string()),
            Anchor::Bytes { .. } => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let report = check("x.json", &bytes, &CheckOptions::default());
        assert_spans_hold(&report, None);
    }

    #[test]
    fn mutated_flows_never_panic_and_spans_point_at_their_pointer(
        seed in any::<prop::sample::Index>(),
        target in any::<prop::sample::Index>(),
        m in mutation(),
        pretty in any::<bool>(),
    ) {
        let seeds = seeds();
        let mut doc = seed.get(&seeds).clone();
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let target: &String = target.get(&all);
        apply(&mut doc, target, m);
        let text = if pretty {
            serde_json::to_string_pretty(&doc)
        } else {
            serde_json::to_string(&doc)
        }.expect("serialise");
        let report = check("x.json", text.as_bytes(), &CheckOptions::default());
        assert_spans_hold(&report, Some(&doc));
    }

    #[test]
    fn flows_with_one_byte_changed_never_panic(
        seed in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let seeds = seeds();
        let mut bytes = serde_json::to_vec_pretty(seed.get(&seeds)).expect("serialise");
        let i = at.index(bytes.len());
        bytes[i] = byte;
        let report = check("x.json", &bytes, &CheckOptions::default());
        assert_spans_hold(&report, None);
    }

    #[test]
    fn build_time_and_run_time_validators_agree_on_mutated_flows(
        seed in any::<prop::sample::Index>(),
        target in any::<prop::sample::Index>(),
        m in mutation(),
        version in any::<prop::sample::Index>(),
    ) {
        let seeds = seeds();
        let mut doc = seed.get(&seeds).clone();
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let target: &String = target.get(&all);
        apply(&mut doc, target, m);
        let version = *version.get(&FlowVersion::ALL);
        let expected = runtime(version).is_valid(&doc);
        prop_assert_eq!(waflow_precompiled::is_valid(version.as_str(), &doc), Some(expected));
    }
}
