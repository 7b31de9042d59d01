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

#[test]
fn a_file_over_10_mib_is_reported_once_and_not_checked() {
    // 5.5 million schema errors if it were checked.
    let bytes = numbers_flow(5_500_000);
    assert!(bytes.len() > 10 * 1024 * 1024);
    let report = check("x.json", &bytes, &capped(None));
    let rules: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.finding.rule.as_ref())
        .collect();
    assert_eq!(rules, ["json/too-large"]);
    assert_eq!(report.omitted.total(), 0);
    assert_eq!(report.flow_version, None);
    let message = &report.diagnostics[0].finding.message;
    assert!(message.contains("10 MiB (10,485,760 bytes)"), "{message}");
}

#[test]
fn a_flow_128_levels_deep_is_checked_and_129_is_refused() {
    // The flow object is the first level; "x" holds the other 127 (or 128).
    let flow = |levels: usize| {
        format!(
            r#"{{"version": "7.3", "screens": [], "x": {}1{}}}"#,
            "[".repeat(levels - 1),
            "]".repeat(levels - 1)
        )
    };
    let report = check("x.json", flow(128).as_bytes(), &CheckOptions::default());
    assert!(report.flow_version.is_some());
    let unknown = report
        .diagnostics
        .iter()
        .find(|d| d.finding.pointer == "/x")
        .expect("the schema layer ran and reports the unknown key");
    assert_eq!(&report.text[unknown.span.start..unknown.span.end], "\"x\"");
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.finding.rule != "json/syntax")
    );
    let report = check("x.json", flow(129).as_bytes(), &CheckOptions::default());
    let rules: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.finding.rule.as_ref())
        .collect();
    assert_eq!(rules, ["json/syntax"]);
    assert!(
        report.diagnostics[0]
            .finding
            .message
            .contains("more than 128 levels")
    );
}
