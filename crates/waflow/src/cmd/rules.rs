//! `waflow rules` (the list of every check) and `waflow explain` (one rule's documentation).

use std::fmt::Write as _;
use std::io::Write as _;

use clap::Args;
use serde_json::{Value, json};
use waflow_core::rules::{RuleInfo, docs, lookup, registry};

use crate::exit;

/// Arguments of `waflow rules`.
#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Print the rules as JSON (every documented field) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `waflow explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule id (`routing/backward-route`) or a Meta error code (`INVALID_ROUTING_MODEL`).
    pub id: String,
}

/// Writes `text` to stdout; a closed pipe (`waflow rules | head`) is not an error.
fn emit(text: &str) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            stderr_line!("error: cannot write to stdout: {e}");
            exit::USAGE
        }
        _ => exit::OK,
    }
}

/// The severity column: the default severity, or why there is none.
fn severity_label(rule: &RuleInfo) -> String {
    match (rule.not_checked_reason, rule.reported_by) {
        (Some(_), _) => "not checked".to_owned(),
        (None, Some(other)) => format!("see {other}"),
        (None, None) => rule.severity.as_str().to_owned(),
    }
}

fn rule_json(rule: &RuleInfo) -> Value {
    json!({
        "id": rule.id,
        "code": rule.code,
        "severity": rule.severity.as_str(),
        "layer": rule.layer.as_str(),
        "since": rule.since.as_str(),
        "until": rule.until.map(|v| v.as_str()),
        "versions": rule.versions(),
        "summary": rule.summary(),
        "why": rule.why(),
        "notes": Some(rule.notes()).filter(|notes| !notes.is_empty()),
        "not_checked_reason": rule.not_checked_reason,
        "reported_by": rule.reported_by,
        "fail_example": rule.fail_example,
        "pass_example": rule.pass_example,
    })
}

/// Runs `waflow rules`.
pub fn run_rules(args: RulesArgs) -> u8 {
    let rules = registry();
    if args.json {
        let list: Vec<Value> = rules.iter().map(|r| rule_json(r)).collect();
        return match serde_json::to_string_pretty(&list) {
            Ok(text) => emit(&format!("{text}\n")),
            Err(e) => {
                stderr_line!("error: cannot render the rule list: {e}");
                exit::USAGE
            }
        };
    }
    let rows: Vec<[String; 4]> = rules
        .iter()
        .map(|r| {
            [
                r.id.to_owned(),
                r.code.to_owned(),
                severity_label(r),
                r.versions(),
            ]
        })
        .collect();
    let header = ["RULE", "META CODE", "SEVERITY", "VERSIONS"].map(str::to_owned);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect::<Vec<_>>()
            .join("  ");
        let _ = writeln!(text, "{}", line.trim_end());
    }
    let _ = writeln!(
        text,
        "\n{} rules. `waflow explain <rule|CODE>` prints the documentation of one.",
        rules.len()
    );
    emit(&text)
}

/// Runs `waflow explain`.
pub fn run_explain(args: ExplainArgs) -> u8 {
    let found = lookup(args.id.trim());
    if found.is_empty() {
        stderr_line!(
            "error: \"{}\" is neither a waflow rule id nor a Meta error code that waflow reports; `waflow rules` lists them",
            args.id
        );
        return exit::USAGE;
    }
    let mut text = String::new();
    if found.len() > 1 {
        let _ = writeln!(
            text,
            "{} rules report Meta's code {}:\n",
            found.len(),
            found[0].code
        );
    }
    let sections: Vec<String> = found.iter().map(|r| docs::rule_markdown(r)).collect();
    text.push_str(&sections.join("\n"));
    emit(&text)
}
