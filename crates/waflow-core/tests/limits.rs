//! The limits of a check: the cap on findings per file (kept, counted, and the work it saves),
//! the 10 MiB size limit, the nesting limit, and what is said about bytes that are not UTF-8.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use serde_json::{Value, json};
use waflow_core::check::check_filtered;
use waflow_core::{CheckOptions, DEFAULT_MAX_FINDINGS, FileReport, Severity, check, document};

fn capped(max: Option<usize>) -> CheckOptions {
    CheckOptions {
        max_findings: max,
        ..CheckOptions::default()
    }
}

/// One terminal screen whose children are `n` numbers: one schema error each.
fn numbers_flow(n: usize) -> Vec<u8> {
    let children = vec![Value::from(1); n];
    serde_json::to_vec(
        &json!({"version": "7.3", "screens": [{"id": "A", "title": "t",
        "terminal": true, "layout": {"type": "SingleColumnLayout", "children": children}}]}),
    )
    .unwrap()
}

/// `n` terminal screens, schema-valid, none with a Footer: one semantic error per screen.
fn footless_screens(n: usize) -> Vec<u8> {
    let id = |mut i: usize| {
        let mut s = String::from("S");
        loop {
            s.push(char::from(b'A' + (i % 26) as u8));
            i /= 26;
            if i == 0 {
                return s;
            }
        }
    };
    let screens: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": id(i), "title": "t", "terminal": true, "layout": {"type":
                "SingleColumnLayout", "children": [{"type": "TextBody", "text": "x"}]}})
        })
        .collect();
    serde_json::to_vec(&json!({"version": "7.3", "screens": screens})).unwrap()
}

fn counts(report: &FileReport) -> [usize; 3] {
    [Severity::Error, Severity::Warning, Severity::Info].map(|s| report.count(s))
}

#[test]
fn the_default_cap_is_a_thousand_findings() {
    assert_eq!(CheckOptions::default().max_findings, Some(1_000));
    assert_eq!(DEFAULT_MAX_FINDINGS, 1_000);
    let report = check("x.json", &numbers_flow(1_500), &CheckOptions::default());
    assert_eq!(report.diagnostics.len(), 1_000);
    assert!(report.omitted.total() >= 1 && report.omitted.lower_bound);
}

#[test]
fn the_schema_layer_stops_listing_at_the_cap() {
    let report = check("x.json", &numbers_flow(5_000), &capped(Some(10)));
    assert_eq!(report.diagnostics.len(), 10);
    // Listing went on to one error past the cap (to know that there are more), not to 5,000.
    assert!(report.omitted.lower_bound);
    assert!(report.omitted.errors >= 1, "{:?}", report.omitted);
    assert!(report.omitted.total() < 10, "{:?}", report.omitted);
    // Without a cap, every error is listed.
    let all = check("x.json", &numbers_flow(5_000), &capped(None));
    assert!(all.diagnostics.len() > 5_000);
    assert_eq!(all.omitted.total(), 0);
    assert!(!all.omitted.lower_bound);
}

#[test]
fn semantic_findings_past_the_cap_are_counted_exactly() {
    let bytes = footless_screens(60);
    let all = check("x.json", &bytes, &capped(None));
    assert!(all.diagnostics.len() >= 60, "{}", all.diagnostics.len());
    let some = check("x.json", &bytes, &capped(Some(25)));
    assert_eq!(some.diagnostics.len(), 25);
    assert!(!some.omitted.lower_bound);
    let [e, w, i] = counts(&some);
    assert_eq!(
        [
            e + some.omitted.errors,
            w + some.omitted.warnings,
            i + some.omitted.infos
        ],
        counts(&all)
    );
    // Kept findings are the first ones made, shown in file order.
    let starts: Vec<usize> = some.diagnostics.iter().map(|d| d.span.start).collect();
    assert!(starts.is_sorted());
}

#[test]
fn findings_filtered_out_leave_their_room_to_others() {
    let bytes = numbers_flow(50);
    let (doc, loaded) = document::load(&bytes);
    // Drop the errors of the first 40 children: the 10 kept are those of the last ten.
    let keep = |f: &waflow_core::Finding| pointer_index(&f.pointer).is_none_or(|i| i >= 40);
    let report = check_filtered("x.json", &doc, loaded, &capped(Some(10)), &keep);
    assert_eq!(report.diagnostics.len(), 10);
    for d in &report.diagnostics {
        let i = pointer_index(&d.finding.pointer);
        assert!(i.is_none_or(|i| i >= 40), "{}", d.finding.pointer);
    }
}

/// The child index of a pointer under the first screen's children.
fn pointer_index(pointer: &str) -> Option<usize> {
    pointer
        .strip_prefix("/screens/0/layout/children/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}
