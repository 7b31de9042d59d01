//! The floor of a check: a bare `serde_json::from_slice` of each file, against a full check of
//! the same bytes, summed over many files, on one thread (`scripts/compare-peers.py` runs it).
//! Both run on the allocator of the `waflow` program (`waflow_alloc::Allocator`: mimalloc, and
//! the scratch region a check's tree is built in).
//!
//! ```text
//! cargo build --release -p waflow-core --example parse-floor
//! target/release/examples/parse-floor [--rounds N] PATH...   # files, or directories of .json files
//! target/release/examples/parse-floor --only-parse PATH...    # read and parse each file, once
//! ```
//!
//! The files are read into memory first; then each round parses every file, loads every file
//! (`document::load`: the check's own parse, with spans and duplicate keys) and checks every
//! file, timing each loop. Prints the medians over the rounds, in milliseconds, as one JSON line
//! (`parse_ms`, `load_ms`, `check_ms`; `ratio` is check over parse).
//! With `--only-parse`, the process reads and parses each file once and prints nothing: the
//! whole-process floor to time against `waflow check`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use serde_json::Value;
use waflow_core::{CheckOptions, check};

/// The allocator of the `waflow` program, for the parse and the check alike.
#[global_allocator]
static ALLOCATOR: waflow_alloc::Allocator = waflow_alloc::Allocator;

fn json_files(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        if entry.is_dir() || entry.extension().is_some_and(|e| e == "json") {
            json_files(&entry, out)?;
        }
    }
    Ok(())
}

fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut rounds = 5;
    let only_parse = args.first().is_some_and(|a| a == "--only-parse");
    if only_parse {
        args.remove(0);
    }
    if args.first().is_some_and(|a| a == "--rounds") {
        rounds = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(0);
        args.drain(..2.min(args.len()));
    }
    if args.is_empty() || rounds == 0 {
        eprintln!("usage: parse-floor [--rounds N] PATH...");
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    for arg in &args {
        if let Err(e) = json_files(Path::new(arg), &mut files) {
            eprintln!("{arg}: {e}");
            return ExitCode::from(2);
        }
    }
    let mut contents = Vec::new();
    for file in &files {
        match std::fs::read(file) {
            Ok(bytes) if only_parse => {
                black_box(serde_json::from_slice::<Value>(&bytes).ok());
            }
            Ok(bytes) => contents.push(bytes),
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                return ExitCode::from(2);
            }
        }
    }
    if only_parse {
        return ExitCode::SUCCESS;
    }
    let options = CheckOptions::default();
    let (mut parse, mut load, mut full) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        for bytes in &contents {
            black_box(serde_json::from_slice::<Value>(black_box(bytes)).ok());
        }
        parse.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        for bytes in &contents {
            black_box(waflow_core::document::load(black_box(bytes)));
        }
        load.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        for bytes in &contents {
            black_box(check("flow.json", black_box(bytes), &options));
        }
        full.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let bytes: usize = contents.iter().map(Vec::len).sum();
    let (parse, load, full) = (median(parse), median(load), median(full));
    println!(
        "{{\"files\": {}, \"bytes\": {bytes}, \"parse_ms\": {parse:.3}, \"load_ms\": {load:.3}, \"check_ms\": {full:.3}, \"ratio\": {:.2}}}",
        files.len(),
        full / parse
    );
    ExitCode::SUCCESS
}
