//! Hover, completion, go to definition, references, rename, document symbols and code actions,
//! each against reviewed snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{Client, Settings, find, uri};

const FLOW: &str = include_str!("flows/feedback.json");
const BROKEN: &str = include_str!("flows/broken.json");

fn client_with(name: &str, text: &str) -> Client {
    let mut client = Client::start();
    client.open(name, text);
    client
}

/// The position of `needle` (plus `offset` characters) in FLOW.
fn at(needle: &str, offset: usize) -> Value {
    let (line, character) = find(FLOW, needle, offset);
    Client::at("feedback.json", line, character)
}

fn hover_text(client: &mut Client, position: Value) -> String {
    let h = client.call("textDocument/hover", position);
    h["contents"]["value"]
        .as_str()
        .unwrap_or("(no hover)")
        .to_owned()
}

/// Labels of a completion answer.
fn labels(answer: &Value) -> Vec<String> {
    answer
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

/// The text under each range of `locations` (single-line ranges of FLOW).
fn texts(text: &str, locations: &[Value]) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    locations
        .iter()
        .map(|l| {
            let r = if l["range"].is_object() {
                &l["range"]
            } else {
                l
            };
            let line = lines[r["start"]["line"].as_u64().unwrap() as usize];
            let s = r["start"]["character"].as_u64().unwrap() as usize;
            let e = r["end"]["character"].as_u64().unwrap() as usize;
            format!("{}:{}", r["start"]["line"], &line[s..e])
        })
        .collect()
}

#[test]
fn hover_on_a_finding_shows_its_rule_documentation() {
    let mut client = client_with("broken.json", BROKEN);
    let (line, col) = find(BROKEN, "\"NOWHERE\"", 2);
    let text = hover_text(&mut client, Client::at("broken.json", line, col));
    insta::assert_snapshot!(text);
}

#[test]
fn hover_on_a_property_and_a_component_type() {
    let mut client = client_with("feedback.json", FLOW);
    let property = hover_text(&mut client, at("\"max-length\"", 3));
    insta::assert_snapshot!(property, @r#"
    **max-length** (TextArea)

    Most characters accepted (default 600).

    - every version: a whole number
    "#);
    let component = hover_text(&mut client, at("\"type\": \"TextArea\"", 12));
    insta::assert_snapshot!(component, @r#"
    **TextArea**

    A multi-line text field.

    - Flow JSON versions: every version
    - Allowed directly in a screen's layout, inside a Form, inside an If, inside a Switch case
    "#);
}

#[test]
fn hover_on_references_says_what_they_resolve_to() {
    let mut client = client_with("feedback.json", FLOW);
    let form = hover_text(&mut client, at("${form.comment}", 9));
    let data = hover_text(&mut client, at("${data.rating}", 9));
    let global = hover_text(&mut client, at("${screen.RATING.form.rating}", 10));
    let missing = hover_text(&mut client, at("${form.nickname}", 9));
    insta::assert_snapshot!([form, data, global, missing].join("\n---\n"), @r#"
    Form field `comment` of screen `RATING`: the value of the TextArea labelled "Anything to add?".
    ---
    Data-model field `rating` of screen `CONTACT`: string.

    Example: `"5"`
    ---
    Screen `RATING`, titled "Your feedback".
    ---
    **INVALID_ON_CLICK_ACTION_PAYLOAD** `actions/payload-unknown-reference`: ${form.nickname} does not resolve: screen CONTACT has no component named "nickname"

    help: refer to an input `name` of the screen (form) or a field of its data model (data)

    A `${form.x}` / `${data.x}` / `${screen.S.…}` payload value must refer to an existing component, data field or screen.

    **Why.** An unresolved reference sends nothing; Meta rejects the payload.

    **Notes.** Checked for navigate, complete, data_exchange and update_data payloads, for values that are exactly one reference. A Form's own name is not a value ("Value of 'Form' component cannot be used in form binding").

    [Rule documentation](https://github.com/waflow/waflow/blob/main/docs/rules.md#actionspayload-unknown-reference) · `waflow explain actions/payload-unknown-reference`

    ---

    Form field `nickname` of screen `CONTACT`.

    Not declared: this reference resolves to nothing.
    "#);
}

#[test]
fn completion_of_component_types_follows_the_slot_and_version() {
    let mut client = client_with("feedback.json", FLOW);
    // Inside a Form (the version is 7.3): the input components are offered.
    let answer = client.call("textDocument/completion", at("\"type\": \"TextArea\"", 9));
    let all = labels(&answer);
    assert!(
        all.contains(&"TextInput".to_owned()) && all.contains(&"Footer".to_owned()),
        "{all:?}"
    );
    assert!(
        !all.contains(&"Form".to_owned()),
        "no Form inside a Form: {all:?}"
    );
    insta::assert_json_snapshot!(answer[0], @r#"
    {
      "label": "TextHeading",
      "kind": 7,
      "documentation": {
        "kind": "markdown",
        "value": "A top-level heading.\n\nSince Flow JSON 2.1."
      },
      "filterText": "\"TextHeading\"",
      "textEdit": {
        "range": {
          "start": {
            "line": 25,
            "character": 24
          },
          "end": {
            "line": 25,
            "character": 34
          }
        },
        "newText": "\"TextHeading\""
      }
    }
    "#);
    // The same position in a 4.0 flow has no component introduced later.
    let old = FLOW.replace("\"version\": \"7.3\"", "\"version\": \"4.0\"");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri("feedback.json"), "version": 2 }, "contentChanges": [{ "text": old }] }),
    );
    let old_labels =
        labels(&client.call("textDocument/completion", at("\"type\": \"TextArea\"", 9)));
    assert!(all.contains(&"ChipsSelector".to_owned()));
    assert!(
        !old_labels.contains(&"ChipsSelector".to_owned()),
        "{old_labels:?}"
    );
}

#[test]
fn completion_of_property_names_enum_values_screens_and_references() {
    let mut client = client_with("feedback.json", FLOW);
    // A property name in the TextArea object: those not yet present.
    let keys = labels(&client.call("textDocument/completion", at("\"max-length\"", 1)));
    assert!(keys.contains(&"helper-text".to_owned()), "{keys:?}");
    assert!(
        !keys.contains(&"label".to_owned()),
        "label is present: {keys:?}"
    );
    // An enum value.
    let values = labels(&client.call(
        "textDocument/completion",
        at("\"input-type\": \"email\"", 15),
    ));
    insta::assert_snapshot!(values.join(" "), @"text number email password passcode phone");
    // A navigate target.
    let screens = labels(&client.call("textDocument/completion", at("\"name\": \"CONTACT\"", 10)));
    assert_eq!(screens, ["RATING", "CONTACT"]);
    // Inside ${…}: fields of the screen's form, of its data model, and of another screen.
    let form = labels(&client.call("textDocument/completion", at("${form.comment}", 7)));
    assert_eq!(
        form,
        ["comment", "rating"],
        "a Form's own name is not a value"
    );
    let data = labels(&client.call("textDocument/completion", at("${data.rating}", 7)));
    assert_eq!(data, ["rating", "comment"]);
    let global = labels(&client.call(
        "textDocument/completion",
        at("${screen.RATING.form.rating}", 21),
    ));
    assert_eq!(global, ["comment", "rating"]);
    let scopes = labels(&client.call(
        "textDocument/completion",
        at("${screen.RATING.form.rating}", 2),
    ));
    assert_eq!(scopes, ["data", "form", "screen"]);
}

#[test]
fn completion_works_in_half_typed_json() {
    let mut client = Client::start();
    // The author is typing a new component's type at the end of the first screen.
    let cut = FLOW.find("\"type\": \"TextArea\"").unwrap();
    let text = format!("{}\"type\": \"Te", &FLOW[..cut]);
    client.open("feedback.json", &text);
    let lines = text.lines().count() as u32 - 1;
    let last = text.lines().last().unwrap().encode_utf16().count() as u32;
    let answer = client.call(
        "textDocument/completion",
        Client::at("feedback.json", lines, last),
    );
    let all = labels(&answer);
    assert!(all.contains(&"TextInput".to_owned()), "{all:?}");
    // The edit replaces what was typed of the string.
    let item = answer
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "TextInput")
        .unwrap();
    assert_eq!(item["textEdit"]["newText"], "\"TextInput\"");
    assert_eq!(item["textEdit"]["range"]["start"]["character"], last - 3);
    assert_eq!(item["textEdit"]["range"]["end"]["character"], last);
}

#[test]
fn definition_of_navigate_targets_and_references() {
    let mut client = client_with("feedback.json", FLOW);
    let go = |client: &mut Client, p: Value| {
        let answer = client.call("textDocument/definition", p);
        texts(FLOW, answer.as_array().unwrap())
    };
    let found = [
        go(&mut client, at("\"name\": \"CONTACT\"", 10)),
        go(&mut client, at("${form.comment}", 9)),
        go(&mut client, at("${data.rating}", 9)),
        go(&mut client, at("${screen.RATING.form.rating}", 10)),
        go(&mut client, at("${screen.RATING.form.rating}", 22)),
        go(&mut client, at("\"routing_model\"", 32)),
    ];
    insta::assert_snapshot!(found.map(|f| f.join(" ")).join("\n"), @r#"
    45:CONTACT
    26:comment
    49:rating
    6:RATING
    17:rating
    45:CONTACT
    "#);
}

#[test]
fn navigation_reads_a_flow_after_a_byte_order_mark() {
    // The spans of the loaded document start after the mark; a parse of the whole text would
    // refuse it and find no declaration.
    let mut client = client_with("feedback.json", &format!("\u{feff}{FLOW}"));
    let answer = client.call("textDocument/definition", at("${form.comment}", 9));
    let found = texts(FLOW, answer.as_array().expect("a definition"));
    insta::assert_snapshot!(found.join(" "), @"26:comment");
}

#[test]
fn references_and_rename_of_a_screen_id_and_a_form_field() {
    let mut client = client_with("feedback.json", FLOW);
    let refs = client.call(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri("feedback.json") },
            "position": at("\"id\": \"RATING\"", 8)["position"],
            "context": { "includeDeclaration": true }
        }),
    );
    insta::assert_snapshot!(texts(FLOW, refs.as_array().unwrap()).join("\n"), @r#"
    3:RATING
    6:RATING
    55:RATING
    "#);
    let rename = |client: &mut Client, p: Value, name: &str| {
        client.call(
            "textDocument/rename",
            json!({ "textDocument": p["textDocument"], "position": p["position"], "newName": name }),
        )
    };
    let edit = rename(&mut client, at("\"name\": \"rating\"", 10), "score");
    let edits = edit["changes"][uri("feedback.json")]
        .as_array()
        .unwrap()
        .clone();
    insta::assert_snapshot!(texts(FLOW, &edits).join("\n"), @r#"
    17:rating
    36:rating
    55:rating
    "#);
    assert!(edits.iter().all(|e| e["newText"] == "score"));
    // A screen id with a digit is refused with an error reply.
    let p = at("\"id\": \"RATING\"", 8);
    let r = client.request(
        "textDocument/rename",
        json!({ "textDocument": p["textDocument"], "position": p["position"], "newName": "STEP_1" }),
    );
    assert_eq!(r.err().map(|e| e.code), Some(-32602));
}

#[test]
fn document_symbols_outline_screens_and_components() {
    let mut client = client_with("feedback.json", FLOW);
    let symbols = client.call(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri("feedback.json") } }),
    );
    fn outline(symbols: &Value, depth: usize, out: &mut Vec<String>) {
        for s in symbols.as_array().into_iter().flatten() {
            out.push(format!(
                "{}{} ({})",
                "  ".repeat(depth),
                s["name"].as_str().unwrap(),
                s["detail"].as_str().unwrap_or("")
            ));
            outline(&s["children"], depth + 1, out);
        }
    }
    let mut out = Vec::new();
    outline(&symbols, 0, &mut out);
    insta::assert_snapshot!(out.join("\n"), @r#"
    RATING (Your feedback)
      Form feedback ()
        RadioButtonsGroup rating (Rate your experience)
        TextArea comment (Anything to add?)
        Footer (Continue)
    CONTACT (Stay in touch)
      TextBody ()
      TextInput email (E-mail)
      Footer (Send)
    "#);
}

#[test]
fn code_action_ignores_a_finding_in_the_configuration() {
    let mut client = Client::with(support::utf16_client(), Settings::default(), None);
    let published = client.open("broken.json", BROKEN);
    let diagnostic = published["diagnostics"][0].clone();
    let actions = client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri("broken.json") },
            "range": diagnostic["range"],
            "context": { "diagnostics": [diagnostic] }
        }),
    );
    insta::assert_json_snapshot!(actions, @r#"
    [
      {
        "title": "Ignore this finding (schema/unknown-property) in waflow.toml",
        "kind": "quickfix",
        "diagnostics": [
          {
            "range": {
              "start": {
                "line": 9,
                "character": 52
              },
              "end": {
                "line": 9,
                "character": 60
              }
            },
            "severity": 1,
            "code": "INVALID_PROPERTY_KEY",
            "codeDescription": {
              "href": "https://github.com/waflow/waflow/blob/main/docs/rules.md#schemaunknown-property"
            },
            "source": "waflow",
            "message": "property \"colour\" is not allowed in TextBody",
            "data": {
              "rule": "schema/unknown-property",
              "pointer": "/screens/0/layout/children/0/colour"
            }
          }
        ],
        "edit": {
          "documentChanges": [
            {
              "kind": "create",
              "uri": "file:///virtual/project/flows/waflow.toml",
              "options": {
                "overwrite": false,
                "ignoreIfExists": true
              }
            },
            {
              "textDocument": {
                "uri": "file:///virtual/project/flows/waflow.toml",
                "version": null
              },
              "edits": [
                {
                  "range": {
                    "start": {
                      "line": 0,
                      "character": 0
                    },
                    "end": {
                      "line": 0,
                      "character": 0
                    }
                  },
                  "newText": "[[ignore]]\nfiles = \"broken.json\"\npointer = \"/screens/0/layout/children/0/colour\"\nrules = [\"schema/unknown-property\"]\nreason = \"TODO: say why this finding is accepted\"\n"
                }
              ]
            }
          ]
        }
      }
    ]
    "#);
}
