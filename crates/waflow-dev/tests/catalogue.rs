//! The coverage table of Meta's rule catalogue (`waflow_dev::catalogue`) against the reference
//! catalogue itself: every rule id of the reference's rule tables has exactly one row and no row
//! is stale. The reference lives outside the repository (`../shared/reference`); without it this
//! test says so and skips (under CI it fails). (The rows' own consistency with the registry is a
//! unit test of `src/catalogue.rs`.)

#![allow(clippy::expect_used)]

use std::collections::HashSet;

use waflow_dev::catalogue::CATALOGUE;

#[path = "../../waflow-core/tests/support/shared.rs"]
mod shared;

/// The rule ids of the reference's rule tables: the first cell of rows like `| R-VER-MISSING | …`.
fn reference_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("| "))
        .filter(|rest| rest.starts_with("R-"))
        .filter_map(|rest| rest.split('|').next())
        .map(|id| id.trim().to_owned())
        .collect()
}

#[test]
fn every_reference_rule_has_one_row() {
    let Some(path) = shared::shared("reference/flow-json-rules.md") else {
        return;
    };
    let text = std::fs::read_to_string(path).expect("read the reference catalogue");
    let reference = reference_ids(&text);
    assert!(
        reference.len() >= 100,
        "only {} rule ids found in the reference",
        reference.len()
    );
    let rows: HashSet<&str> = CATALOGUE.iter().map(|r| r.reference).collect();
    let missing: Vec<&String> = reference
        .iter()
        .filter(|id| !rows.contains(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "reference rules without a row: {missing:?}"
    );
    let known: HashSet<&str> = reference.iter().map(String::as_str).collect();
    let stale: Vec<&str> = CATALOGUE
        .iter()
        .map(|r| r.reference)
        .filter(|id| !known.contains(id))
        .collect();
    assert!(
        stale.is_empty(),
        "rows for rules the reference does not have: {stale:?}"
    );
    // The table keeps the reference's order, so the two are easy to compare side by side.
    let order: Vec<&str> = CATALOGUE.iter().map(|r| r.reference).collect();
    assert_eq!(order, reference, "rows are not in the reference's order");
}
