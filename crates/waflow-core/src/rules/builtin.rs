//! Registry entries for the findings reported before the semantic rules run: reading the file
//! (`io/unreadable`, reported by the CLI, and `document.rs`), the declared version (`check.rs`)
//! and the schema layer (`schema::RULES`). Listed here so that `waflow rules` and
//! `docs/rules.md` are complete.

use std::sync::LazyLock;

use crate::finding::Severity;
use crate::fix::Applicability;
use crate::version::FlowVersion;

use super::engine::{Layer, RuleInfo};

const JSON: RuleInfo = RuleInfo {
    layer: Layer::Json,
    code: "INVALID_FLOW_JSON",
    ..RuleInfo::DEFAULT
};

const VERSION: RuleInfo = RuleInfo {
    layer: Layer::Version,
    ..RuleInfo::DEFAULT
};

/// The json/ and version/ entries.
pub(crate) const INFOS: &[RuleInfo] = &[
    RuleInfo {
        id: "json/syntax",
        doc: concat!(
            "The file must be strict JSON.",
            "\n## Why\n",
            "Meta rejects the whole upload with \"Flow JSON is not valid.\" and gives no position; waflow points at the first offending character.",
            "\n## Notes\n",
            "No comments, no trailing commas, double-quoted keys and strings. Nesting deeper than 128 levels is reported here too.",
        ),
        fail_example: r#"{"version": "7.3", "screens": [],}"#,
        pass_example: r#"{"version": "7.3", "screens": []}"#,
        ..JSON
    },
    RuleInfo {
        id: "json/encoding",
        doc: concat!(
            "The file must be UTF-8 text.",
            "\n## Why\n",
            "Flow JSON is UTF-8; other encodings are rejected or garble text on the phone. A UTF-16 or UTF-32 file (with or without byte order mark) is named as such.",
        ),
        fail_example: "{\"version\": \"7.3\", \"title\": \"Caf\\xE9\"}  (Latin-1 byte 0xE9)",
        pass_example: r#"{"version": "7.3", "title": "Café"}"#,
        ..JSON
    },
    RuleInfo {
        id: "json/byte-order-mark",
        doc: concat!(
            "The file must not start with a UTF-8 byte order mark.",
            "\n## Why\n",
            "JSON forbids a byte order mark; strict parsers, Meta's included, refuse the file.",
        ),
        fail_example: "\u{feff}{\"version\": \"7.3\"}",
        pass_example: r#"{"version": "7.3"}"#,
        fix: Some(Applicability::Safe),
        ..JSON
    },
    RuleInfo {
        id: "json/too-large",
        doc: concat!(
            "The file may not exceed 10 MiB (10,485,760 bytes); a larger file is not checked further.",
            "\n## Why\n",
            "Meta refuses Flow JSON larger than 10 MB (\"The maximum size of the Flow JSON is 10 MB\"), which waflow reads as 10 MiB.",
        ),
        fail_example: "(any file of more than 10,485,760 bytes)",
        pass_example: "(the same flow with large static data moved behind an endpoint)",
        ..JSON
    },
    RuleInfo {
        id: "json/duplicate-key",
        doc: concat!(
            "An object may not repeat a key.",
            "\n## Why\n",
            "Parsers disagree on which value wins, so the flow Meta sees may not be the one you read.",
            "\n## Notes\n",
            "Meta's code for unparseable or ambiguous JSON is INVALID_FLOW_JSON.",
        ),
        fail_example: r#"{"version": "7.3", "version": "6.0"}"#,
        pass_example: r#"{"version": "7.3"}"#,
        ..JSON
    },
    RuleInfo {
        id: "io/unreadable",
        code: "WAFLOW_UNREADABLE_FILE",
        doc: concat!(
            "A path given to the check (or met in a directory search) could not be read.",
            "\n## Why\n",
            "A flow that cannot be read is not checked; the run goes on with the other paths and exits with status 2, and the report names the path.",
            "\n## Notes\n",
            "Reported by `waflow check` in place of the file, at line 1, column 1, with the operating system's reason. It cannot be turned off.",
        ),
        fail_example: "(a path that does not exist, or a file or directory without read permission)",
        pass_example: "(a readable file)",
        ..JSON
    },
    RuleInfo {
        id: "version/missing",
        code: "MISSING_FLOW_JSON_VERSION",
        doc: concat!(
            "The flow must declare its Flow JSON version.",
            "\n## Why\n",
            "Every later check depends on the version; Meta answers \"Flow JSON version is not specified.\"",
        ),
        fail_example: r#"{"screens": []}"#,
        pass_example: r#"{"version": "7.3", "screens": []}"#,
        ..VERSION
    },
    RuleInfo {
        id: "version/invalid",
        code: "INVALID_FLOW_JSON_VERSION",
        doc: concat!(
            "The version must be a public Flow JSON version written as a string.",
            "\n## Why\n",
            "Meta rejects unknown versions and numbers (\"Given Flow JSON version is not supported.\").",
            "\n## Notes\n",
            "A version written as a number is UNSUPPORTED_FLOW_JSON_VERSION, as in Meta's sample `\"version\": 100` (fixtures/conformance/version-number.json); a string that is no public version is INVALID_FLOW_JSON_VERSION (version-invalid.json). Meta also has UNAVAILABLE_FLOW_JSON_VERSION for beta versions such as 7.4, which only an upload can tell (version-unavailable-placeholder.json).",
        ),
        fail_example: r#"{"version": 7.3, "screens": []}"#,
        pass_example: r#"{"version": "7.3", "screens": []}"#,
        fix: Some(Applicability::Safe),
        ..VERSION
    },
    RuleInfo {
        id: "version/not-publishable",
        code: "INVALID_FLOW_JSON_VERSION_STATE",
        severity: Severity::Warning,
        until: Some(FlowVersion::V5_1),
        doc: concat!(
            "Versions 2.1–5.0 are frozen: flows can still be sent but not created, updated or published.",
            "\n## Why\n",
            "Publishing fails with error 139002 \"Versions in Flow JSON file are not available for publishing\".",
            "\n## Notes\n",
            "2.1, 3.0, 3.1 and 4.0 were frozen on 8 April 2025, 5.0 on 10 September 2025.",
        ),
        fail_example: r#"{"version": "5.0", "screens": []}"#,
        pass_example: r#"{"version": "7.3", "screens": []}"#,
        ..VERSION
    },
];

/// Errors Meta reports for an uploaded flow (`meta_errors.rs`).
pub(crate) const REMOTE: RuleInfo = RuleInfo {
    id: "meta/remote",
    code: "(Meta's code)",
    layer: Layer::Remote,
    doc: concat!(
        "An error Meta reported in the `validation_errors` of the uploaded flow, placed back onto the file.",
        "\n## Why\n",
        "Meta's validator is the final word; waflow shows its errors with Meta's code and message next to the local findings.",
        "\n## Notes\n",
        "The finding carries Meta's own error code (e.g. INVALID_ROUTING_MODEL) and message; its origin is `meta`.",
    ),
    not_checked_reason: Some(
        "reported by Meta after an upload (waflow push / publish), not by the local check",
    ),
    ..RuleInfo::DEFAULT
};

const SCHEMA_WHY: &str = "Meta validates every flow against the JSON Schema of its version first; a shape error stops Meta from running any other check.";

const SCHEMA_NOTES: &str = "One generic rule of the schema layer; the finding's message names the property and what the schema expects.";

/// The documentation of the schema layer's rules, in the order of `schema::RULES`.
static SCHEMA_DOCS: LazyLock<Vec<String>> = LazyLock::new(|| {
    crate::schema::RULES
        .iter()
        .map(|r| {
            let codes = crate::schema::rule_code_notes(r.id);
            let sep = if codes.is_empty() { "" } else { " " };
            format!(
                "{}\n## Why\n{SCHEMA_WHY}\n## Notes\n{SCHEMA_NOTES}{sep}{codes}",
                r.summary
            )
        })
        .collect()
});

/// The schema layer's rules, described for the registry.
pub(crate) static SCHEMA_INFOS: LazyLock<Vec<RuleInfo>> = LazyLock::new(|| {
    crate::schema::RULES
        .iter()
        .zip(SCHEMA_DOCS.iter())
        .map(|(r, doc)| RuleInfo {
            id: r.id,
            code: r.code,
            doc,
            layer: Layer::Schema,
            fix: crate::fix::schema_fix_of(r.id),
            ..RuleInfo::DEFAULT
        })
        .collect()
});
