//! The checked-in schemas under `schemas/` are exactly what the generator produces, compile,
//! and are served by `schema_text`.

#![allow(clippy::expect_used)]

use waflow_core::FlowVersion;
use waflow_core::schema::{self, generate, render, schema_text};

#[test]
fn checked_in_schemas_match_the_generator() {
    let stale: Vec<String> = FlowVersion::ALL
        .into_iter()
        .filter(|v| schema_text(*v) != render(&generate(*v)))
        .map(schema::generate::file_name)
        .collect();
    assert!(
        stale.is_empty(),
        "schemas/ is out of date ({}); regenerate with `cargo run -p waflow-core --example generate-schemas`",
        stale.join(", ")
    );
}

#[test]
fn every_schema_compiles_and_names_itself() {
    for v in FlowVersion::ALL {
        let value: serde_json::Value =
            serde_json::from_str(schema_text(v)).expect("schema text is JSON");
        assert_eq!(value["$id"], schema::generate::schema_id(v));
        assert_eq!(
            value["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::draft202012::options()
            .build(&value)
            .unwrap_or_else(|e| panic!("schema {v} does not compile: {e}"));
        assert!(schema_text(v).ends_with("}\n"));
    }
}

#[test]
fn components_appear_in_the_versions_that_have_them() {
    let defs = |v: FlowVersion| -> Vec<String> {
        let value: serde_json::Value = serde_json::from_str(schema_text(v)).expect("json");
        value["$defs"]
            .as_object()
            .expect("$defs")
            .keys()
            .cloned()
            .collect()
    };
    assert!(!defs(FlowVersion::V6_0).contains(&"CalendarPicker".to_owned()));
    assert!(defs(FlowVersion::V6_1).contains(&"CalendarPicker".to_owned()));
    assert!(!defs(FlowVersion::V3_1).contains(&"If".to_owned()));
    assert!(defs(FlowVersion::V4_0).contains(&"If".to_owned()));
    assert!(defs(FlowVersion::V7_1).contains(&"ImageCarousel".to_owned()));
    assert!(!defs(FlowVersion::V7_0).contains(&"ImageCarousel".to_owned()));
}

#[test]
fn rule_ids_are_unique_kebab_case_and_cover_what_validate_reports() {
    let mut ids: Vec<&str> = schema::RULES.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), schema::RULES.len(), "duplicate rule ids");
    for r in schema::RULES {
        let name = r.id.strip_prefix("schema/").expect("schema/ prefix");
        assert!(
            name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{} is not kebab-case",
            r.id
        );
        assert!(r.code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'));
        assert!(!r.summary.is_empty());
    }
    let doc = serde_json::json!({"version": "7.3", "screens": [], "extra": 1});
    for f in schema::validate(FlowVersion::V7_3, &doc) {
        assert!(
            schema::RULES
                .iter()
                .any(|r| r.id == f.rule && r.code == f.code),
            "{} / {} is not listed in RULES",
            f.rule,
            f.code
        );
    }
}
