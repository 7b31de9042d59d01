//! `waflow lsp` end to end: the real binary over stdio, with a real `waflow.toml` in a temporary
//! directory. Every read has a timeout and the child is killed on drop, so a broken server fails
//! the test instead of hanging the suite.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_waflow"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("waflow lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.messages.recv_timeout(WAIT).expect("a response");
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let m = self.messages.recv_timeout(WAIT).expect("diagnostics");
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("-").to_owned())
        .collect()
}

/// The example flow with a navigate to a screen that does not exist.
fn broken_example() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/customer-feedback.json"),
    )
    .unwrap()
    .replacen("\"name\": \"CONTACT\"", "\"name\": \"CONTACTS\"", 1)
}

#[test]
fn the_binary_serves_diagnostics_with_the_closest_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let flow = broken_example();
    let path = root.join("flows/feedback.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "{}").unwrap();
    let config = root.join("waflow.toml");
    std::fs::write(
        &config,
        "[rules]\n\"navigation/disconnected-screens\" = \"off\"\n",
    )
    .unwrap();
    let uri = format!("file://{}", path.display());

    let mut server = Server::start(&root);
    let init = server.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "waflow");
    server.notify("initialized", json!({}));
    // The editor's unsaved text, not the file on disk ("{}"), is checked.
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "json", "version": 1, "text": flow } }),
    );
    let first = server.diagnostics(&uri);
    assert!(
        codes(&first).contains(&"INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME".to_owned()),
        "{first:?}"
    );
    let before = first.len();

    // The configuration changes on disk: every rule of the navigate check is turned off.
    std::fs::write(
        &config,
        "[rules]\nINVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME = \"off\"\n\"navigation/disconnected-screens\" = \"off\"\n",
    )
    .unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": format!("file://{}", config.display()), "type": 2 }] }),
    );
    let after = server.diagnostics(&uri);
    assert!(
        !codes(&after).contains(&"INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME".to_owned()),
        "{after:?}"
    );
    assert_eq!(after.len(), before - 1, "{after:?}");

    // A broken configuration is one clear diagnostic, not a crash.
    std::fs::write(&config, "[rules\n").unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": format!("file://{}", config.display()), "type": 2 }] }),
    );
    let broken = server.diagnostics(&uri);
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(
        broken[0]["message"]
            .as_str()
            .unwrap()
            .contains("waflow.toml"),
        "{broken:?}"
    );

    let shutdown = server.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    server.notify("exit", Value::Null);
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

/// The rule ids of some diagnostics.
fn rules(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["data"]["rule"].as_str().unwrap_or("-").to_owned())
        .collect()
}

#[test]
fn an_untitled_buffer_is_checked_with_the_configuration_of_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let flow = broken_example();
    // Globs name no untitled buffer: the include glob does not leave it out.
    std::fs::write(
        root.join("waflow.toml"),
        "[files]\ninclude = [\"flows/**/*.json\"]\n[rules]\n\"navigation/disconnected-screens\" = \"off\"\n",
    )
    .unwrap();
    let mut server = Server::start(&root);
    server.request("initialize", json!({ "capabilities": {} }));
    server.notify("initialized", json!({}));
    let uri = "untitled:Untitled-1";
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "json", "version": 1, "text": flow } }),
    );
    let found = rules(&server.diagnostics(uri));
    assert!(
        found.contains(&"actions/navigate-unknown-screen".to_owned()),
        "{found:?}"
    );
    // Without the configuration, the screen the broken navigate leaves alone is disconnected.
    assert!(
        !found.contains(&"navigation/disconnected-screens".to_owned()),
        "{found:?}"
    );
    std::fs::remove_file(root.join("waflow.toml")).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": format!("file://{}/waflow.toml", root.display()), "type": 3 }] }),
    );
    let found = rules(&server.diagnostics(uri));
    assert!(
        found.contains(&"navigation/disconnected-screens".to_owned()),
        "{found:?}"
    );
}

/// `waflow lsp` with `input` on standard input, to its end: exit status and standard error.
fn lsp_with_input(input: &[u8]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waflow"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("waflow lsp starts");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn framed(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

#[test]
fn input_that_ends_without_exit_is_an_end_not_a_connection_error() {
    let (code, stderr) = lsp_with_input(b"");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the input ended before the client sent `initialize`"),
        "{stderr}"
    );
    assert!(!stderr.contains("disconnected channel"), "{stderr}");
    // After `initialize`, an editor that goes away ends the server like `exit` alone.
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}}});
    let (code, stderr) = lsp_with_input(&framed(&initialize));
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn input_that_is_not_lsp_says_what_is_wrong() {
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}}});
    let mut late = framed(&initialize);
    late.extend_from_slice(b"garbage\n");
    for (input, what) in [
        (b"garbage\n".to_vec(), "a header line is not `Name: value`"),
        (
            b"Content-Length: 5\r\n\r\nhello".to_vec(),
            "not a JSON-RPC message",
        ),
        (
            b"Content-Length: 50\r\n\r\n{}".to_vec(),
            "the input ended inside a message",
        ),
        (late, "a header line is not `Name: value`"),
    ] {
        let (code, stderr) = lsp_with_input(&input);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.starts_with("waflow lsp: the input is not a Language Server Protocol stream: ")
                && stderr.contains(what),
            "{what}: {stderr}"
        );
    }
}
