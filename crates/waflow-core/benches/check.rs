//! In-process cost of a full check (parse, schema, rules) against a plain `serde_json` parse of
//! the same bytes, with the schema layer and the semantic rules also measured on their own (on
//! the already parsed value). Run: `cargo bench -p waflow-core --bench check`.

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used)]

mod support {
    pub mod flowgen;
}

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use waflow_core::{CheckOptions, FlowVersion, check, rules, schema};

/// The allocator of the `waflow` program, under which a check's tree is freed in one step.
#[global_allocator]
static ALLOCATOR: waflow_alloc::Allocator = waflow_alloc::Allocator;

fn bench(c: &mut Criterion) {
    let options = CheckOptions::default();
    for (name, screens, components) in [("typical-20x15", 20, 15), ("large-100x50", 100, 50)] {
        let text = support::flowgen::flow(screens, components);
        let bytes = text.as_bytes();
        let report = check(name, bytes, &options);
        assert!(
            report.diagnostics.is_empty(),
            "the generated flow must be clean: {:#?}",
            report.diagnostics
        );
        let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        let mut group = c.benchmark_group(format!("{name} ({} KB)", bytes.len() / 1024));
        group.bench_function("serde_json::from_slice", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)))
        });
        group.bench_function("schema only", |b| {
            b.iter(|| schema::validate(FlowVersion::V7_3, black_box(&value)))
        });
        group.bench_function("rules only", |b| {
            b.iter(|| rules::run(FlowVersion::V7_3, black_box(&value)))
        });
        group.bench_function("waflow check", |b| {
            b.iter(|| check(name, black_box(bytes), &options))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
