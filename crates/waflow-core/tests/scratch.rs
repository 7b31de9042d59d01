//! A check with its tree in the scratch region (`document::with_loaded`, as every check of the
//! `waflow` program makes it) against the same check on an ordinarily loaded document: same
//! report for every fixture and corpus file, the region really used, and a check made inside
//! another check leaves the outer tree intact. This binary's global allocator is the program's.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support {
    pub mod files;
    pub mod shared;
}

use std::path::Path;

use support::files::json_files;
use waflow_core::{CheckOptions, FileReport, check, document};

#[global_allocator]
static ALLOCATOR: waflow_alloc::Allocator = waflow_alloc::Allocator;

/// The report of the ordinary path: `load`, then the check of the loaded document.
fn plain(path: &str, bytes: &[u8]) -> FileReport {
    let (doc, findings) = document::load(bytes);
    waflow_core::check::check_loaded(path, &doc, findings, &CheckOptions::default())
}

fn same(a: &FileReport, b: &FileReport) -> bool {
    a.diagnostics == b.diagnostics
        && a.omitted == b.omitted
        && a.flow_version == b.flow_version
        && a.text == b.text
}

#[test]
fn every_fixture_and_corpus_file_gets_the_same_report_from_the_region() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    json_files(&root.join("fixtures"), &mut files);
    if let Some(corpus) = support::shared::shared("corpus/real") {
        json_files(&corpus, &mut files);
    }
    assert!(files.len() > 100, "{} files", files.len());
    // On one thread, one after the other: each check reuses the region the previous one used.
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let label = file.display().to_string();
        let region = check(&label, &bytes, &CheckOptions::default());
        assert!(same(&region, &plain(&label, &bytes)), "{label}");
    }
}

#[test]
fn the_tree_is_in_the_region_while_the_file_is_checked() {
    let bytes = br#"{"version": "7.3", "screens": [{"id": "A", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": []}}]}"#;
    let first_key = |doc: &document::Document| -> *const u8 {
        let object = doc.value.as_ref().and_then(|v| v.as_object()).unwrap();
        object.keys().next().unwrap().as_ptr()
    };
    std::thread::spawn(move || {
        let in_region =
            document::with_loaded(bytes, |doc, _| waflow_alloc::in_region(first_key(doc)));
        assert!(in_region);
        let (doc, _) = document::load(bytes);
        assert!(
            !waflow_alloc::in_region(first_key(&doc)),
            "load allocates as usual"
        );
    })
    .join()
    .unwrap();
}

#[test]
fn checks_made_while_a_file_is_checked_leave_its_tree_intact() {
    let a = br#"{"version": "7.3", "screens": [{"id": "OUTER_SCREEN", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [{"type": "TextBody", "text": "outer"}]}}]}"#;
    let b = br#"{"version": "6.0", "screens": [{"id": "INNER", "layout": {"type": "SingleColumnLayout", "children": [{"type": "TextHeading", "text": "a much longer inner text that lands where the outer tree was"}]}}]}"#;
    let expected = document::load(a).0.value;
    std::thread::spawn(move || {
        document::with_loaded(a, |doc, _| {
            for _ in 0..2 {
                let inner = check("inner.json", b, &CheckOptions::default());
                assert!(!inner.diagnostics.is_empty());
            }
            assert_eq!(doc.value, expected);
        });
    })
    .join()
    .unwrap();
}
