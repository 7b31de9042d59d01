//! The lifecycle: initialize and encoding negotiation, unknown methods, invalid positions,
//! shutdown and exit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{Client, Settings, utf8_client};

const FLOW: &str = include_str!("../../../examples/customer-feedback.json");

#[test]
fn initialize_announces_the_capabilities() {
    let client = Client::start();
    insta::assert_json_snapshot!(client.init);
    assert!(client.shutdown().unwrap());
}

#[test]
fn utf8_is_chosen_when_the_client_offers_it() {
    let client = Client::with(utf8_client(), Settings::default(), None);
    assert_eq!(client.init["capabilities"]["positionEncoding"], "utf-8");
    let client16 = Client::start();
    assert_eq!(client16.init["capabilities"]["positionEncoding"], "utf-16");
}

#[test]
fn unknown_methods_and_bad_requests_get_error_replies() {
    let mut client = Client::start();
    client.open("a.json", FLOW);
    let r = client.request("textDocument/semanticTokens/full", json!({}));
    assert_eq!(r.err().map(|e| e.code), Some(-32601));
    // Parameters of the wrong shape.
    let r = client.request("textDocument/hover", json!({ "nope": 1 }));
    assert_eq!(r.err().map(|e| e.code), Some(-32602));
    // A position past the last line.
    let r = client.request("textDocument/hover", Client::at("a.json", 9999, 0));
    let e = r.expect_err("an error");
    assert_eq!(e.code, -32602);
    assert!(e.message.contains("line 9999"), "{}", e.message);
    // A document that is not open.
    let r = client.request("textDocument/hover", Client::at("other.json", 0, 0));
    assert!(r.is_err());
    // A column past the end of a line is the end of the line, not an error.
    let r = client.request("textDocument/definition", Client::at("a.json", 0, 500));
    assert!(r.is_ok(), "{r:?}");
    // The server still works.
    let r = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": support::uri("a.json") } }),
    );
    assert!(r.is_ok_and(|v| v.is_array()));
    assert!(client.shutdown().unwrap());
}

#[test]
fn requests_after_shutdown_are_refused_and_exit_reports_a_clean_stop() {
    let mut client = Client::start();
    client.call("shutdown", Value::Null);
    let r = client.request("textDocument/hover", Client::at("a.json", 0, 0));
    assert_eq!(r.err().map(|e| e.code), Some(-32600));
    client.notify("exit", Value::Null);
}

#[test]
fn exit_without_shutdown_is_not_clean() {
    let (server_end, client_end) = lsp_server::Connection::memory();
    let server = std::thread::spawn(move || waflow_lsp::serve(&server_end, NoProject));
    let init = lsp_server::Request::new(
        1.into(),
        "initialize".to_owned(),
        json!({ "capabilities": {} }),
    );
    client_end.sender.send(init.into()).unwrap();
    let _ = client_end.receiver.recv().unwrap();
    client_end
        .sender
        .send(lsp_server::Notification::new("initialized".to_owned(), json!({})).into())
        .unwrap();
    client_end
        .sender
        .send(lsp_server::Notification::new("exit".to_owned(), Value::Null).into())
        .unwrap();
    assert!(!server.join().unwrap().unwrap());
}

/// A project that checks nothing.
struct NoProject;

impl waflow_lsp::Project for NoProject {
    fn accepts(
        &self,
        _: waflow_lsp::Source<'_>,
        _: &str,
    ) -> Result<bool, waflow_lsp::ProjectError> {
        Ok(false)
    }
    fn check(
        &self,
        _: waflow_lsp::Source<'_>,
        doc: &waflow_core::document::Document,
        load_findings: &[waflow_core::Finding],
    ) -> Result<waflow_core::FileReport, waflow_lsp::ProjectError> {
        Ok(waflow_core::check::check_loaded(
            "",
            doc,
            load_findings.to_vec(),
            &Default::default(),
        ))
    }
    fn reload(&mut self) {}
    fn config_file(&self, _: &std::path::Path) -> Option<std::path::PathBuf> {
        None
    }
}
