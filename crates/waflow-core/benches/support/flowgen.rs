//! A generator of valid Flow JSON documents of any size (shared by benches and the example).

use serde_json::{Value, json};

/// A valid Flow JSON 7.3 flow: `screens` screens chained by `navigate`, each with
/// `components` components (the last one a Footer), pretty-printed.
pub fn flow(screens: usize, components: usize) -> String {
    let screens: Vec<Value> = (0..screens)
        .map(|s| screen(s, screens, components))
        .collect();
    let doc = json!({ "version": "7.3", "screens": screens });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn screen_id(i: usize) -> String {
    let mut id = String::from("SCREEN_");
    let mut n = i;
    loop {
        id.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            break;
        }
    }
    id
}

fn screen(i: usize, total: usize, components: usize) -> Value {
    let last = i + 1 == total;
    let mut children: Vec<Value> = (0..components - 1)
        .map(|c| match c % 5 {
            0 => json!({"type": "TextHeading", "text": format!("Section {c} of screen {i}")}),
            1 => json!({"type": "TextBody", "text": "Please read the following information carefully before you continue; it explains how we use your answers and how long we keep them."}),
            2 => json!({"type": "TextInput", "name": format!("field_{c}"), "label": format!("Answer {c}"), "input-type": "text", "required": false, "helper-text": "A short answer is fine"}),
            3 => json!({"type": "TextCaption", "text": "Your answers are stored securely and never shared with third parties without consent."}),
            _ => json!({"type": "TextArea", "name": format!("notes_{c}"), "label": "Other notes", "helper-text": "Anything else we should know about your request?", "required": false}),
        })
        .collect();
    let action = if last {
        json!({"name": "complete", "payload": {}})
    } else {
        json!({"name": "navigate", "next": {"type": "screen", "name": screen_id(i + 1)}, "payload": {}})
    };
    children.push(json!({"type": "Footer", "label": "Continue", "on-click-action": action}));
    let mut screen = json!({
        "id": screen_id(i),
        "title": format!("Step {}", i + 1),
        "layout": {"type": "SingleColumnLayout", "children": children},
    });
    if last {
        screen["terminal"] = json!(true);
    }
    screen
}
