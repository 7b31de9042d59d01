//! `waflow rules` and `waflow explain`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

#[test]
fn rules_lists_every_rule_as_a_table() {
    let out = cargo_bin_cmd!("waflow")
        .env_remove("COLUMNS")
        .arg("rules")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("RULE") && header.contains("META CODE") && header.contains("VERSIONS")
    );
    let backward = text
        .lines()
        .find(|l| l.starts_with("routing/backward-route "))
        .expect("routing/backward-route is listed");
    assert!(
        backward.contains("INVALID_ROUTING_MODEL")
            && backward.contains("error")
            && backward.contains("all")
    );
    assert!(text.lines().any(|l| l.starts_with("json/syntax ")));
    assert!(
        text.lines()
            .any(|l| l.starts_with("version/not-publishable ") && l.contains("≤5.0"))
    );
    assert!(text.lines().any(
        |l| l.starts_with("endpoint/health-check-before-publish ") && l.contains("not checked")
    ));
    assert!(
        text.lines().any(|l| l.starts_with("endpoint/data-type ")
            && l.contains("payload-schema-error")
            && l.contains("error")),
        "the rules of `waflow endpoint check` are listed"
    );
    // Not a terminal and no COLUMNS: one full row per rule, however wide, as the help says.
    let row = text
        .lines()
        .find(|l| l.starts_with("screens/success-on-non-terminal "))
        .expect("listed");
    assert!(
        row.contains("NOT_KEYWORD_SCHEMA_VALIDATION_FAILED") && row.ends_with("safe"),
        "{row}"
    );
    cargo_bin_cmd!("waflow")
        .args(["rules", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Piped or written to a file, each rule is one full row",
        ));
}

#[test]
fn explain_knows_the_rules_of_endpoint_check() {
    cargo_bin_cmd!("waflow")
        .args(["explain", "endpoint/data-undeclared"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Meta code: `WAFLOW_ENDPOINT_UNDECLARED_FIELD`",
        ))
        .stdout(predicate::str::contains("Layer: endpoint"));
    // The code of the warning about an absent optional field finds its rule too.
    cargo_bin_cmd!("waflow")
        .args(["explain", "WAFLOW_ENDPOINT_MISSING_FIELD"])
        .assert()
        .success()
        .stdout(predicate::str::contains("## `endpoint/data-missing`"));
}

#[test]
fn rules_json_has_every_field() {
    let out = cargo_bin_cmd!("waflow")
        .args(["rules", "--json"])
        .assert()
        .success();
    let list: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let list = list.as_array().unwrap();
    let rule = list
        .iter()
        .find(|r| r["id"] == "actions/update-data-self")
        .expect("listed");
    assert_eq!(rule["code"], "INVALID_UPDATE_DATA_ACTION_PAYLOAD");
    // Only Meta's Flow Builder enforces it: a warning unless the profile is the builder's.
    assert_eq!(rule["severity"], "warning");
    assert_eq!(rule["builder_severity"], "error");
    assert_eq!(rule["evidence"], "builder");
    assert_eq!(rule["since"], "6.0");
    assert_eq!(rule["until"], serde_json::Value::Null);
    assert_eq!(rule["versions"], "6.0+");
    assert!(
        rule["fail_example"]
            .as_str()
            .unwrap()
            .contains("update_data")
    );
    let ids: Vec<&str> = list.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "rule ids are unique");
}

#[test]
fn explain_prints_one_rule() {
    cargo_bin_cmd!("waflow")
        .args(["explain", "routing/backward-route"])
        .assert()
        .success()
        .stdout(predicate::str::contains("## `routing/backward-route`"))
        .stdout(predicate::str::contains(
            "Meta code: `INVALID_ROUTING_MODEL`",
        ))
        .stdout(predicate::str::contains("Fails:"))
        .stdout(predicate::str::contains("Passes:"));
}

#[test]
fn explain_a_code_prints_every_rule_with_it() {
    let out = cargo_bin_cmd!("waflow")
        .args(["explain", "INVALID_ROUTING_MODEL"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("rules report Meta's code INVALID_ROUTING_MODEL"));
    for id in [
        "routing/backward-route",
        "routing/self-route",
        "navigation/no-entry-screen",
    ] {
        assert!(text.contains(&format!("## `{id}`")), "{id} missing");
    }
    assert!(!text.contains("## `screens/duplicate-id`"));
}

#[test]
fn explain_unknown_id_fails_with_usage_error() {
    cargo_bin_cmd!("waflow")
        .args(["explain", "routing/nope"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "\"routing/nope\" is neither a waflow rule id nor a Meta error code",
        ));
}

#[test]
fn rules_fit_the_terminal_width_and_explain_the_severity_column() {
    let out = cargo_bin_cmd!("waflow")
        .env("COLUMNS", "80")
        .arg("rules")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    assert!(
        text.contains(
            "routing/backward-route\n    INVALID_ROUTING_MODEL · error · consistent · all\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\"see ID\": rule ID reports this check"),
        "{text}"
    );
    assert!(text.contains("\"not checked\": not checkable"), "{text}");
    assert!(
        text.contains(
            "screens/missing-title\n    MISSING_REQUIRED_PROPERTY · warning, builder error · disputed · 5.1+\n"
        ),
        "{text}"
    );
    // Wide enough: the table, with the same legend.
    let out = cargo_bin_cmd!("waflow")
        .env("COLUMNS", "200")
        .arg("rules")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("RULE  "), "{text}");
    assert!(text.contains("\"see ID\""), "{text}");
}

#[test]
fn rules_show_the_evidence_and_the_severity_in_both_profiles() {
    let out = cargo_bin_cmd!("waflow")
        .env_remove("COLUMNS")
        .arg("rules")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("SEVERITY") && header.contains("BUILDER") && header.contains("EVIDENCE"),
        "{header}"
    );
    let cells = |id: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} is listed"));
        line.split_whitespace().map(str::to_owned).collect()
    };
    assert_eq!(
        cells("screens/missing-title")[1..5],
        ["MISSING_REQUIRED_PROPERTY", "warning", "error", "disputed"]
    );
    assert_eq!(
        cells("screens/reserved-id-casing")[2..5],
        ["warning", "warning", "docs"]
    );
    assert_eq!(
        cells("routing/backward-route")[2..5],
        ["error", "error", "consistent"]
    );
    assert!(text.contains("EVIDENCE: consistent"), "{text}");
    cargo_bin_cmd!("waflow")
        .args(["explain", "screens/missing-title"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Default severity: warning (error in the builder profile)",
        ))
        .stdout(predicate::str::contains("Evidence: disputed"));
}

#[test]
fn a_misspelt_rule_id_gets_a_suggestion() {
    cargo_bin_cmd!("waflow")
        .args(["explain", "routing/backward-rout"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("waflow: error: "))
        .stderr(predicate::str::contains(
            "did you mean `routing/backward-route`?",
        ));
    cargo_bin_cmd!("waflow")
        .args(["explain", "INVALID_ROUTING_MODL"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `INVALID_ROUTING_MODEL`?",
        ));
    // The same in the [rules] table of waflow.toml.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("waflow.toml"),
        "[rules]\n\"routing/backward-rout\" = \"warning\"\n",
    )
    .unwrap();
    let flow = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/customer-feedback.json");
    std::fs::copy(flow, dir.path().join("f.json")).unwrap();
    cargo_bin_cmd!("waflow")
        .current_dir(dir.path())
        .args(["check", "f.json"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "no rule has the id or Meta code \"routing/backward-rout\"; did you mean `routing/backward-route`?",
        ));
}
