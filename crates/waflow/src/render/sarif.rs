//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).
//!
//! One run; the driver lists every rule that produced a result, with its description and help
//! taken from the rule registry (or from the finding when the rule is not registered). Columns
//! count Unicode code points (`columnKind` is declared). Paths under the current directory are
//! written relative to it, percent-encoded, against the `SRCROOT` base.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use waflow_core::span_index::Span;
use waflow_core::{FileReport, Finding, Position, Severity};

use super::omitted_line;

/// Where the rule documentation lives: the index, and a page per rule below `rules/`.
const RULES_DOC: &str = "https://github.com/waflow/waflow/blob/main/docs/rules.md";

/// The documentation page of a registered rule.
fn rule_doc(id: &str) -> String {
    format!("https://github.com/waflow/waflow/blob/main/docs/rules/{id}.md")
}

/// Writes the SARIF log.
pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    super::write_json(&log(reports, &cwd), out)
}

/// The SARIF log of `reports`, with relative paths taken against `cwd`.
pub fn log(reports: &[FileReport], cwd: &Path) -> Value {
    let mut rules: BTreeMap<&str, &Finding> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        rules.entry(d.finding.rule.as_ref()).or_insert(&d.finding);
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut results = Vec::new();
    for report in reports {
        let (uri, base) = artifact_uri(&report.path, cwd);
        let place = |start: Position, end: Position, span: Span, path: &str| {
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": artifact_location(&uri, base),
                    "region": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column.max(1),
                        "byteOffset": span.start,
                        "byteLength": span.end - span.start,
                    }
                }
            });
            if !path.is_empty() {
                location["logicalLocations"] = json!([{
                    "fullyQualifiedName": path,
                    "kind": "member",
                }]);
            }
            location
        };
        for d in &report.diagnostics {
            let f = &d.finding;
            let location = place(d.start, d.end, d.span, &d.path);
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": index.get(f.rule.as_ref()).copied().unwrap_or(0),
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [location],
                "partialFingerprints": {
                    "waflowPointer/v1": format!("{}:{}:{}", report.path, f.rule, f.pointer),
                },
                "properties": {
                    "metaCode": f.code,
                    "pointer": f.pointer,
                    "origin": match f.origin {
                        waflow_core::Origin::Local => "local",
                        waflow_core::Origin::Meta => "meta",
                    },
                },
            });
            if !d.related.is_empty() {
                let related: Vec<Value> = (1..)
                    .zip(&d.related)
                    .map(|(id, r)| {
                        let mut location = place(r.start, r.end, r.span, &r.path);
                        location["id"] = json!(id);
                        location["message"] = json!({ "text": r.message });
                        location
                    })
                    .collect();
                result["relatedLocations"] = json!(related);
            }
            results.push(result);
        }
    }
    let rules: Vec<Value> = rules.values().map(|f| rule(f)).collect();
    // Findings past the cap on findings per file: one notification per file.
    let notifications: Vec<Value> = reports
        .iter()
        .filter_map(|r| {
            let text = omitted_line(r)?;
            let (uri, base) = artifact_uri(&r.path, cwd);
            Some(json!({
                "level": "warning",
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": { "artifactLocation": artifact_location(&uri, base) }
                }],
            }))
        })
        .collect();
    let mut log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "waflow",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/waflow/waflow",
                    "rules": rules,
                }
            },
            "originalUriBaseIds": {
                "SRCROOT": { "uri": directory_uri(cwd) }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    if !notifications.is_empty() {
        log["runs"][0]["invocations"] = json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": notifications,
        }]);
    }
    log
}

/// An `artifactLocation` for `uri`, relative to `SRCROOT` when `base` is set.
fn artifact_location(uri: &str, base: bool) -> Value {
    if base {
        json!({ "uri": uri, "uriBaseId": "SRCROOT" })
    } else {
        json!({ "uri": uri })
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The reporting descriptor of a rule: from the registry when it knows the rule, else from the
/// first finding of it.
fn rule(f: &Finding) -> Value {
    let registered = waflow_core::rules::lookup(&f.rule)
        .into_iter()
        .find(|r| r.id == f.rule);
    let help_uri = match registered {
        Some(info) => rule_doc(info.id),
        None => RULES_DOC.to_owned(),
    };
    let (short, full, help, default) = match registered {
        Some(info) => {
            let (summary, why, notes) = (info.summary(), info.why(), info.notes());
            let mut help = format!("{summary}\n\n{why}");
            if !notes.is_empty() {
                help.push_str(&format!("\n\n{notes}"));
            }
            (
                summary.clone(),
                format!("{summary} {why}"),
                help,
                info.severity,
            )
        }
        None => {
            let help = f.help.clone().unwrap_or_else(|| f.message.clone());
            (f.message.clone(), f.message.clone(), help, f.severity)
        }
    };
    json!({
        "id": f.rule,
        "name": f.code,
        "shortDescription": { "text": short },
        "fullDescription": { "text": full },
        "help": { "text": help },
        "helpUri": help_uri,
        "defaultConfiguration": { "level": level(default) },
        "properties": { "metaCode": f.code, "tags": [f.code] },
    })
}

/// The URI of a reported path, and whether it is relative to `SRCROOT`.
fn artifact_uri(label: &str, cwd: &Path) -> (String, bool) {
    let path = Path::new(label);
    let relative = if path.is_absolute() {
        path.strip_prefix(cwd).ok().map(Path::to_path_buf)
    } else {
        Some(path.to_path_buf())
    };
    match relative {
        Some(rel) => {
            let parts: Vec<String> = rel
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .map(|c| percent_encode(&c.as_os_str().to_string_lossy()))
                .collect();
            (parts.join("/"), true)
        }
        None => (file_uri(path), false),
    }
}

fn file_uri(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(percent_encode(&s.to_string_lossy())),
            _ => None,
        })
        .collect();
    format!("file:///{}", parts.join("/"))
}

fn directory_uri(dir: &Path) -> String {
    let mut uri = file_uri(dir);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
pub fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn percent_decode(s: &str) -> Vec<u8> {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        out
    }

    proptest! {
        #[test]
        fn segments_encode_to_unreserved_characters_and_back(s in ".*") {
            let encoded = percent_encode(&s);
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
            prop_assert_eq!(percent_decode(&encoded), s.as_bytes());
        }
    }

    #[test]
    fn paths_are_relative_and_encoded() {
        let cwd = Path::new("/repo");
        assert_eq!(
            artifact_uri("flows/sign up.json", cwd),
            ("flows/sign%20up.json".to_owned(), true)
        );
        assert_eq!(
            artifact_uri("./flows/é#1.json", cwd),
            ("flows/%C3%A9%231.json".to_owned(), true)
        );
        assert_eq!(
            artifact_uri("/repo/a/b.json", cwd),
            ("a/b.json".to_owned(), true)
        );
        assert_eq!(
            artifact_uri("/elsewhere/x y.json", cwd),
            ("file:///elsewhere/x%20y.json".to_owned(), false)
        );
        assert_eq!(directory_uri(Path::new("/my repo")), "file:///my%20repo/");
    }
}
