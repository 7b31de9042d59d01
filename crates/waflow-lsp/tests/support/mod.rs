//! An in-process client for the server: the real message loop over an in-memory connection,
//! with a test project standing in for the CLI's configuration.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, ResponseError};
use serde_json::{Value, json};
use waflow_core::document::Document;
use waflow_core::{CheckOptions, FileReport, Finding, Level};
use waflow_lsp::{LspError, Project, ProjectError, Source};

/// The directory the test flows pretend to live in.
pub const ROOT: &str = "/virtual/project/flows";

/// The URI of a test file.
pub fn uri(name: &str) -> String {
    format!("file://{ROOT}/{name}")
}

/// What the test project's "waflow.toml" says; the server sees a change only after `reload`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Rule levels.
    pub levels: HashMap<String, Level>,
    /// File names left out.
    pub excluded: Vec<String>,
    /// A configuration error to report.
    pub broken: Option<String>,
}

/// A project whose configuration is `Settings`, read again on `reload`.
pub struct TestProject {
    disk: Arc<Mutex<Settings>>,
    loaded: Settings,
    reloads: Arc<AtomicUsize>,
    checks: Arc<AtomicUsize>,
    config_file: Option<PathBuf>,
}

impl Project for TestProject {
    fn accepts(&self, source: Source<'_>, text: &str) -> Result<bool, ProjectError> {
        if let Some(message) = &self.loaded.broken {
            return Err(ProjectError {
                message: message.clone(),
            });
        }
        let named = match source {
            Source::File(path) => {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.ends_with(".json") && !self.loaded.excluded.iter().any(|e| e == name)
            }
            Source::Untitled(_) => true,
        };
        Ok(named && text.contains("\"screens\""))
    }

    fn check(
        &self,
        source: Source<'_>,
        doc: &Document,
        load_findings: &[Finding],
    ) -> Result<FileReport, ProjectError> {
        self.checks.fetch_add(1, Ordering::SeqCst);
        let options = CheckOptions {
            levels: self.loaded.levels.clone(),
            ..CheckOptions::default()
        };
        let label = match source {
            Source::File(path) => path.display().to_string(),
            Source::Untitled(name) => name.to_owned(),
        };
        Ok(waflow_core::check::check_loaded(
            &label,
            doc,
            load_findings.to_vec(),
            &options,
        ))
    }

    fn reload(&mut self) {
        self.loaded = self.disk.lock().unwrap().clone();
        self.reloads.fetch_add(1, Ordering::SeqCst);
    }

    fn config_file(&self, _path: &Path) -> Option<PathBuf> {
        self.config_file.clone()
    }
}

/// A running server and the client end of its connection.
pub struct Client {
    conn: Connection,
    server: Option<JoinHandle<Result<bool, LspError>>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pending: Vec<Notification>,
    /// The configuration on "disk".
    pub disk: Arc<Mutex<Settings>>,
    /// How often the server re-read the configuration.
    pub reloads: Arc<AtomicUsize>,
    /// How many texts the server checked.
    pub checks: Arc<AtomicUsize>,
    /// What initialize answered.
    pub init: Value,
}

/// Client capabilities: UTF-16 only, file watching.
pub fn utf16_client() -> Value {
    json!({
        "capabilities": {
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
        }
    })
}

/// Client capabilities offering UTF-8 (and UTF-16).
pub fn utf8_client() -> Value {
    json!({ "capabilities": { "general": { "positionEncodings": ["utf-8", "utf-16"] } } })
}

impl Client {
    /// Starts a server with default settings and a UTF-16 client.
    pub fn start() -> Client {
        Client::with(utf16_client(), Settings::default(), None)
    }

    /// Starts a server and completes the initialize handshake.
    pub fn with(init: Value, settings: Settings, config_file: Option<PathBuf>) -> Client {
        let (server_end, client_end) = Connection::memory();
        let disk = Arc::new(Mutex::new(settings.clone()));
        let reloads = Arc::new(AtomicUsize::new(0));
        let checks = Arc::new(AtomicUsize::new(0));
        let project = TestProject {
            disk: disk.clone(),
            loaded: settings,
            reloads: reloads.clone(),
            checks: checks.clone(),
            config_file,
        };
        let server = std::thread::spawn(move || waflow_lsp::serve(&server_end, project));
        let mut client = Client {
            conn: client_end,
            server: Some(server),
            next_id: 0,
            pending: Vec::new(),
            disk,
            reloads,
            checks,
            init: Value::Null,
        };
        let answer = client.request("initialize", init);
        client.init = answer.unwrap_or(Value::Null);
        client.notify("initialized", json!({}));
        client
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers")
    }

    /// Sends a request and waits for its response.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, ResponseError> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send_request(id.clone(), method, params);
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r.response_result,
                Message::Response(_) | Message::Request(_) => {}
                Message::Notification(n) => self.pending.push(n),
            }
        }
    }

    /// Sends a request without waiting.
    pub fn send_request(&self, id: RequestId, method: &str, params: Value) {
        let request = Request::new(id, method.to_owned(), params);
        self.conn.sender.send(request.into()).expect("server is up");
    }

    /// The result of a request that must succeed.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        match self.request(method, params) {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {e:?}"),
        }
    }

    /// Sends a notification.
    pub fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.to_owned(), params);
        self.conn.sender.send(n.into()).expect("server is up");
    }

    /// The next diagnostics the server publishes for `uri`.
    pub fn diagnostics(&mut self, uri: &str) -> Value {
        if let Some(i) = self
            .pending
            .iter()
            .position(|n| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri)
        {
            return self.pending.remove(i).params;
        }
        loop {
            match self.recv() {
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri =>
                {
                    return n.params;
                }
                Message::Notification(n) => self.pending.push(n),
                _ => {}
            }
        }
    }

    /// Opens a document and returns its first diagnostics.
    pub fn open(&mut self, name: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri(name), "languageId": "json", "version": 1, "text": text
            }}),
        );
        self.diagnostics(&uri(name))
    }

    /// A request's position parameters.
    pub fn at(name: &str, line: u32, character: u32) -> Value {
        json!({
            "textDocument": { "uri": uri(name) },
            "position": { "line": line, "character": character }
        })
    }

    /// Shuts the server down; returns what `serve` returned.
    pub fn shutdown(mut self) -> Result<bool, LspError> {
        self.call("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.server
            .take()
            .expect("running")
            .join()
            .expect("no panic")
    }
}

/// The 0-based line and UTF-16 column of the first occurrence of `needle` in `text` (plus
/// `offset` characters).
pub fn find(text: &str, needle: &str, offset: usize) -> (u32, u32) {
    let at = text.find(needle).expect("needle in text") + offset;
    let before = &text[..at];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[start..].encode_utf16().count();
    (line as u32, column as u32)
}
