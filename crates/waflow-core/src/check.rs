//! The check pipeline: bytes in, located findings out.

use serde_json::Value;

use crate::diagnostic::{FileReport, Locator, in_file_order};
use crate::document::{self, Document};
use crate::finding::{Anchor, Finding};
use crate::options::CheckOptions;
use crate::version::FlowVersion;
use crate::{rules, schema};

/// Checks one file's bytes. `path` is only used to label the report.
pub fn check(path: &str, bytes: &[u8], options: &CheckOptions) -> FileReport {
    let (doc, findings) = document::load(bytes);
    check_loaded(path, &doc, findings, options)
}

/// Checks a document that [`document::load`] already gave, with the findings it returned, for
/// callers that need the parsed value too: the file is parsed once.
pub fn check_loaded(
    path: &str,
    doc: &Document,
    mut findings: Vec<Finding>,
    options: &CheckOptions,
) -> FileReport {
    // One locator for the whole check: its span index is built at most once.
    let mut locator = Locator::new(doc);
    let mut flow_version = None;
    if let Some(value) = &doc.value {
        flow_version = value
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_owned);
        findings.extend(check_value(doc, &mut locator, value));
    }
    let findings: Vec<Finding> = findings
        .into_iter()
        .filter_map(|f| options.apply(f))
        .collect();
    let mut diagnostics: Vec<_> = findings.into_iter().map(|f| locator.locate(f)).collect();
    in_file_order(&mut diagnostics);
    FileReport {
        path: path.to_owned(),
        flow_version,
        text: doc.text.clone(),
        diagnostics,
    }
}

fn check_value(doc: &Document, locator: &mut Locator<'_>, value: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    if doc.has_duplicate_keys {
        findings.extend(locator.spans().duplicate_keys().into_iter().map(|d| {
            Finding::error(
                "json/duplicate-key",
                "INVALID_FLOW_JSON",
                d.pointer,
                format!(
                    "the key \"{}\" appears more than once in this object",
                    d.key
                ),
            )
            .with_anchor(Anchor::Bytes {
                start: d.repeated.start,
                end: d.repeated.end,
            })
            .with_help("JSON parsers disagree on which value wins; keep one occurrence")
        }));
    }
    match declared_version(value) {
        Ok(version) => {
            if !version.is_publishable() {
                findings.push(
                    Finding::warning(
                        "version/not-publishable",
                        "INVALID_FLOW_JSON_VERSION_STATE",
                        "/version",
                        format!(
                            "Flow JSON {version} is frozen: Meta still sends such flows but no longer lets them be created, updated or published"
                        ),
                    )
                    .with_help(format!(
                        "move to Flow JSON {} (the oldest publishable version is 5.1)",
                        FlowVersion::LATEST
                    )),
                );
            }
            findings.extend(schema::validate(version, value));
            findings.extend(rules::run(version, value));
        }
        Err(finding) => findings.push(*finding),
    }
    findings
}

/// Reads the `version` of a flow, or the finding that says why it cannot be used.
pub fn declared_version(value: &Value) -> Result<FlowVersion, Box<Finding>> {
    let supported = || {
        let all: Vec<_> = FlowVersion::ALL.iter().map(|v| v.as_str()).collect();
        format!("supported versions: {}", all.join(", "))
    };
    let Some(obj) = value.as_object() else {
        return Err(Box::new(Finding::error(
            "version/missing",
            "MISSING_FLOW_JSON_VERSION",
            "",
            "a Flow JSON document must be an object with a \"version\"",
        )));
    };
    match obj.get("version") {
        None => Err(Box::new(
            Finding::error(
                "version/missing",
                "MISSING_FLOW_JSON_VERSION",
                "",
                "the flow does not say which Flow JSON version it uses",
            )
            .with_anchor(Anchor::Key)
            .with_help(format!(
                "add \"version\": \"{}\" at the top level",
                FlowVersion::LATEST
            )),
        )),
        Some(Value::String(s)) => FlowVersion::parse(s).ok_or_else(|| {
            Box::new(
                Finding::error(
                    "version/invalid",
                    "INVALID_FLOW_JSON_VERSION",
                    "/version",
                    format!("\"{s}\" is not a public Flow JSON version"),
                )
                .with_help(supported()),
            )
        }),
        Some(other) => Err(Box::new(
            Finding::error(
                "version/invalid",
                "INVALID_FLOW_JSON_VERSION",
                "/version",
                format!(
                    "the version must be a string such as \"{}\", not {}",
                    FlowVersion::LATEST,
                    json_kind(other)
                ),
            )
            .with_help(supported()),
        )),
    }
}

/// A JSON type name for messages ("a number", "an array", …).
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
