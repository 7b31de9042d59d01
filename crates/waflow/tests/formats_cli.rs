//! `check --format sarif|github|junit` and `--output`: validity of each format.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

const BAD_VERSION: &str = r#"{
  "version": "9.9",
  "screens": [{"id": "A", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": []}}]
}"#;

const DUPLICATE: &str = "{\"version\": \"7.3\", \"version\": \"7.3\", \"screens\": []}";

fn waflow(dir: &Path) -> Command {
    let mut cmd = cargo_bin_cmd!("waflow");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// A project with a clean flow, two broken ones (one with a space, a comma and a colon in its
/// name) and an empty waflow.toml so no configuration above the temporary directory applies.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let flows = tmp.path().join("flows");
    std::fs::create_dir_all(&flows).expect("mkdir");
    let clean = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/customer-feedback.json");
    std::fs::copy(clean, flows.join("clean.json")).expect("copy");
    std::fs::write(flows.join("sign up, v2: final.json"), BAD_VERSION).expect("write");
    std::fs::write(flows.join("dup.json"), DUPLICATE).expect("write");
    std::fs::write(tmp.path().join("waflow.toml"), "").expect("write");
    tmp
}

fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let tmp = project();
    let out = waflow(tmp.path())
        .args(["check", "-f", "sarif", "flows"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{log:#}");

    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().expect("results");
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&"flows/sign%20up%2C%20v2%3A%20final.json"),
        "{uris:?}"
    );
    assert!(uris.contains(&"flows/dup.json"), "{uris:?}");
    // Every result points at a rule the driver describes, with help text.
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for r in results {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
        assert!(r["properties"]["metaCode"].is_string());
    }
    let dup = rules
        .iter()
        .find(|r| r["id"] == "json/duplicate-key")
        .expect("duplicate-key rule");
    assert_eq!(dup["name"], "INVALID_FLOW_JSON");
}

#[test]
fn sarif_of_a_clean_run_is_valid_too() {
    let tmp = project();
    let out = waflow(tmp.path())
        .args(["check", "-f", "sarif", "flows/clean.json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let log: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(sarif_validator().is_valid(&log), "{log:#}");
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
}

#[test]
fn github_annotations_are_escaped_and_findings_printed_plainly() {
    let tmp = project();
    let out = waflow(tmp.path())
        .args(["check", "-f", "github", "flows"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    // The plain line, as in the concise format.
    assert!(
        lines.iter().any(|l| l
            .starts_with("flows/sign up, v2: final.json:2:14: error[INVALID_FLOW_JSON_VERSION]")),
        "{text}"
    );
    let annotation = lines
        .iter()
        .find(|l| l.starts_with("::error file=flows/sign up%2C v2%3A final.json,"))
        .expect("annotation");
    assert!(
        annotation.starts_with("::error file=flows/sign up%2C v2%3A final.json,line=2,endLine=2,col=14,endColumn=18,title=INVALID_FLOW_JSON_VERSION (version/invalid)::"),
        "{annotation}"
    );
    // The help goes on a second line of the message, escaped.
    assert!(
        annotation.contains("%0Ahelp: supported versions"),
        "{annotation}"
    );
    assert!(lines.last().unwrap().contains("3 files checked"), "{text}");
}

#[test]
fn junit_is_well_formed_with_a_suite_per_file() {
    let tmp = project();
    let out = waflow(tmp.path())
        .args(["check", "-f", "junit", "flows"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(suites.len(), 3);
    for suite in &suites {
        assert_eq!(suite.tag_name().name(), "testsuite");
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(
            cases.len().to_string(),
            suite.attribute("tests").unwrap(),
            "{text}"
        );
        let failures = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .count();
        assert_eq!(failures.to_string(), suite.attribute("failures").unwrap());
    }
    let clean = suites
        .iter()
        .find(|s| s.attribute("name") == Some("flows/clean.json"))
        .expect("clean suite");
    assert_eq!(clean.attribute("failures"), Some("0"));
    // Quotes in messages survive escaping.
    let dup = suites
        .iter()
        .find(|s| s.attribute("name") == Some("flows/dup.json"))
        .expect("dup suite");
    let failure = dup
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .contains("the key \"version\""),
        "{text}"
    );
}

#[test]
fn output_writes_the_report_to_a_file() {
    let tmp = project();
    let out = waflow(tmp.path())
        .args(["check", "-f", "sarif", "-o", "report.sarif", "flows"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(tmp.path().join("report.sarif")).expect("report");
    let log: Value = serde_json::from_str(&written).expect("JSON");
    assert!(sarif_validator().is_valid(&log));

    let out = waflow(tmp.path())
        .args(["check", "-o", "no/such/dir/report.txt", "flows"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

const FORMATS: [&str; 7] = [
    "human", "concise", "json", "meta", "sarif", "github", "junit",
];

/// Runs `waflow check -f FORMAT PATH` in `dir` and returns standard output.
fn check_output(dir: &Path, format: &str, path: &str) -> String {
    let out = waflow(dir)
        .args(["check", "-f", format, path])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{format} {path}");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn no_control_character_from_a_flow_reaches_the_output_in_any_format() {
    let tmp = project();
    let flows = tmp.path().join("flows");
    // Old Mac line ends (a lone CR is JSON whitespace): after the CR the terminal would print
    // the rest of the line over its start.
    std::fs::write(
        flows.join("lone-cr.json"),
        "{\r  \"version\": \"7.3\",\r                  \"fake\": \"all good\",\r  \"screens\": []\r}\r",
    )
    .expect("write");
    // An unknown key holding (escaped) ESC, C1 CSI, DEL and a CR LF that would forge a line;
    // raw C1 and DEL in a string value; and a file name with a CR and an ESC.
    std::fs::write(
        flows.join("evil\r\x1b[2J.json"),
        "{\"version\": \"7.3\", \"screens\": [], \"title\": \"\u{9b}2J\u{7f}\",\n \"x\\u001b[2J\\u009b\\u007f\\r\\nwaflow: all good\": 1}\n",
    )
    .expect("write");
    for format in FORMATS {
        let text = check_output(tmp.path(), format, "flows");
        let raw: Vec<char> = text
            .chars()
            .filter(|&c| c.is_control() && c != '\n')
            .collect();
        assert!(raw.is_empty(), "{format}: {raw:?} in\n{text}");
        assert!(
            !text.lines().any(|l| l.starts_with("waflow: all good")),
            "{format}: a forged line\n{text}"
        );
    }
    // The lone CRs show as `?`, on the line and column the other formats report.
    let human = check_output(tmp.path(), "human", "flows/lone-cr.json");
    assert!(human.contains("\"7.3\",?      "), "{human}");
    assert!(human.contains("lone-cr.json:1:41]"), "{human}");
    let concise = check_output(tmp.path(), "concise", "flows/lone-cr.json");
    assert!(
        concise.contains("lone-cr.json:1:41: error[INVALID_PROPERTY_KEY]"),
        "{concise}"
    );
}

/// A base64 string of `len` characters.
fn base64_text(len: usize) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    (0..len)
        .map(|i| char::from(DIGITS[(i * 7 + i / 64) % 64]))
        .collect()
}

#[test]
fn human_output_per_finding_stays_small_next_to_long_lines() {
    let tmp = project();
    let image = base64_text(400_000);
    // A typo on the line after a 400 KB image, one on the line before another, and a
    // multi-line value of the wrong type that holds a long line.
    let flow = serde_json::json!({
        "version": "7.3",
        "screens": [{
            "id": "A",
            "title": "P",
            "terminal": {"note": image, "more": 1},
            "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "Image", "src": image, "hieght": 100},
                {"type": "Image", "aaa-typo": 1, "src": image},
                {"type": "Footer", "label": "Done",
                 "on-click-action": {"name": "complete", "payload": {}}}
            ]}
        }]
    });
    std::fs::write(
        tmp.path().join("flows/img.json"),
        serde_json::to_string_pretty(&flow).expect("json"),
    )
    .expect("write");
    let json: Value =
        serde_json::from_str(&check_output(tmp.path(), "json", "flows/img.json")).expect("json");
    let findings = json["files"][0]["diagnostics"]
        .as_array()
        .expect("list")
        .len();
    assert!(findings >= 3, "{json:#}");
    let human = check_output(tmp.path(), "human", "flows/img.json");
    assert!(
        human.contains("hieght") && human.contains("aaa-typo"),
        "{human}"
    );
    assert!(
        human.len() < findings * 2_000,
        "{} bytes for {findings} findings:\n{}",
        human.len(),
        &human[..human.len().min(5_000)]
    );
    for line in human.lines() {
        assert!(line.chars().count() < 300, "{line}");
    }
}

/// A flow with `n` unknown top-level keys (each an error).
fn many_findings(n: usize) -> String {
    let keys: Vec<String> = (0..n).map(|i| format!("\"extra{i}\": {i}")).collect();
    format!(
        "{{\"version\": \"7.3\", \"screens\": [{{\"id\": \"A\", \"title\": \"T\", \"terminal\": true, \"layout\": {{\"type\": \"SingleColumnLayout\", \"children\": [{{\"type\": \"Footer\", \"label\": \"Done\", \"on-click-action\": {{\"name\": \"complete\", \"payload\": {{}}}}}}]}}}}],\n{}}}\n",
        keys.join(",\n")
    )
}

/// `waflow check -f FORMAT ARGS…` in `dir`: standard output and exit code.
fn run(dir: &Path, format: &str, args: &[&str]) -> (String, Option<i32>) {
    let out = waflow(dir)
        .args(["check", "-f", format])
        .args(args)
        .output()
        .expect("run");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        out.status.code(),
    )
}

#[test]
fn findings_past_the_cap_are_counted_in_every_format() {
    let tmp = project();
    std::fs::write(tmp.path().join("flows/many.json"), many_findings(30)).expect("write");
    let args = ["--max-findings", "5", "flows/many.json"];

    let (text, code) = run(tmp.path(), "json", &args);
    assert_eq!(code, Some(1));
    let v: Value = serde_json::from_str(&text).expect("json");
    let file = &v["files"][0];
    assert_eq!(file["diagnostics"].as_array().unwrap().len(), 5, "{v:#}");
    assert_eq!(file["omitted"]["errors"], 25, "{v:#}");
    // The schema layer stops listing at the cap: the count is a minimum.
    assert_eq!(file["omitted"]["lower_bound"], true, "{v:#}");
    assert_eq!(v["summary"]["errors"], 30, "{v:#}");
    assert_eq!(v["summary"]["omitted"], 25, "{v:#}");

    let more = "flows/many.json: at least 25 more findings not shown (25 errors, and the check stopped looking)";
    let (text, _) = run(tmp.path(), "human", &args);
    assert!(text.contains(more), "{text}");
    assert!(
        text.trim_end()
            .ends_with("1 file checked: at least 30 errors, 0 warnings (25 not shown)"),
        "{text}"
    );
    let (text, _) = run(tmp.path(), "concise", &args);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(lines[5].starts_with(more), "{text}");
    let (text, _) = run(tmp.path(), "github", &args);
    assert!(
        text.contains(
            "::warning file=flows/many.json,title=more findings not shown::flows/many.json: at least 25 more"
        ),
        "{text}"
    );
    let (text, _) = run(tmp.path(), "meta", &args);
    let v: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(v["files"][0]["omitted_errors"]["count"], 25, "{v:#}");
    let (text, _) = run(tmp.path(), "sarif", &args);
    let log: Value = serde_json::from_str(&text).expect("json");
    assert!(sarif_validator().is_valid(&log), "{log:#}");
    let notes = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(more),
        "{log:#}"
    );
    let (text, _) = run(tmp.path(), "junit", &args);
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("6"), "{text}");
    assert_eq!(suite.attribute("failures"), Some("6"), "{text}");
    assert!(text.contains("more findings not shown"), "{text}");

    // Without a cap nothing is left out.
    let (text, _) = run(
        tmp.path(),
        "concise",
        &["--max-findings", "0", "flows/many.json"],
    );
    assert_eq!(text.lines().count(), 30, "{text}");
}

#[test]
fn infos_are_counted_in_the_summary() {
    let tmp = project();
    std::fs::write(tmp.path().join("flows/many.json"), many_findings(2)).expect("write");
    std::fs::write(
        tmp.path().join("waflow.toml"),
        "[rules]\n\"schema/unknown-property\" = \"info\"\n",
    )
    .expect("write");
    let (text, code) = run(tmp.path(), "human", &["flows/many.json"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.trim_end()
            .ends_with("1 file checked: 0 errors, 0 warnings, 2 infos"),
        "{text}"
    );
    let (text, _) = run(tmp.path(), "json", &["flows/many.json"]);
    let v: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(v["summary"]["infos"], 2, "{v:#}");
}

#[test]
fn quiet_prints_the_findings_only() {
    let tmp = project();
    for format in ["human", "concise", "github"] {
        let (text, code) = run(tmp.path(), format, &["--quiet", "flows/clean.json"]);
        assert_eq!((text.as_str(), code), ("", Some(0)), "{format}");
    }
    let (text, code) = run(tmp.path(), "human", &["-q", "flows"]);
    assert_eq!(code, Some(1));
    assert!(text.contains("INVALID_FLOW_JSON_VERSION"), "{text}");
    assert!(!text.contains("checked"), "{text}");
    // No warning on standard error either.
    let out = waflow(tmp.path())
        .args(["check", "-q", "flows/clean.json"])
        .env("HOME", tmp.path())
        .output()
        .expect("run");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn statistics_count_the_findings_per_rule() {
    let tmp = project();
    std::fs::write(tmp.path().join("flows/many.json"), many_findings(3)).expect("write");
    let (text, code) = run(tmp.path(), "human", &["--statistics", "flows"]);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("3  schema/unknown-property  INVALID_PROPERTY_KEY"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("1  json/duplicate-key ")),
        "{text}"
    );
    assert!(
        lines.last().unwrap().starts_with("4 files checked:"),
        "{text}"
    );
    let (text, _) = run(tmp.path(), "json", &["--statistics", "flows"]);
    let v: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        v["statistics"][0]["rule"], "schema/unknown-property",
        "{v:#}"
    );
    assert_eq!(v["statistics"][0]["count"], 3, "{v:#}");
    assert_eq!(v["summary"]["files"], 4, "{v:#}");
    let (text, code) = run(tmp.path(), "sarif", &["--statistics", "flows"]);
    assert_eq!((text.as_str(), code), ("", Some(2)));
}

#[test]
fn color_follows_the_flag_then_the_environment() {
    let tmp = project();
    let coloured = |flag: &str, env: &[(&str, &str)]| {
        let mut cmd = waflow(tmp.path());
        cmd.env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .args(["check", flag, "flows/dup.json"]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run");
        out.stdout.contains(&0x1b)
    };
    // Standard output is a pipe here: no colour unless forced.
    assert!(!coloured("--color=auto", &[]));
    assert!(coloured("--color=always", &[]));
    assert!(coloured("--color=always", &[("NO_COLOR", "1")]));
    assert!(!coloured("--color=never", &[("FORCE_COLOR", "1")]));
    assert!(coloured("--color=auto", &[("FORCE_COLOR", "1")]));
    assert!(coloured("--color=auto", &[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured("--color=auto", &[("CLICOLOR_FORCE", "0")]));
    assert!(!coloured(
        "--color=auto",
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]
    ));
    // A report file is plain unless --color=always.
    for (flag, expected) in [("--color=auto", false), ("--color=always", true)] {
        waflow(tmp.path())
            .env_remove("NO_COLOR")
            .env("FORCE_COLOR", "1")
            .args(["check", flag, "-o", "report.txt", "flows/dup.json"])
            .output()
            .expect("run");
        let written = std::fs::read(tmp.path().join("report.txt")).expect("report");
        assert_eq!(written.contains(&0x1b), expected, "{flag}");
    }
}

#[test]
fn related_locations_are_in_sarif_and_in_the_human_report() {
    let tmp = project();
    // dup.json repeats "version": the first occurrence is the related location.
    let (sarif, _) = run(tmp.path(), "sarif", &["flows/dup.json"]);
    let log: Value = serde_json::from_str(&sarif).expect("JSON");
    assert!(sarif_validator().is_valid(&log), "{log:#}");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "json/duplicate-key");
    let related = result["relatedLocations"].as_array().expect("related");
    assert_eq!(related.len(), 1, "{related:?}");
    assert_eq!(related[0]["id"], 1);
    assert_eq!(
        related[0]["message"]["text"],
        "\"version\" first appears here"
    );
    let region = &related[0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(region["byteLength"], 9);
    assert_eq!(
        related[0]["physicalLocation"]["artifactLocation"],
        result["locations"][0]["physicalLocation"]["artifactLocation"]
    );
    let (human, _) = run(tmp.path(), "human", &["flows/dup.json"]);
    assert!(
        human.contains("╰── \"version\" first appears here"),
        "{human}"
    );
}

#[test]
fn related_locations_are_in_json_junit_and_github() {
    let tmp = project();
    let (json, _) = run(tmp.path(), "json", &["flows/dup.json", "flows/clean.json"]);
    let report: Value = serde_json::from_str(&json).expect("JSON");
    let finding = &report["files"][0]["diagnostics"][0];
    assert_eq!(finding["rule"], "json/duplicate-key");
    assert_eq!(
        finding["related"],
        serde_json::json!([{
            "message": "\"version\" first appears here",
            // The same key of the same object as the finding's.
            "pointer": "/version",
            "path": "version",
            "line": 1, "column": 2, "end_line": 1, "end_column": 11
        }])
    );
    // A finding without related locations has no `related` field.
    let (json, _) = run(tmp.path(), "json", &["flows/sign up, v2: final.json"]);
    let report: Value = serde_json::from_str(&json).expect("JSON");
    let finding = &report["files"][0]["diagnostics"][0];
    assert!(finding.get("related").is_none(), "{finding}");

    let (junit, _) = run(tmp.path(), "junit", &["flows/dup.json"]);
    assert!(
        junit.contains("&#10;see flows/dup.json:1:2: &quot;version&quot; first appears here"),
        "{junit}"
    );
    let (github, _) = run(tmp.path(), "github", &["flows/dup.json"]);
    let annotation = github
        .lines()
        .find(|l| l.starts_with("::error "))
        .expect("annotation");
    assert!(
        annotation.contains("%0Asee line 1, column 2: \"version\" first appears here"),
        "{annotation}"
    );
}
