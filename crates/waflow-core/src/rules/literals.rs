//! Literal values Meta's documentation constrains that the other rule files leave out: RichText
//! image sources, TextInput patterns written with regex delimiters, and `null` in action
//! payloads. All are warnings: no validator message of Meta's confirms that an upload with them
//! is refused.

use serde_json::Value;

use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::version::FlowVersion;

use super::engine::{Rule, RuleInfo, Sink};
use super::props::{self, one_screen};
use super::refs::{done_screen, exchange_screen, flow};
use super::walker::Ctx;

const WARNING: RuleInfo = RuleInfo {
    severity: Severity::Warning,
    ..RuleInfo::DEFAULT
};

/// A 1×1 PNG, base64.
macro_rules! png {
    () => {
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
    };
}

/// The literal-value rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "text/rich-text-image",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V5_1,
            summary: "Images in RichText markdown (`![alt](…)`) are base64 data URIs, not links.",
            why: "RichText shows only images carried inside the flow (`data:image/png;base64,…`); a URL is never fetched, so the image is missing on the phone.",
            fail_example: one_screen!(
                "7.3",
                r##"{"type":"RichText","text":["# Our shop","![Logo](https://example.com/logo.png)"]},"##
            ),
            pass_example: one_screen!(
                "7.3",
                concat!(
                    r##"{"type":"RichText","text":["# Our shop","![Logo](data:image/png;base64,"##,
                    png!(),
                    r#")"]},"#
                )
            ),
            notes: "A warning: Meta's component reference allows only base64 data-URI images in RichText; the message its builder uses for other images (\"Image source is not in a valid base64 format.\") is not confirmed for RichText. Checks the form of the data URI, not the base64 data (the RichText example of Meta's docs, as copied by pywa, carries a shortened sample). Dynamic texts are not checked.",
            ..WARNING
        },
        check: Some(rich_text_images),
    },
    Rule {
        info: RuleInfo {
            id: "components/pattern-delimiters",
            code: "WAFLOW_PATTERN_DELIMITERS",
            since: FlowVersion::V6_2,
            summary: "A TextInput `pattern` is a bare regular expression, not wrapped in `/…/` delimiters.",
            why: "Meta applies `pattern` as written: the slashes become part of the expression, so it only matches input that begins and ends with a slash and the field refuses what users type.",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"zip","label":"ZIP code","pattern":"/^[0-9]{5}$/","helper-text":"Five digits"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"zip","label":"ZIP code","pattern":"^[0-9]{5}$","helper-text":"Five digits"},"#
            ),
            notes: "waflow's own check of the documented form (\"raw regex, no slashes\"); Meta's validator does not report it. Delimiters with flags (`/…/i`) count too. Whether the pattern is a valid regular expression is not checked.",
            ..WARNING
        },
        check: Some(pattern_delimiters),
    },
    Rule {
        info: RuleInfo {
            id: "actions/null-payload-value",
            code: "INVALID_PROPERTY_TYPE",
            summary: "`complete`, `data_exchange` and `update_data` payloads hold no `null` values.",
            why: "Meta types Flow data after RFC 8927, which has no null: leave the key out or send an empty value instead.",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"]},"#;
                r#"{"id":"A","title":"Step","layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"data_exchange","payload":{"coupon":null}}}]}}"#,
                done_screen!("B")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"]},"#;
                exchange_screen!("A"), done_screen!("B")),
            notes: "A warning: Meta's Flow JSON reference says null is not supported, but no validator message for payloads is known; INVALID_PROPERTY_TYPE is Meta's code for type errors. Nulls in navigate payloads are errors of actions/navigate-static-payload-type, in data examples of data/example-mismatch, in Form init-values of forms/init-values-types.",
            ..WARNING
        },
        check: Some(null_payload_values),
    },
];

/// The image sources of the markdown images (`![alt](src "title")`) in `text`, as byte ranges.
fn markdown_images(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("![") {
        let start = from + at + 2;
        // The alt text ends at the first `]`; an image only when `(` follows at once.
        let Some(close) = text[start..].find(']').map(|k| start + k) else {
            break;
        };
        if !text[close + 1..].starts_with('(') {
            from = close + 1;
            continue;
        }
        let src_start = close + 2;
        let rest = &text[src_start..];
        let len = rest
            .find(|c: char| c == ')' || c.is_whitespace())
            .unwrap_or(rest.len());
        found.push(src_start..src_start + len);
        from = src_start + len;
    }
    found
}

/// Whether `src` is a base64 data URI of an image (`data:image/…;base64,…`).
fn is_image_data_uri(src: &str) -> bool {
    src.strip_prefix("data:image/")
        .and_then(|rest| rest.split_once(";base64,"))
        .is_some_and(|(_, data)| !data.is_empty())
}

/// text/rich-text-image: markdown images of RichText that are not base64 data URIs.
fn rich_text_images(ctx: &Ctx<'_>, sink: &mut Sink) {
    for component in ctx.components.iter().filter(|c| c.kind == "RichText") {
        let text = pointer::push(&component.pointer, "text");
        let strings: Vec<(String, &str)> = match component.value.get("text") {
            Some(Value::String(s)) => vec![(text, s.as_str())],
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| Some((pointer::push_index(&text, i), v.as_str()?)))
                .collect(),
            _ => continue,
        };
        for (at, s) in strings {
            if !props::is_literal_str(s) {
                continue;
            }
            for src in markdown_images(s) {
                let value = &s[src.clone()];
                if is_image_data_uri(value) {
                    continue;
                }
                let (message, help) = if value.contains("://") {
                    (
                        "this RichText image is a link; RichText shows only images embedded as base64 data URIs",
                        "embed the image as `data:image/png;base64,…` (or jpeg)",
                    )
                } else {
                    (
                        "this RichText image is not a base64 data URI",
                        "write the source as `data:image/png;base64,` followed by the base64 data",
                    )
                };
                sink.report(at.clone(), message)
                    .anchor(Anchor::InString {
                        start: src.start,
                        end: src.end,
                    })
                    .help(help);
            }
        }
    }
}

/// Whether `pattern` is wrapped in `/…/` regex delimiters, with optional flags.
fn has_delimiters(pattern: &str) -> bool {
    let Some(body) = pattern.strip_prefix('/') else {
        return false;
    };
    let flags = body.trim_end_matches(|c: char| "dgimsuvy".contains(c));
    flags.len() >= 2 && flags.ends_with('/')
}

/// components/pattern-delimiters: TextInput patterns written as `/…/`.
fn pattern_delimiters(ctx: &Ctx<'_>, sink: &mut Sink) {
    for component in ctx.components.iter().filter(|c| c.kind == "TextInput") {
        let Some(pattern) = component.value.get("pattern").and_then(Value::as_str) else {
            continue;
        };
        if !props::is_literal_str(pattern) || !has_delimiters(pattern) {
            continue;
        }
        sink.report(
            pointer::push(&component.pointer, "pattern"),
            "the pattern is wrapped in slashes, which Meta takes as part of the expression",
        )
        .help("remove the leading and trailing `/` (and any flags after it)");
    }
}

/// actions/null-payload-value: `null` anywhere in complete, data_exchange and update_data
/// payloads.
fn null_payload_values(ctx: &Ctx<'_>, sink: &mut Sink) {
    fn walk(value: &Value, at: String, sink: &mut Sink) {
        match value {
            Value::Null => {
                sink.report(at, "payload values cannot be null")
                    .help("leave the key out, or send an empty value (\"\", 0, false, [] or {})");
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, pointer::push_index(&at, i), sink);
                }
            }
            Value::Object(members) => {
                for (key, member) in members {
                    walk(member, pointer::push(&at, key), sink);
                }
            }
            _ => {}
        }
    }
    for action in &ctx.actions {
        if !matches!(
            action.name,
            Some("complete" | "data_exchange" | "update_data")
        ) {
            continue;
        }
        let Some(payload) = action.payload else {
            continue;
        };
        let at = action.pointer_to("payload");
        for (key, value) in payload {
            walk(value, pointer::push(&at, key), sink);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_image_sources_are_found() {
        let text = "a ![x](https://e.com/a.png \"t\") b ![](data:image/png;base64,AAAA) ![no] [l](u) ![broken";
        let found: Vec<&str> = markdown_images(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["https://e.com/a.png", "data:image/png;base64,AAAA"]);
        assert!(is_image_data_uri("data:image/png;base64,AAAA"));
        assert!(!is_image_data_uri("data:text/plain;base64,AAAA"));
        assert!(!is_image_data_uri("data:image/png;base64,"));
    }

    #[test]
    fn delimiters_are_recognised() {
        assert!(has_delimiters("/^[0-9]+$/"));
        assert!(has_delimiters("/abc/i"));
        assert!(!has_delimiters("^[0-9]+$"));
        assert!(!has_delimiters("/"));
        assert!(!has_delimiters("//"));
        assert!(!has_delimiters("/path/to"));
    }
}
