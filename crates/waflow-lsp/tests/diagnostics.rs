//! Diagnostics on open and on change: the findings of `waflow check` on the editor's text, in
//! the negotiated encoding, with Meta's code, the rule, its documentation and related places.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::atomic::Ordering;

use serde_json::{Value, json};
use support::{Client, Settings, find, uri, utf8_client};
use waflow_core::Level;

const BROKEN: &str = include_str!("flows/broken.json");
const CLEAN: &str = include_str!("../../../examples/customer-feedback.json");

fn change(client: &Client, name: &str, version: i32, changes: Value) {
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri(name), "version": version },
            "contentChanges": changes
        }),
    );
}

/// Code, range and message of each diagnostic, for compact assertions.
fn brief(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            format!(
                "{}:{}-{}:{} {} {}",
                r["start"]["line"],
                r["start"]["character"],
                r["end"]["line"],
                r["end"]["character"],
                d["code"].as_str().unwrap_or("-"),
                d["message"]
                    .as_str()
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn opening_a_flow_publishes_the_findings_of_check() {
    let mut client = Client::start();
    let published = client.open("broken.json", BROKEN);
    insta::assert_json_snapshot!(published);
}

#[test]
fn columns_follow_the_negotiated_encoding() {
    // "colour" sits after an emoji (two UTF-16 units, four UTF-8 bytes) on its line.
    let mut utf16 = Client::start();
    let mut utf8 = Client::with(utf8_client(), Settings::default(), None);
    let a = utf16.open("broken.json", BROKEN);
    let b = utf8.open("broken.json", BROKEN);
    let (line, column16) = find(BROKEN, "\"colour\"", 0);
    let line_start = BROKEN.lines().nth(line as usize).unwrap();
    let column8 = line_start.find("\"colour\"").unwrap();
    assert_eq!(
        a["diagnostics"][0]["range"]["start"],
        json!({ "line": line, "character": column16 })
    );
    assert_eq!(
        b["diagnostics"][0]["range"]["start"],
        json!({ "line": line, "character": column8 })
    );
    assert_eq!(column8 as u32, column16 + 2);
}

#[test]
fn changes_are_checked_on_the_unsaved_text() {
    let mut client = Client::start();
    assert_eq!(client.open("clean.json", CLEAN)["diagnostics"], json!([]));
    // An incremental edit: "CONTACT" becomes "CONTACTS" in the navigate target.
    let (line, col) = find(CLEAN, "\"name\": \"CONTACT\"", 16);
    change(
        &client,
        "clean.json",
        2,
        json!([{ "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col } }, "text": "S" }]),
    );
    let published = client.diagnostics(&uri("clean.json"));
    assert_eq!(published["version"], 2);
    let found = brief(&published);
    assert_eq!(
        found[0],
        format!(
            "{line}:{}-{line}:{} INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME navigate goes to \"CONTACTS\", but no screen has that id",
            col - 8,
            col + 2
        )
    );
    assert!(
        found[1].contains("screen CONTACT is not connected"),
        "{found:?}"
    );
    // A whole-text change back to the clean flow.
    change(&client, "clean.json", 3, json!([{ "text": CLEAN }]));
    assert_eq!(
        client.diagnostics(&uri("clean.json"))["diagnostics"],
        json!([])
    );
}

/// The screen names of the document outline.
fn outline(client: &mut Client, name: &str) -> Vec<String> {
    let symbols = client.call(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(name) } }),
    );
    symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn requests_after_a_change_read_the_changed_text() {
    let mut client = Client::start();
    client.open("clean.json", CLEAN);
    assert!(outline(&mut client, "clean.json").contains(&"CONTACT".to_owned()));
    // The same request again, after an edit that renames the screen.
    change(
        &client,
        "clean.json",
        2,
        json!([{ "text": CLEAN.replace("\"CONTACT\"", "\"REACH\"") }]),
    );
    client.diagnostics(&uri("clean.json"));
    let names = outline(&mut client, "clean.json");
    assert!(names.contains(&"REACH".to_owned()), "{names:?}");
    assert!(!names.contains(&"CONTACT".to_owned()), "{names:?}");
}

#[test]
fn half_typed_json_gets_the_syntax_error_and_the_findings_of_what_parses() {
    let mut client = Client::start();
    // Typing a new component at the end of the first screen: the string and everything after
    // it is unfinished.
    let cut = BROKEN.find("\"label\": \"Next\"").unwrap();
    let text = format!("{}\"label\": \"Ne", &BROKEN[..cut]);
    let published = client.open("typing.json", &text);
    insta::assert_snapshot!(brief(&published).join("\n"), @r#"
    9:52-9:60 INVALID_PROPERTY_KEY property "colour" is not allowed in TextBody
    12:23-12:24 INVALID_FLOW_JSON the JSON ends too early: EOF while parsing a string
    "#);
}

#[test]
fn files_the_flow_test_or_the_configuration_leave_out_get_no_diagnostics() {
    let settings = Settings {
        excluded: vec!["skipped.json".to_owned()],
        ..Settings::default()
    };
    let mut client = Client::with(support::utf16_client(), settings, None);
    assert_eq!(
        client.open("package.json", "{\"name\": \"x\"}")["diagnostics"],
        json!([])
    );
    assert_eq!(
        client.open("skipped.json", BROKEN)["diagnostics"],
        json!([])
    );
    assert_eq!(client.open("notes.txt", BROKEN)["diagnostics"], json!([]));
    // Requests about such a file are answered, with nothing.
    let hover = client.call("textDocument/hover", Client::at("skipped.json", 9, 30));
    assert_eq!(hover, Value::Null);
}

#[test]
fn the_configuration_is_read_again_when_it_changes() {
    let mut client = Client::start();
    assert_eq!(brief(&client.open("broken.json", BROKEN)).len(), 3);
    client
        .disk
        .lock()
        .unwrap()
        .levels
        .insert("DUPLICATE_SCREEN_IDS".to_owned(), Level::Off);
    // Not yet: nothing said the configuration changed.
    change(&client, "broken.json", 2, json!([{ "text": BROKEN }]));
    assert_eq!(brief(&client.diagnostics(&uri("broken.json"))).len(), 3);
    // The client's file watcher reports the change: every open flow is checked again.
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri("waflow.toml"), "type": 2 }] }),
    );
    assert_eq!(brief(&client.diagnostics(&uri("broken.json"))).len(), 2);
    // Saving the configuration in the editor does the same.
    client.disk.lock().unwrap().levels.clear();
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri("waflow.toml") } }),
    );
    assert_eq!(brief(&client.diagnostics(&uri("broken.json"))).len(), 3);
    assert_eq!(client.reloads.load(Ordering::SeqCst), 2);
}

#[test]
fn a_configuration_error_is_one_clear_diagnostic() {
    let settings = Settings {
        broken: Some("waflow.toml:3:1: unknown field `fial_on`".to_owned()),
        ..Settings::default()
    };
    let mut client = Client::with(support::utf16_client(), settings, None);
    let published = client.open("broken.json", BROKEN);
    assert_eq!(
        brief(&published),
        [
            "0:0-0:0 - the configuration cannot be used, so this file is not checked: waflow.toml:3:1: unknown field `fial_on`"
        ]
    );
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let mut client = Client::start();
    client.open("broken.json", BROKEN);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri("broken.json") } }),
    );
    assert_eq!(
        client.diagnostics(&uri("broken.json"))["diagnostics"],
        json!([])
    );
}

const RELATED: &str = include_str!("flows/related.json");

/// Each diagnostic that has related information: its range, code and rule, then each related
/// place (range, message, and whether it is in the same document).
fn related(published: &Value) -> String {
    let range = |r: &Value| {
        format!(
            "{}:{}-{}:{}",
            r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]
        )
    };
    let mut out = String::new();
    for d in published["diagnostics"].as_array().unwrap() {
        let Some(places) = d["relatedInformation"].as_array() else {
            continue;
        };
        out.push_str(&format!(
            "{} {} {}\n",
            range(&d["range"]),
            d["code"].as_str().unwrap(),
            d["data"]["rule"].as_str().unwrap()
        ));
        for p in places {
            let same = p["location"]["uri"] == published["uri"];
            out.push_str(&format!(
                "  {} {}{}\n",
                range(&p["location"]["range"]),
                p["message"].as_str().unwrap(),
                if same { "" } else { " (another document!)" }
            ));
        }
    }
    out
}

#[test]
fn related_locations_point_at_the_other_place() {
    let mut client = Client::start();
    let published = client.open("related.json", RELATED);
    insta::assert_snapshot!(related(&published));
    // Half-typed JSON (the last screen's Footer): the findings of the complete screens keep
    // their related places.
    let cut = RELATED.find("\"label\": \"Done\"").unwrap();
    let text = format!("{}\"label\": \"Ne", &RELATED[..cut]);
    let published = client.open("typing.json", &text);
    insta::assert_snapshot!("related_locations_in_half_typed_json", related(&published));
}

#[test]
fn untitled_buffers_are_checked_with_the_configuration() {
    let settings = Settings {
        levels: [("DUPLICATE_SCREEN_IDS".to_owned(), Level::Off)].into(),
        ..Settings::default()
    };
    let mut client = Client::with(support::utf16_client(), settings, None);
    let uri = "untitled:Untitled-1";
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": uri, "languageId": "json", "version": 1, "text": BROKEN
        }}),
    );
    let published = client.diagnostics(uri);
    insta::assert_snapshot!(brief(&published).join("\n"));
    // The same text in a file gets the same findings; requests are answered too.
    let file = client.open("broken.json", BROKEN);
    assert_eq!(brief(&published), brief(&file));
    let symbols = client.call(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(symbols.as_array().map(Vec::len), Some(2), "{symbols}");
    // An untitled buffer that is not a flow gets none.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": "untitled:Untitled-2", "languageId": "json", "version": 1,
            "text": "{\"name\": \"x\"}"
        }}),
    );
    assert_eq!(
        client.diagnostics("untitled:Untitled-2")["diagnostics"],
        json!([])
    );
}

#[test]
fn documents_touched_long_ago_are_analysed_again_when_asked_about() {
    let mut client = Client::start();
    client.open("first.json", CLEAN);
    // More documents than keep their analysis; the first one's is dropped.
    for i in 0..6 {
        client.open(&format!("other-{i}.json"), BROKEN);
    }
    let names = outline(&mut client, "first.json");
    assert!(names.contains(&"CONTACT".to_owned()), "{names:?}");
    // A change to it is checked as usual.
    change(&client, "first.json", 2, json!([{ "text": BROKEN }]));
    assert_eq!(brief(&client.diagnostics(&uri("first.json"))).len(), 3);
}
