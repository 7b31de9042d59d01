//! Runs each stage of a check on one flow, for counting instructions with callgrind.
//!
//! ```text
//! cargo build --release -p waflow-core --example check-cost
//! valgrind --tool=callgrind --callgrind-out-file=cost.out target/release/examples/check-cost FLOW.json
//! callgrind_annotate --inclusive=yes cost.out | grep 'check_cost::stage_'
//! ```
//!
//! Each stage runs `ROUNDS + 1` times (6): divide a stage's inclusive count by 6. `stage_parse`
//! is a bare `serde_json::from_slice` (the floor), `stage_load` the check's loader and
//! `stage_free` dropping what it loaded; `stage_scratch` is both as every check of the CLI does
//! them (`document::with_loaded`: the tree built in the scratch region, freed in one step). The
//! first round includes whatever is built once per process (nothing, for a clean flow, since
//! the schemas are compiled at build time). Version 7.3 is assumed for the stages that take a
//! parsed value.

use std::hint::black_box;
use std::process::ExitCode;

use serde_json::Value;
use waflow_core::{CheckOptions, FlowVersion, check, document, rules, schema};

/// The allocator of the `waflow` program.
#[global_allocator]
static ALLOCATOR: waflow_alloc::Allocator = waflow_alloc::Allocator;

/// Repetitions after the first round.
const ROUNDS: usize = 5;

#[inline(never)]
fn stage_parse(bytes: &[u8]) {
    black_box(serde_json::from_slice::<Value>(black_box(bytes)).ok());
}

#[inline(never)]
fn stage_load(bytes: &[u8]) -> (document::Document, Vec<waflow_core::Finding>) {
    document::load(black_box(bytes))
}

#[inline(never)]
fn stage_free(loaded: (document::Document, Vec<waflow_core::Finding>)) {
    drop(black_box(loaded));
}

#[inline(never)]
fn stage_scratch(bytes: &[u8]) {
    document::with_loaded(black_box(bytes), |doc, findings| {
        black_box((doc, findings));
    });
}

#[inline(never)]
fn stage_schema(value: &Value) {
    black_box(schema::validate(FlowVersion::V7_3, black_box(value)));
}

#[inline(never)]
fn stage_rules(value: &Value) {
    black_box(rules::run(FlowVersion::V7_3, black_box(value)));
}

#[inline(never)]
fn stage_check(bytes: &[u8], options: &CheckOptions) {
    black_box(check("flow.json", black_box(bytes), options));
}

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check-cost FLOW.json");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("check-cost: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(e) => {
            eprintln!("check-cost: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let options = CheckOptions::default();
    for _ in 0..=ROUNDS {
        stage_parse(&bytes);
        stage_free(stage_load(&bytes));
        stage_scratch(&bytes);
        stage_schema(&value);
        stage_rules(&value);
        stage_check(&bytes, &options);
    }
    ExitCode::SUCCESS
}
