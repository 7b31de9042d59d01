use serde_json::Value;

use crate::expr;
use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// Images in RichText markdown (`![alt](…)`) are base64 data URIs, not links.
    ///
    /// ## Why
    ///
    /// RichText shows only images carried inside the flow (`data:image/png;base64,…`); a URL is
    /// never fetched, so the image is missing on the phone.
    ///
    /// ## Notes
    ///
    /// A warning: Meta's component reference allows only base64 data-URI images in RichText; the
    /// message its builder uses for other images ("Image source is not in a valid base64 format.")
    /// is not confirmed for RichText. Checks the form of the data URI, not the base64 data (the
    /// RichText example of Meta's docs, as copied by pywa, carries a shortened sample). Dynamic
    /// texts are not checked.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "text/rich-text-image",
            code: "INVALID_PROPERTY_VALUE",
            severity: Severity::Warning,
            since: FlowVersion::V5_1,
            fail_example: fixture!("text/rich-text-image/fail.json"),
            pass_example: fixture!("text/rich-text-image/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// text/rich-text-image: markdown images of RichText that are not base64 data URIs.
fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for component in ctx.components.iter().filter(|c| c.kind == "RichText") {
        let text = pointer::push(&component.pointer, "text");
        let strings: Vec<(String, &str)> = match component.value.field("text") {
            Some(Value::String(s)) => vec![(text, s.as_str())],
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| Some((pointer::push_index(&text, i), v.as_str()?)))
                .collect(),
            _ => continue,
        };
        for (at, s) in strings {
            if !expr::is_literal(s) {
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
                sink.report(&RULE, at.clone(), message)
                    .anchor(Anchor::InString {
                        start: src.start,
                        end: src.end,
                    })
                    .help(help);
            }
        }
    }
}

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
}
