//! Wall time of `waflow push` and `waflow publish` against the sandbox (whole processes).
//!
//! `cargo bench -p waflow --bench api` starts the sandbox in this process on 127.0.0.1 (an
//! ephemeral port), then times the release `waflow` binary:
//! - `push/unchanged`: the remote flow.json already has the file's bytes (reads only);
//! - `push/changed`: the file alternates between two contents, so every run uploads;
//! - `publish/new-flow`: a new flow each run (find by name, create, upload, publish, preview).
//!
//! Everything stays on loopback; nothing else is contacted.
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use waflow_sandbox::{Sandbox, SandboxConfig};

const KEY: &str = "bench-key";

const FLOW: &str = include_str!("../../../fixtures/api/valid.json");

fn waflow(url: &str, dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_waflow"))
        .args(args)
        .current_dir(dir)
        .env("WAFLOW_BASE_URL", url)
        .env("WAFLOW_PARTNER_ID", "benchPA")
        .env("WAFLOW_WABA_ACCOUNT_ID", "benchWA")
        .env("WAFLOW_API_KEY", KEY)
        .output()
        .expect("waflow runs");
    assert!(
        out.status.success(),
        "waflow {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let sandbox = runtime
        .block_on(Sandbox::start(SandboxConfig::new(KEY)))
        .expect("sandbox");
    let url = sandbox.url();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("flow.json");
    std::fs::write(&file, FLOW).expect("write");
    let out = waflow(
        &url,
        dir.path(),
        &["flows", "create", "--name", "Bench", "--json"],
    );
    let id = serde_json::from_str::<serde_json::Value>(&out).expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    waflow(&url, dir.path(), &["push", "flow.json", "--flow-id", &id]);

    let mut group = c.benchmark_group("push");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("unchanged", |b| {
        b.iter(|| waflow(&url, dir.path(), &["push", "flow.json", "--flow-id", &id]));
    });
    let other = FLOW.replace("Hello", "Hello again");
    let mut flip = false;
    group.bench_function("changed", |b| {
        b.iter(|| {
            flip = !flip;
            std::fs::write(&file, if flip { other.as_str() } else { FLOW }).expect("write");
            waflow(&url, dir.path(), &["push", "flow.json", "--flow-id", &id])
        });
    });
    group.finish();

    std::fs::write(&file, FLOW).expect("write");
    let mut group = c.benchmark_group("publish");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(10));
    let mut n = 0u64;
    group.bench_function("new-flow", |b| {
        b.iter(|| {
            n += 1;
            let name = format!("Published {n}");
            waflow(&url, dir.path(), &["publish", "flow.json", "--name", &name])
        });
    });
    group.finish();
    runtime.block_on(sandbox.shutdown());
}

criterion_group!(benches, bench);
criterion_main!(benches);
