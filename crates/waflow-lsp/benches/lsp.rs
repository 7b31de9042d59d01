//! The language server's performance targets, on the typical generated flow (20 screens × 15
//! components, 62 KB):
//!
//! - in process: a one-character change to published diagnostics (p50/p95 over many changes);
//! - in process: a code action request on a finding with a fix, after a change and again;
//! - with `WAFLOW_BIN=path/to/waflow`: the same over stdio with the real binary, then the
//!   resident memory with 100 such flows open and the CPU time the idle server uses in 2 s.
//!
//! Run: `cargo bench -p waflow-lsp --bench lsp` (add `WAFLOW_BIN=target/release/waflow` after
//! `cargo build --release -p waflow` for the stdio figures). Figures: docs/performance.md.

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used)]

#[path = "../../waflow-core/benches/support/flowgen.rs"]
mod flowgen;

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message};
use serde_json::{Value, json};
use waflow_core::document::Document;
use waflow_core::{FileReport, Finding};
use waflow_lsp::{Project, ProjectError, Source};

const CHANGES: usize = 300;

/// Every `.json` file is a flow, checked without configuration.
struct Plain;

impl Project for Plain {
    fn accepts(&self, _: Source<'_>, _: &str) -> Result<bool, ProjectError> {
        Ok(true)
    }
    fn check(
        &self,
        _: Source<'_>,
        doc: &Document,
        load_findings: &[Finding],
    ) -> Result<FileReport, ProjectError> {
        Ok(waflow_core::check::check_loaded(
            "typical.json",
            doc,
            load_findings.to_vec(),
            &Default::default(),
        ))
    }
    fn reload(&mut self) {}
    fn config_file(&self, _: &Path) -> Option<PathBuf> {
        None
    }
}

fn open(uri: &str, text: &str) -> Value {
    json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": {
        "uri": uri, "languageId": "json", "version": 1, "text": text } } })
}

/// A one-character edit at `(line, character)`: "Continue" and "Continuf" in turn.
fn change(uri: &str, version: i32, line: u32, character: u32) -> Value {
    let letter = if version % 2 == 0 { "f" } else { "e" };
    json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": { "uri": uri, "version": version },
        "contentChanges": [{ "range": {
            "start": { "line": line, "character": character },
            "end": { "line": line, "character": character + 1 } }, "text": letter }] } })
}

fn percentiles(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    format!(
        "p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} times)",
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3,
        times.len()
    )
}

/// The position of the last character of the first "Continue".
fn edit_point(text: &str) -> (u32, u32) {
    let at = text.find("\"Continue\"").unwrap() + "\"Continu".len();
    let line = text[..at].matches('\n').count() as u32;
    let column = (at - text[..at].rfind('\n').map_or(0, |i| i + 1)) as u32;
    (line, column)
}

type Server = std::thread::JoinHandle<Result<bool, waflow_lsp::LspError>>;

/// A server in this process, past the initialize handshake: the client end and its thread.
fn start() -> (Connection, Server) {
    let (server_end, client) = Connection::memory();
    let server = std::thread::spawn(move || waflow_lsp::serve(&server_end, Plain));
    send(
        &client,
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }),
    );
    client.receiver.recv().unwrap();
    send(
        &client,
        json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    );
    (client, server)
}

fn send(client: &Connection, v: Value) {
    client
        .sender
        .send(serde_json::from_value(v).unwrap())
        .unwrap();
}

/// The diagnostics of the next `publishDiagnostics`.
fn published(client: &Connection) -> Value {
    loop {
        if let Message::Notification(n) = client.receiver.recv().unwrap()
            && n.method == "textDocument/publishDiagnostics"
        {
            return n.params["diagnostics"].clone();
        }
    }
}

fn stop(client: &Connection, server: Server) {
    send(
        client,
        json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }),
    );
    client.receiver.recv().unwrap();
    send(client, json!({ "jsonrpc": "2.0", "method": "exit" }));
    server.join().unwrap().unwrap();
}

fn in_process(text: &str) {
    let (client, server) = start();
    let send = |v: Value| send(&client, v);
    let uri = "file:///bench/typical.json";
    let published = || published(&client);
    send(open(uri, text));
    published();
    let (line, character) = edit_point(text);
    let mut times = Vec::with_capacity(CHANGES);
    for version in 2..(2 + CHANGES as i32) {
        let start = Instant::now();
        send(change(uri, version, line, character));
        published();
        times.push(start.elapsed());
    }
    println!("in process, change -> diagnostics: {}", percentiles(times));
    stop(&client, server);
}

/// Code actions as an editor asks for them when the cursor rests on a finding (no `only`: the
/// quick fixes and "fix all"): on a flow that starts with a byte order mark (a safe fix) and
/// whose first three TextAreas spell `lable` (each with a "did you mean" fix), the request for the first such finding right after a change, and the
/// same request again with the text unchanged (the cursor moving about).
fn code_actions(text: &str) {
    let renamed = text.replacen(
        "\"label\": \"Other notes\"",
        "\"lable\": \"Other notes\"",
        3,
    );
    let text = format!("\u{feff}{renamed}");
    let (client, server) = start();
    let send = |v: Value| send(&client, v);
    let uri = "file:///bench/typical.json";
    let published = || published(&client);
    send(open(uri, &text));
    let diagnostics = published();
    let finding = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["data"]["rule"] == "schema/unknown-property")
        .unwrap()
        .clone();
    let mut id = 10;
    let mut ask = || {
        id += 1;
        let start = Instant::now();
        send(
            json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction", "params": {
            "textDocument": { "uri": uri }, "range": finding["range"],
            "context": { "diagnostics": [finding] } } }),
        );
        let Message::Response(r) = client.receiver.recv().unwrap() else {
            panic!("a response")
        };
        let elapsed = start.elapsed();
        assert_eq!(
            r.response_result.unwrap().as_array().unwrap().len(),
            3,
            "fix, fix all, ignore"
        );
        elapsed
    };
    let (line, character) = edit_point(&text);
    let (mut first, mut again) = (Vec::new(), Vec::new());
    for version in 2..(2 + CHANGES as i32 / 3) {
        send(change(uri, version, line, character));
        published();
        first.push(ask());
        again.push(ask());
    }
    println!(
        "in process, code action after a change: {}",
        percentiles(first)
    );
    println!(
        "in process, the same code action again: {}",
        percentiles(again)
    );
    stop(&client, server);
}

fn over_stdio(bin: &str, text: &str) {
    let dir = std::env::temp_dir().join(format!("waflow-lsp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(bin)
        .arg("lsp")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    // The framing of lsp-server itself, so that only the server's side is measured.
    let mut send = |v: Value| {
        let message: Message = serde_json::from_value(v).unwrap();
        message.write(&mut stdin).unwrap();
    };
    let mut read = || match Message::read(&mut stdout).unwrap().unwrap() {
        Message::Notification(n) => json!({ "method": n.method }),
        other => serde_json::to_value(other).unwrap(),
    };
    send(
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }),
    );
    read();
    send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    let mut published = || loop {
        if read()["method"] == "textDocument/publishDiagnostics" {
            return;
        }
    };
    let uri = |i: usize| format!("file://{}/flow-{i}.json", dir.display());
    send(open(&uri(0), text));
    published();
    let (line, character) = edit_point(text);
    let mut times = Vec::with_capacity(CHANGES);
    for version in 2..(2 + CHANGES as i32) {
        let start = Instant::now();
        send(change(&uri(0), version, line, character));
        published();
        times.push(start.elapsed());
    }
    println!("over stdio, change -> diagnostics: {}", percentiles(times));
    for i in 1..100 {
        send(open(&uri(i), text));
        published();
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .unwrap_or("VmRSS: ?");
    println!(
        "100 open flows: {}",
        rss.split_whitespace().skip(1).collect::<Vec<_>>().join(" ")
    );
    let cpu = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let fields: Vec<&str> = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        fields
            .get(11)
            .and_then(|u| u.parse::<u64>().ok())
            .unwrap_or(0)
            + fields
                .get(12)
                .and_then(|s| s.parse::<u64>().ok())
                .unwrap_or(0)
    };
    let before = cpu();
    std::thread::sleep(Duration::from_secs(2));
    println!("idle for 2 s: {} clock ticks of CPU", cpu() - before);
    send(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
    read();
    send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let text = flowgen::flow(20, 15);
    println!("typical flow: {} bytes", text.len());
    in_process(&text);
    code_actions(&text);
    if let Ok(bin) = std::env::var("WAFLOW_BIN") {
        over_stdio(&bin, &text);
    }
}
