//! Watch-mode benchmark (not a timed test): save-to-findings latency and idle cost.
//!
//! `cargo bench -p waflow --bench watch` builds the release binary, starts
//! `waflow watch --format json` on a temporary directory of 1,000 flows, and
//! 1. saves 60 flows one after the other (atomic save: write a temporary file, rename it over
//!    the flow) and measures, for each, the time from the rename to the moment the flow's
//!    findings are read from the watcher's output (default debounce);
//! 2. leaves the watcher idle for 10 s and reads its CPU time (`/proc/<pid>/stat`) and memory
//!    (`VmRSS`/`VmHWM` in `/proc/<pid>/status`) before and after.
//!
//! Environment: `WAFLOW_BENCH_FLOWS` (default 1000), `WAFLOW_BENCH_SAVES` (default 60),
//! `WAFLOW_BENCH_IDLE_SECS` (default 10).
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn proc_cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here (0-based 11, 12).
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

fn proc_status_kb(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() {
    let flows = env_num("WAFLOW_BENCH_FLOWS", 1000) as usize;
    let saves = env_num("WAFLOW_BENCH_SAVES", 60) as usize;
    let idle = env_num("WAFLOW_BENCH_IDLE_SECS", 10);
    let example = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/customer-feedback.json"),
    )
    .expect("example");
    let broken = example.replacen("\"version\": \"7.3\"", "\"version\": \"9.9\"", 1);
    assert_ne!(example, broken);

    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("flows");
    for i in 0..flows {
        let sub = dir.join(format!("team{}", i % 10));
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join(format!("flow{i:04}.json")), &example).expect("write");
    }
    std::fs::write(tmp.path().join("waflow.toml"), "").expect("config");

    let mut child = Command::new(env!("CARGO_BIN_EXE_waflow"))
        .current_dir(tmp.path())
        .args(["watch", "--format", "json", "flows"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start watch");
    let pid = child.id();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<(Instant, Value)>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let v: Value = serde_json::from_str(&line).expect("JSON line");
            if tx.send((Instant::now(), v)).is_err() {
                break;
            }
        }
    });
    let wait_run = |what: &str| -> Value {
        loop {
            let (_, v) = rx
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"));
            if v["type"] == "run" {
                return v;
            }
        }
    };
    let start = Instant::now();
    let first = wait_run("the first run");
    let startup = start.elapsed();
    assert_eq!(first["files"], flows as u64, "{first}");

    // Latency of saves.
    let mut latencies = Vec::new();
    for i in 0..saves {
        let n = (i * 37) % flows;
        let path = dir
            .join(format!("team{}", n % 10))
            .join(format!("flow{n:04}.json"));
        let label = format!("flows/team{}/flow{n:04}.json", n % 10);
        let text = if i % 2 == 0 { &broken } else { &example };
        // Make the content differ from what is on disk in every case.
        let text = format!("{text}\n{}", " ".repeat(i % 3));
        let tmp_file = path.with_extension("json.tmp");
        std::fs::write(&tmp_file, &text).expect("write tmp");
        let saved = Instant::now();
        std::fs::rename(&tmp_file, &path).expect("rename");
        let seen = loop {
            let (at, v) = rx
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("no findings for save {i} of {label}"));
            if v["type"] == "file" && v["path"] == label.as_str() {
                break at;
            }
        };
        latencies.push(seen.duration_since(saved).as_secs_f64() * 1000.0);
        wait_run("the run after a save");
        std::thread::sleep(Duration::from_millis(120));
    }
    latencies.sort_by(|a, b| a.partial_cmp(b).unwrap());

    // Idle cost.
    std::thread::sleep(Duration::from_millis(500));
    let ticks_per_sec = 100.0; // USER_HZ on Linux
    let rss_before = proc_status_kb(pid, "VmRSS:");
    let cpu_before = proc_cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(idle));
    let cpu_after = proc_cpu_ticks(pid);
    let rss_after = proc_status_kb(pid, "VmRSS:");
    let hwm = proc_status_kb(pid, "VmHWM:");
    let threads = proc_status_kb(pid, "Threads:");
    let _ = child.kill();
    let _ = child.wait();

    let idle_cpu_ms = (cpu_after - cpu_before) as f64 * 1000.0 / ticks_per_sec;
    println!("waflow watch benchmark ({flows} flows, {saves} atomic saves, default debounce)");
    println!(
        "  first run (start-up, watch setup and check of all flows): {:.0} ms",
        startup.as_secs_f64() * 1000.0
    );
    println!(
        "  save -> findings printed: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (n = {})",
        percentile(&latencies, 50.0),
        percentile(&latencies, 95.0),
        latencies.last().copied().unwrap_or(0.0),
        latencies.len()
    );
    println!(
        "  idle {idle} s: CPU {idle_cpu_ms:.0} ms ({:.3} % of one core), RSS {:.1} MB -> {:.1} MB, peak RSS {:.1} MB, {threads} threads",
        idle_cpu_ms / (idle as f64 * 10.0),
        rss_before as f64 / 1024.0,
        rss_after as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
}
