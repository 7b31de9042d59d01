//! Cost of the semantic rules (all of them, walk included) on a 1 MB flow, against parsing it
//! with `serde_json`; the whole check's ratio is printed.
//! Run in release: `cargo test --release -p waflow-core --test rules_a_perf -- --ignored --nocapture`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../benches/support/flowgen.rs"]
mod flowgen;

use std::time::{Duration, Instant};

use waflow_core::{CheckOptions, FlowVersion, check, rules};

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn generated_flows_are_clean_for_these_rules() {
    let text = flowgen::flow(20, 15);
    let report = check("gen.json", text.as_bytes(), &CheckOptions::default());
    let noisy: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| d.finding.rule.to_string())
        .collect();
    assert!(noisy.is_empty(), "{noisy:?}");
}

#[test]
#[ignore = "timing; run in release"]
fn semantic_rules_cost_less_than_two_parses_of_a_1mb_flow() {
    let text = flowgen::flow(100, 50);
    let bytes = text.as_bytes();
    assert!(bytes.len() > 900_000, "{} bytes", bytes.len());
    let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let parse = best_of(15, || {
        std::hint::black_box(serde_json::from_slice::<serde_json::Value>(bytes).unwrap());
    });
    let rules = best_of(15, || {
        std::hint::black_box(rules::run(FlowVersion::V7_3, &value));
    });
    let whole = best_of(15, || {
        std::hint::black_box(check("big.json", bytes, &CheckOptions::default()));
    });
    println!(
        "{} KB: serde parse {parse:?}, semantic rules {rules:?}, whole check {whole:?} ({:.2}x parse)",
        bytes.len() / 1024,
        whole.as_secs_f64() / parse.as_secs_f64()
    );
    assert!(rules < parse * 2, "rules {rules:?} vs parse {parse:?}");
}
