//! The copy-paste snippets of the integration docs work: every `waflow …` command line in them
//! parses, the pre-commit hook ids exist, and the JSON Lines example has the documented shape.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn doc(name: &str) -> String {
    std::fs::read_to_string(repo().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The fenced code blocks of a Markdown text, with their language tag.
fn blocks(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if let Some(tag) = trimmed.strip_prefix("```") {
            match current.take() {
                Some(block) => out.push(block),
                None => current = Some((tag.to_owned(), String::new())),
            }
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

const DOCS: [&str; 6] = [
    "docs/integrations/editor.md",
    "docs/integrations/pre-commit.md",
    "docs/integrations/github-actions.md",
    "docs/integrations/gitlab.md",
    "docs/configuration.md",
    "README.md",
];

#[test]
fn every_documented_waflow_command_parses() {
    let mut tried = 0;
    for name in DOCS {
        for (_, body) in blocks(&doc(name)) {
            for line in body.lines() {
                // `run: waflow …`, `- waflow …`, `waflow … # comment`, `command: "waflow …"`.
                let Some(at) = line.find("waflow ") else {
                    continue;
                };
                let before = &line[..at];
                if !(before.trim().is_empty()
                    || before.trim_end().ends_with("run:")
                    || before.trim_end().ends_with('-')
                    || before.trim_end().ends_with("\"command\": \""))
                {
                    continue;
                }
                let command = line[at..]
                    .split(" #")
                    .next()
                    .unwrap()
                    .trim_end_matches([',', '"']);
                let words: Vec<&str> = command.split_whitespace().skip(1).collect();
                let words: Vec<String> = words
                    .iter()
                    .map(|w| w.trim_matches('\'').to_owned())
                    .take_while(|w| !w.starts_with(['>', '&', '|', ';']))
                    .collect();
                if words.is_empty() || words[0].starts_with('-') {
                    continue;
                }
                // Parsing stops at --help: flags and values before it are validated.
                let out = cargo_bin_cmd!("waflow")
                    .current_dir(repo())
                    .args(&words)
                    .arg("--help")
                    .output()
                    .expect("run");
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{name}: `{command}` does not parse: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                tried += 1;
            }
        }
    }
    assert!(tried >= 15, "only {tried} commands found");
}

#[test]
fn documented_hook_ids_exist() {
    let hooks = doc(".pre-commit-hooks.yaml");
    let ids: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.strip_prefix("- id: "))
        .collect();
    assert_eq!(ids, ["waflow", "waflow-system"]);
    for line in hooks
        .lines()
        .filter(|l| l.trim_start().starts_with("entry:"))
    {
        assert!(
            line.contains("waflow check --force-exclude")
                || line.contains("waflow-hook check --force-exclude"),
            "{line}"
        );
    }
    for name in ["docs/integrations/pre-commit.md", "README.md"] {
        for (tag, body) in blocks(&doc(name)) {
            if tag != "yaml" {
                continue;
            }
            for line in body.lines() {
                if let Some(id) = line.trim_start().strip_prefix("- id: ") {
                    let id = id.split_whitespace().next().unwrap();
                    assert!(ids.contains(&id), "{name}: unknown hook id {id}");
                }
            }
        }
    }
}

#[test]
fn json_lines_example_has_the_documented_shape() {
    let editor = doc("docs/integrations/editor.md");
    let (_, example) = blocks(&editor)
        .into_iter()
        .find(|(tag, body)| tag == "json" && body.starts_with("{\"type\":\"file\""))
        .expect("the JSON Lines example");
    let lines: Vec<Value> = example
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    for key in [
        "type",
        "run",
        "path",
        "status",
        "flow_version",
        "errors",
        "diagnostics",
    ] {
        assert!(lines[0].get(key).is_some(), "file object lacks {key}");
    }
    for key in [
        "rule", "code", "severity", "message", "pointer", "line", "column", "end_line",
    ] {
        assert!(
            lines[0]["diagnostics"][0].get(key).is_some(),
            "diagnostic lacks {key}"
        );
    }
    for key in [
        "type",
        "run",
        "trigger",
        "checked",
        "files",
        "errors",
        "warnings",
        "duration_ms",
    ] {
        assert!(lines[1].get(key).is_some(), "run object lacks {key}");
    }
}

#[test]
fn vscode_tasks_snippet_is_json() {
    let editor = doc("docs/integrations/editor.md");
    let tasks = blocks(&editor)
        .into_iter()
        .find(|(tag, body)| tag == "json" && body.contains("\"tasks\""))
        .expect("tasks.json snippet");
    let v: Value = serde_json::from_str(&tasks.1).expect("valid JSON");
    assert_eq!(v["tasks"][0]["problemMatcher"]["owner"], "waflow");
}
