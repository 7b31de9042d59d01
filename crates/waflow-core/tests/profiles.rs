//! The two profiles (`server`, the default, and `builder`) and the inventory of constraints where
//! Meta's sources disagree (`docs/evidence.md`): every inventoried rule's fixtures report it with
//! its severity in each profile, the builder-only rules are warnings on the server and errors in
//! the builder, configured levels still win, and Meta's own example flows (WhatsApp-Flows-Tools)
//! and ours stay free of errors in both profiles.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support {
    pub mod examples;
    pub mod shared;
}

use std::path::{Path, PathBuf};

use support::examples::{example_rules, fixtures_root};
use waflow_core::options::Profile;
use waflow_core::rules::{Evidence, RuleInfo, registry};
use waflow_core::{CheckOptions, FileReport, Level, Severity, check};

const PROFILES: [Profile; 2] = [Profile::Server, Profile::Builder];

fn options(profile: Profile) -> CheckOptions {
    CheckOptions {
        profile,
        ..CheckOptions::default()
    }
}

fn run(path: &Path, profile: Profile) -> FileReport {
    let bytes = std::fs::read(path).expect("fixture readable");
    check(&path.display().to_string(), &bytes, &options(profile))
}

/// The rules of the inventory: every rule whose evidence is not `consistent`.
fn inventoried() -> Vec<&'static RuleInfo> {
    registry()
        .into_iter()
        .filter(|r| r.evidence != Evidence::Consistent)
        .collect()
}

/// The `fail*.json` or `pass*.json` files of a rule's fixture directory.
fn fixtures(rule: &RuleInfo, prefix: &str) -> Vec<PathBuf> {
    let dir = fixtures_root().join(rule.id);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".json") && name.starts_with(prefix)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_inventory_holds_the_constraints_of_issue_16() {
    let ids: Vec<&str> = inventoried().iter().map(|r| r.id).collect();
    for id in [
        "screens/missing-title",
        "screens/blank-title",
        "components/checkbox-max-selected",
        "toplevel/meta",
        "switch/case-key",
        "components/choice-group-label",
        "bindings/static-enum",
        "screens/reserved-id-casing",
        "counts/total",
        "counts/builder-total",
        "text/length",
        "if/footer-in-nested-if",
    ] {
        assert!(ids.contains(&id), "{id} is not inventoried");
    }
}

#[test]
fn inventoried_fixtures_report_the_rule_with_its_severity_in_each_profile() {
    let mut wrong = Vec::new();
    let examples = example_rules();
    for rule in inventoried() {
        let fails = fixtures(rule, "fail");
        let passes = fixtures(rule, "pass");
        // The rules with prose examples (image size) have their own generated tests.
        if examples.iter().any(|r| r.id == rule.id) {
            assert!(!fails.is_empty(), "{}: no failing fixture", rule.id);
            assert!(!passes.is_empty(), "{}: no passing fixture", rule.id);
        }
        for profile in PROFILES {
            let expected = rule.severity_in(profile);
            for path in &fails {
                let report = run(path, profile);
                let found: Vec<Severity> = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.finding.rule == rule.id)
                    .map(|d| d.finding.severity)
                    .collect();
                if found.is_empty() || found.iter().any(|s| *s != expected) {
                    wrong.push(format!(
                        "{} ({}): {} reported {found:?}, expected {expected:?}",
                        path.display(),
                        profile.as_str(),
                        rule.id
                    ));
                }
            }
            for path in &passes {
                let report = run(path, profile);
                for d in &report.diagnostics {
                    if d.finding.rule != "version/not-publishable" {
                        wrong.push(format!(
                            "{} ({}): {} {}",
                            path.display(),
                            profile.as_str(),
                            d.finding.rule,
                            d.finding.message
                        ));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn builder_only_rules_are_server_warnings_and_builder_errors() {
    for rule in registry() {
        match rule.evidence {
            Evidence::Builder => {
                assert_eq!(rule.severity, Severity::Warning, "{}", rule.id);
                assert_eq!(rule.builder_severity, Some(Severity::Error), "{}", rule.id);
            }
            // A rule whose severity depends on the profile is one of the inventory.
            Evidence::Consistent => {
                assert_eq!(rule.builder_severity, None, "{}", rule.id);
            }
            Evidence::Docs | Evidence::Disputed => {}
        }
    }
}

#[test]
fn every_inventoried_rule_is_in_the_evidence_page_and_states_its_decision() {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/evidence.md"
    ))
    .expect("docs/evidence.md");
    for rule in inventoried() {
        assert!(
            page.contains(&format!("`{}`", rule.id)),
            "{} is missing from docs/evidence.md",
            rule.id
        );
        assert!(
            rule.notes().contains("profile"),
            "{}: its Notes do not state the decision per profile",
            rule.id
        );
    }
}

#[test]
fn a_missing_title_is_a_warning_on_the_server_and_an_error_in_the_builder() {
    let flow = br#"{"version": "7.3", "screens": [{"id": "A", "terminal": true,
        "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}]}"#;
    let severities = |options: &CheckOptions| -> Vec<(String, Severity)> {
        check("t.json", flow, options)
            .diagnostics
            .iter()
            .map(|d| (d.finding.rule.to_string(), d.finding.severity))
            .collect()
    };
    let title = "screens/missing-title".to_owned();
    assert_eq!(
        severities(&options(Profile::Server)),
        [(title.clone(), Severity::Warning)]
    );
    assert_eq!(
        severities(&options(Profile::Builder)),
        [(title.clone(), Severity::Error)]
    );
    // A level set in the configuration wins over the profile.
    let mut quiet = options(Profile::Builder);
    quiet.levels.insert(title.clone(), Level::Info);
    assert_eq!(severities(&quiet), [(title, Severity::Info)]);
}

/// The findings of `flow` in `profile`, as (rule, pointer, severity).
fn findings(flow: &[u8], profile: Profile) -> Vec<(String, String, Severity)> {
    check("t.json", flow, &options(profile))
        .diagnostics
        .iter()
        .map(|d| {
            let f = &d.finding;
            (f.rule.to_string(), f.pointer.to_string(), f.severity)
        })
        .collect()
}

#[test]
fn a_blank_title_is_its_own_rule_not_a_blank_string() {
    let flow = br#"{"version": "7.3", "screens": [{"id": "A", "title": " ", "terminal": true,
        "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}]}"#;
    let found = |profile: Profile| findings(flow, profile);
    let rule = "screens/blank-title".to_owned();
    let at = "/screens/0/title".to_owned();
    assert_eq!(
        found(Profile::Server),
        [(rule.clone(), at.clone(), Severity::Warning)]
    );
    assert_eq!(found(Profile::Builder), [(rule, at, Severity::Error)]);
}

#[test]
fn a_bound_media_size_is_its_own_rule_and_a_bound_input_type_stays_a_schema_error() {
    let flow = br#"{"version": "7.3", "screens": [{"id": "A", "title": "T", "terminal": true,
        "data": {"size": {"type": "string", "__example__": "large"},
                 "n": {"type": "number", "__example__": 1}},
        "layout": {"type": "SingleColumnLayout", "children": [
        {"type": "RadioButtonsGroup", "name": "r", "label": "R", "media-size": "${data.size}",
         "data-source": [{"id": "a", "title": "A"}]},
        {"type": "CheckboxGroup", "name": "c", "label": "C", "media-size": "${data.n}",
         "data-source": [{"id": "a", "title": "A"}]},
        {"type": "TextInput", "name": "t", "label": "T", "input-type": "${data.size}"},
        {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}]}}]}"#;
    let found = |profile: Profile| {
        let mut found = findings(flow, profile);
        found.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
        found
    };
    let at = |i: usize, key: &str| format!("/screens/0/layout/children/{i}/{key}");
    let static_enum = "bindings/static-enum".to_owned();
    let expected = |severity: Severity| {
        vec![
            (static_enum.clone(), at(0, "media-size"), severity),
            (static_enum.clone(), at(1, "media-size"), severity),
            // The bound field must still hold a string.
            (
                "bindings/type-mismatch".to_owned(),
                at(1, "media-size"),
                Severity::Error,
            ),
            // Both sources take only a value here: the schema reports it in either profile.
            (
                "schema/enum".to_owned(),
                at(2, "input-type"),
                Severity::Error,
            ),
        ]
    };
    assert_eq!(found(Profile::Server), expected(Severity::Warning));
    assert_eq!(found(Profile::Builder), expected(Severity::Error));
}

/// A one-screen flow with `n` components: `n - 1` TextBody and a Footer.
fn screen_of(n: usize) -> Vec<u8> {
    let mut children: Vec<String> = (1..n)
        .map(|_| r#"{"type": "TextBody", "text": "Line"}"#.to_owned())
        .collect();
    children.push(
        r#"{"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}"#
            .to_owned(),
    );
    format!(
        r#"{{"version": "7.3", "screens": [{{"id": "A", "title": "T", "terminal": true,
        "layout": {{"type": "SingleColumnLayout", "children": [{}]}}}}]}}"#,
        children.join(",")
    )
    .into_bytes()
}

#[test]
fn the_builder_limit_of_components_is_100_and_the_documented_one_50() {
    let rules = |n: usize| -> Vec<String> {
        check("t.json", &screen_of(n), &options(Profile::Builder))
            .diagnostics
            .iter()
            .map(|d| d.finding.rule.to_string())
            .collect()
    };
    assert!(rules(50).is_empty());
    assert_eq!(rules(51), ["counts/total"]);
    assert_eq!(rules(100), ["counts/total"]);
    assert_eq!(rules(101), ["counts/total", "counts/builder-total"]);
}

/// Errors of the files in `paths` under `profile`, as `file (profile): rule message`.
fn errors_in(paths: &[PathBuf], profile: Profile) -> Vec<String> {
    let mut errors = Vec::new();
    for path in paths {
        let report = run(path, profile);
        for d in &report.diagnostics {
            if d.finding.severity == Severity::Error {
                errors.push(format!(
                    "{} ({}): {} {}",
                    path.display(),
                    profile.as_str(),
                    d.finding.rule,
                    d.finding.message
                ));
            }
        }
    }
    errors
}

#[test]
fn the_bundled_examples_are_clean_in_both_profiles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("examples/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert!(!files.is_empty());
    let errors: Vec<String> = PROFILES
        .iter()
        .flat_map(|p| errors_in(&files, *p))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn meta_s_own_example_flows_are_clean_in_both_profiles() {
    let Some(dir) = support::shared::shared("corpus/real") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("manifest");
    let files: Vec<PathBuf> = manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let file = cols.next()?;
            (cols.next()? == "WhatsApp/WhatsApp-Flows-Tools").then(|| dir.join(file))
        })
        .collect();
    assert!(
        files.len() >= 3,
        "only {} of Meta's flows found",
        files.len()
    );
    let errors: Vec<String> = PROFILES
        .iter()
        .flat_map(|p| errors_in(&files, *p))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
