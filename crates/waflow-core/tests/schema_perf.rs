//! The schema layer stays fast on large flows: validators are built once per version and
//! reused, and a ~1 MB flow validates quickly (the bound here is loose for debug builds; run
//! with `--release` to see the real figure).

#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use waflow_core::FlowVersion;
use waflow_core::schema;

fn screen(i: usize) -> Value {
    let id = format!("SCREEN_{}", to_letters(i));
    json!({
        "id": id,
        "title": format!("Screen {i}"),
        "data": {"name": {"type": "string", "__example__": "Ann"}},
        "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "TextHeading", "text": "Hello ${data.name}"},
            {"type": "TextBody", "text": ["One line", "another line"], "markdown": true},
            {"type": "Form", "name": "form", "children": [
                {"type": "TextInput", "name": "first", "label": "First name", "required": true},
                {"type": "TextArea", "name": "bio", "label": "About you", "max-length": 300},
                {"type": "Dropdown", "name": "pick", "label": "Pick", "data-source": [
                    {"id": "a", "title": "A"}, {"id": "b", "title": "B"}, {"id": "c", "title": "C"}
                ]},
                {"type": "If", "condition": "${form.first} == 'x'", "then": [
                    {"type": "TextCaption", "text": "x!"}
                ]},
                {"type": "Footer", "label": "Next", "on-click-action": {
                    "name": "data_exchange", "payload": {"first": "${form.first}"}
                }}
            ]}
        ]}
    })
}

fn to_letters(mut i: usize) -> String {
    let mut out = String::new();
    loop {
        out.push((b'A' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            return out;
        }
    }
}

#[test]
fn a_one_megabyte_flow_validates_quickly_with_a_reused_validator() {
    let screens: Vec<Value> = (0..900).map(screen).collect();
    let flow = json!({"version": "7.3", "screens": screens});
    let size = serde_json::to_string_pretty(&flow)
        .expect("serialise")
        .len();
    assert!(size > 1_000_000, "flow is only {size} bytes");

    // The first call builds the validator; later calls reuse it.
    let findings = schema::validate(FlowVersion::V7_3, &flow);
    assert!(findings.is_empty(), "{findings:#?}");

    let runs = 5;
    let start = Instant::now();
    for _ in 0..runs {
        assert!(schema::validate(FlowVersion::V7_3, &flow).is_empty());
    }
    let each = start.elapsed() / runs;
    println!("validated {size} bytes in {each:?} per run");
    let bound = if cfg!(debug_assertions) {
        Duration::from_millis(1500)
    } else {
        Duration::from_millis(25)
    };
    assert!(each < bound, "validation took {each:?}");
}
