//! The automatic fixes, on their fixtures. `fixtures/fixes/GROUP/NAME/` holds the cases of the
//! fix that findings of rule `GROUP/NAME` carry: `before*.json` is a flow with the finding, and
//! `after*.json` (same suffix) the exact text the fixer makes of it, every fix allowed;
//! `rejected*.json` is a flow whose fix would add an error, so fixing leaves it as it is.
//!
//! For each case: the fixer applies fixes of that rule and gives exactly `after`; `after` has no
//! finding of the rule left; fixing `after` (fixing twice) changes nothing; an unsafe fix is not
//! applied when only safe fixes are wanted. Every rule that says it has a fix has fixtures, and
//! every fixture directory names such a rule, with the safety it declares.
//!
//! `WAFLOW_BLESS=1` writes the `after` files from the fixer's output (review them before
//! committing).

#![allow(clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use waflow_core::fix::{Applicability, Fixed, fix_file};
use waflow_core::rules::{RuleInfo, registry};
use waflow_core::{CheckOptions, check};

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/fixes"))
}

fn fix(text: &str, allowed: Applicability) -> Fixed {
    let options = CheckOptions::default();
    fix_file(text, allowed, &|t: &str| {
        check("flow.json", t.as_bytes(), &options)
    })
}

/// `(rule id, directory)` of every fixture directory `GROUP/NAME`.
fn fixture_dirs() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for group in std::fs::read_dir(root())
        .expect("fixtures/fixes readable")
        .flatten()
    {
        for name in std::fs::read_dir(group.path())
            .expect("group readable")
            .flatten()
        {
            let id = format!(
                "{}/{}",
                group.file_name().to_string_lossy(),
                name.file_name().to_string_lossy()
            );
            out.push((id, name.path()));
        }
    }
    out.sort();
    out
}

fn cases(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture directory readable")
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_owned();
            let suffix = name.strip_prefix("before")?;
            Some((p.clone(), dir.join(format!("after{suffix}"))))
        })
        .collect();
    out.sort();
    out
}

fn rejected(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture directory readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("rejected"))
        })
        .collect();
    out.sort();
    out
}

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8(bytes).expect("fixtures are UTF-8")
}

fn rule(id: &str) -> &'static RuleInfo {
    registry()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("fixtures/fixes/{id} names no rule"))
}

#[test]
fn every_fix_turns_before_into_after_once_and_for_all() {
    let bless = std::env::var_os("WAFLOW_BLESS").is_some();
    let mut failures = Vec::new();
    for (id, dir) in fixture_dirs() {
        let declared = rule(&id).fix;
        let Some(safety) = declared else {
            failures.push(format!("{id}: the rule declares no fix"));
            continue;
        };
        let cases = cases(&dir);
        if cases.is_empty() {
            failures.push(format!("{id}: no before*.json"));
        }
        for file in rejected(&dir) {
            let text = read(&file);
            let fixed = fix(&text, Applicability::Unsafe);
            let offered = check("flow.json", text.as_bytes(), &CheckOptions::default())
                .diagnostics
                .iter()
                .any(|d| d.finding.rule == id && d.finding.fix.is_some());
            if !offered || fixed.text != text {
                failures.push(format!(
                    "{}: the fix of {id} should be offered and then dropped (offered: {offered}, applied: {:?})",
                    file.display(),
                    fixed.applied
                ));
            }
        }
        for (before, after) in cases {
            let name = before.display().to_string();
            let fixed = fix(&read(&before), Applicability::Unsafe);
            if !fixed.applied.iter().any(|a| a.rule == id) {
                failures.push(format!(
                    "{name}: no fix of {id} applied: {:?}",
                    fixed.applied
                ));
            }
            if fixed
                .report
                .diagnostics
                .iter()
                .any(|d| d.finding.rule == id)
            {
                failures.push(format!("{name}: a finding of {id} is left after fixing"));
            }
            if bless {
                std::fs::write(&after, &fixed.text).expect("after file written");
            } else if fixed.text != read(&after) {
                failures.push(format!(
                    "{name}: the fixed text differs from {}:\n{}",
                    after.display(),
                    fixed.text
                ));
            }
            let again = fix(&fixed.text, Applicability::Unsafe);
            if again.changed() || again.text != fixed.text {
                failures.push(format!(
                    "{name}: fixing twice changed it: {:?}",
                    again.applied
                ));
            }
            if safety == Applicability::Unsafe {
                let safe = fix(&read(&before), Applicability::Safe);
                if safe.applied.iter().any(|a| a.rule == id) {
                    failures.push(format!("{name}: an unsafe fix of {id} applied as safe"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_rule_with_a_fix_has_fixtures() {
    let dirs: BTreeSet<String> = fixture_dirs().into_iter().map(|(id, _)| id).collect();
    let missing: Vec<&str> = registry()
        .into_iter()
        .filter(|r| r.fix.is_some() && r.reported_by.is_none())
        .map(|r| r.id)
        .filter(|id| !dirs.contains(*id))
        .collect();
    assert!(missing.is_empty(), "fix without fixtures: {missing:?}");
    // A rule reported by another carries its fix through that rule's findings.
    for r in registry().into_iter().filter(|r| r.fix.is_some()) {
        if let Some(by) = r.reported_by {
            assert!(
                rule(by).fix.is_some(),
                "{} has a fix but {by}, which reports it, has none",
                r.id
            );
        }
    }
}

#[test]
fn fixes_keep_line_endings_and_bytes_outside_the_edits() {
    let before = read(&root().join("json/byte-order-mark/before.json"));
    let fixed = fix(&before, Applicability::Safe);
    assert_eq!(fixed.text, before.trim_start_matches('\u{feff}'));
    assert!(fixed.text.contains("\r\n"));
}

#[test]
fn a_fix_that_would_add_an_error_is_dropped() {
    // `Foter` → `Footer` would give the screen a second Footer, one without an action: the
    // check of the fixed text has errors the flow did not have, so the fix is dropped.
    let text = read(&root().join("schema/unknown-component/before.json"))
        .replace("\"TextBdy\"", "\"Foter\"")
        .replace("\"text\": \"Thank you\"", "\"label\": \"Again\"");
    let fixed = fix(&text, Applicability::Unsafe);
    assert!(fixed.applied.is_empty(), "{:?}", fixed.applied);
    assert_eq!(fixed.text, text);
    assert_eq!(fixed.dropped.len(), 1, "{:?}", fixed.dropped);
    assert_eq!(fixed.dropped[0].rule, "schema/unknown-component");
    assert_eq!(
        fixed.dropped[0].added,
        ["counts/footer", "schema/missing-property"]
    );
}

#[test]
fn a_fix_that_uncovers_errors_the_version_hid_is_applied() {
    // Before the fix the flow is read as no version, so the schema never ran on it.
    let fixed = fix(r#"{"version": 7.3, "screens": []}"#, Applicability::Safe);
    assert_eq!(fixed.text, r#"{"version": "7.3", "screens": []}"#);
    assert!(fixed.dropped.is_empty(), "{:?}", fixed.dropped);
    assert!(
        fixed
            .report
            .diagnostics
            .iter()
            .any(|d| d.finding.rule.starts_with("schema/")),
        "{:?}",
        fixed.report.diagnostics
    );
}

#[test]
fn bad_input_is_left_alone() {
    for text in ["", "{", "[1, 2", "{\"version\": 7.3, \"screens\": [}"] {
        let fixed = fix(text, Applicability::Unsafe);
        assert_eq!(fixed.text, text, "{text:?}");
    }
}

const BOM: char = '\u{feff}';

/// Every `before*.json` text, the seeds of the property test.
fn before_texts() -> Vec<String> {
    fixture_dirs()
        .iter()
        .flat_map(|(_, dir)| cases(dir))
        .map(|(before, _)| read(&before))
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// A fixture cut short or with a character put in anywhere: the fixer does not panic, keeps
    /// the text when it does not parse, and what it makes is stable (fixing again changes
    /// nothing).
    #[test]
    fn any_edit_of_a_fixture_fixes_without_panic(
        seed in proptest::prelude::any::<proptest::sample::Index>(),
        at in proptest::prelude::any::<proptest::sample::Index>(),
        insert in proptest::option::of(proptest::char::any()),
    ) {
        let texts = before_texts();
        let text = seed.get(&texts);
        let mut cut = at.index(text.len() + 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let edited = match insert {
            Some(c) => format!("{}{c}{}", &text[..cut], &text[cut..]),
            None => text[..cut].to_owned(),
        };
        let fixed = fix(&edited, Applicability::Unsafe);
        let again = fix(&fixed.text, Applicability::Unsafe);
        proptest::prop_assert_eq!(&again.text, &fixed.text);
        let bom = edited.starts_with(BOM);
        if serde_json::from_str::<serde_json::Value>(edited.trim_start_matches(BOM)).is_err() {
            proptest::prop_assert!(fixed.text == edited || bom, "a broken text was changed");
        }
    }
}
