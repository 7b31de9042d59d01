//! The check pipeline: bytes in, located findings out.

use serde_json::Value;

use crate::collect::Collector;
use crate::diagnostic::{FileReport, Locator, in_file_order};
use crate::document::{self, Document};
use crate::finding::{Anchor, Finding, Related};
use crate::fix::{self, Edit, Fix};
use crate::options::CheckOptions;
use crate::version::FlowVersion;
use crate::{json, rules, schema};

pub use crate::json::json_kind;

/// Checks one file's bytes. `path` is only used to label the report.
pub fn check(path: &str, bytes: &[u8], options: &CheckOptions) -> FileReport {
    document::with_loaded(bytes, |doc, findings| {
        check_loaded(path, doc, findings, options)
    })
}

/// Checks a document that [`document::load`] already gave, with the findings it returned, for
/// callers that need the parsed value too: the file is parsed once.
pub fn check_loaded(
    path: &str,
    doc: &Document,
    findings: Vec<Finding>,
    options: &CheckOptions,
) -> FileReport {
    check_filtered(path, doc, findings, options, &|_| true)
}

/// [`check_loaded`] with a filter: a finding for which `keep` answers `false` is dropped before
/// it counts towards [`CheckOptions::max_findings`] (e.g. one that configuration ignores).
/// `keep` may be asked more than once about the same finding.
pub fn check_filtered(
    path: &str,
    doc: &Document,
    findings: Vec<Finding>,
    options: &CheckOptions,
    keep: &dyn Fn(&Finding) -> bool,
) -> FileReport {
    let mut collector = Collector::new(options, keep);
    for finding in findings {
        collector.push(finding);
    }
    let mut flow_version = None;
    if let Some(value) = &doc.value {
        flow_version = value
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_owned);
        collector = check_value(doc, value, collector);
    }
    let (findings, omitted) = collector.finish();
    let mut locator = Locator::new(doc);
    let mut diagnostics: Vec<_> = findings.into_iter().map(|f| locator.locate(f)).collect();
    in_file_order(&mut diagnostics);
    FileReport {
        path: path.to_owned(),
        flow_version,
        text: doc.text.clone(),
        diagnostics,
        omitted,
    }
}

fn check_value<'o>(doc: &Document, value: &Value, mut collector: Collector<'o>) -> Collector<'o> {
    if doc.has_duplicate_keys {
        for d in doc.spans().duplicate_keys() {
            collector.push(
                Finding::error(
                    "json/duplicate-key",
                    "INVALID_FLOW_JSON",
                    d.pointer.clone(),
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
                .with_related(
                    // The same key of the same object: the same pointer as the repeat.
                    Related::new(d.pointer, format!("\"{}\" first appears here", d.key))
                        .with_anchor(Anchor::Bytes {
                            start: d.first.start,
                            end: d.first.end,
                        }),
                ),
            );
        }
    }
    let version = match declared_version(value) {
        Ok(version) => version,
        Err(finding) => {
            collector.push(*finding);
            return collector;
        }
    };
    if !version.is_publishable() {
        collector.push(
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
    // The schema layer lists errors only until the cap is passed: listing is what costs on a
    // flow with millions of them.
    let room = collector.room();
    let mut admitted = 0usize;
    // A window of one element more than the room is enough to reach the cap.
    let window = room.saturating_add(1);
    let (mut schema_findings, stopped) =
        schema::validate_until(version, value, window, &mut |new| {
            admitted += new.iter().filter(|f| collector.admit(f).is_some()).count();
            admitted > room
        });
    fix::attach_schema_fixes(version, value, &mut schema_findings);
    for finding in schema_findings {
        collector.push(finding);
    }
    if stopped {
        collector.stopped_early();
    }
    rules::run_into(version, value, collector)
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
        Some(other) => Err(Box::new(quoted_version(
            other,
            Finding::error(
                "version/invalid",
                // Meta's sample of a number (`"version": 100`) is UNSUPPORTED_FLOW_JSON_VERSION.
                if other.is_number() {
                    "UNSUPPORTED_FLOW_JSON_VERSION"
                } else {
                    "INVALID_FLOW_JSON_VERSION"
                },
                "/version",
                format!(
                    "the version must be a string such as \"{}\", not {}",
                    FlowVersion::LATEST,
                    json::json_kind(other)
                ),
            )
            .with_help(supported()),
        ))),
    }
}

/// `finding` with the fix that quotes a numeric `version` that names a public version.
fn quoted_version(version: &Value, finding: Finding) -> Finding {
    let text = match version {
        Value::Number(n) => n.to_string(),
        _ => return finding,
    };
    if FlowVersion::parse(&text).is_none() {
        return finding;
    }
    let json = fix::json_string(&text);
    finding.with_fix(Fix::safe(
        format!("write the version as the string {json}"),
        vec![Edit::Replace {
            pointer: "/version".into(),
            json,
        }],
    ))
}
