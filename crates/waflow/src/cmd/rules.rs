//! `waflow rules` (the list of every check) and `waflow explain` (one rule's documentation).

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};

use clap::Args;
use serde_json::{Value, json};
use waflow_core::options::Profile;
use waflow_core::rules::{RuleInfo, docs, lookup, registry};

use crate::exit;
use crate::render::printable;

/// What the SEVERITY column means, under the table.
const LEGEND: &str = "SEVERITY is the default level, BUILDER the level in the builder profile
  (`--profile builder`); [rules] in waflow.toml changes either.
  \"see ID\": rule ID reports this check; the row documents Meta's rule.
  \"not checked\": not checkable from the file alone; `waflow explain` says why.
EVIDENCE: consistent (Meta's sources agree), builder (only Meta's Flow Builder
  enforces it), docs (only Meta's documentation states it), disputed (they
  disagree); see docs/evidence.md.
FIX: whether `waflow check --fix` fixes the rule's findings (safe) or only with
  --unsafe-fixes (unsafe).";

/// The rule id or Meta code nearest to a misspelt `id`, for a "did you mean" hint.
pub fn did_you_mean(id: &str) -> Option<&'static str> {
    let rules = registry();
    waflow_core::schema::nearest(id, rules.iter().flat_map(|r| [r.id, r.code]))
}

/// The width to fit the table to: `COLUMNS` when set, else the terminal's when standard output
/// is one, else none (a pipe or a file gets the whole table).
fn width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
    {
        return Some(columns);
    }
    std::io::stdout()
        .is_terminal()
        .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten()
}

/// Arguments of `waflow rules`.
#[derive(Args, Debug)]
#[command(
    after_help = "On a terminal the table fits its width (COLUMNS overrides it); when it is too narrow, each rule takes two or three lines. Piped or written to a file, each rule is one full row whatever its width, for grep and awk (set COLUMNS to fold it); --json for programs."
)]
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
            stderr_line!("waflow: error: cannot write to standard output: {e}");
            exit::USAGE
        }
        _ => exit::OK,
    }
}

/// A severity column: the default severity in `profile`, or why there is none.
fn severity_label(rule: &RuleInfo, profile: Profile) -> String {
    match (rule.not_checked_reason, rule.reported_by) {
        (Some(_), _) => "not checked".to_owned(),
        (None, Some(other)) => format!("see {other}"),
        (None, None) => rule.severity_in(profile).as_str().to_owned(),
    }
}

fn rule_json(rule: &RuleInfo) -> Value {
    json!({
        "id": rule.id,
        "code": rule.code,
        "severity": rule.severity.as_str(),
        "builder_severity": rule.severity_in(Profile::Builder).as_str(),
        "evidence": rule.evidence.as_str(),
        "layer": rule.layer.as_str(),
        "since": rule.since.as_str(),
        "until": rule.until.map(|v| v.as_str()),
        "versions": rule.versions(),
        "summary": rule.summary(),
        "why": rule.why(),
        "notes": Some(rule.notes()).filter(|notes| !notes.is_empty()),
        "not_checked_reason": rule.not_checked_reason,
        "reported_by": rule.reported_by,
        "fix": rule.fix.map(|f| f.as_str()),
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
                stderr_line!("waflow: error: cannot render the rule list: {e}");
                exit::USAGE
            }
        };
    }
    let rows: Vec<[String; 7]> = rules
        .iter()
        .map(|r| {
            [
                r.id.to_owned(),
                r.code.to_owned(),
                severity_label(r, Profile::Server),
                severity_label(r, Profile::Builder),
                r.evidence.as_str().to_owned(),
                r.versions(),
                r.fix.map_or("", |f| f.as_str()).to_owned(),
            ]
        })
        .collect();
    let header = [
        "RULE",
        "META CODE",
        "SEVERITY",
        "BUILDER",
        "EVIDENCE",
        "VERSIONS",
        "FIX",
    ]
    .map(str::to_owned);
    let mut widths = [0usize; 7];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let full: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
    let mut text = String::new();
    let width = width();
    if width.is_none_or(|w| full <= w) {
        for row in std::iter::once(&header).chain(&rows) {
            let line = row
                .iter()
                .zip(widths)
                .map(|(cell, w)| format!("{cell:<w$}"))
                .collect::<Vec<_>>()
                .join("  ");
            let _ = writeln!(text, "{}", line.trim_end());
        }
    } else {
        // Too wide for the terminal: the rule id on its own line, the rest indented below.
        let _ = writeln!(
            text,
            "RULE\n    META CODE · SEVERITY[, builder SEVERITY] · EVIDENCE · VERSIONS [· FIX]"
        );
        let width = width.unwrap_or(usize::MAX);
        for [id, code, severity, builder, evidence, versions, fix] in &rows {
            let versions = match fix.as_str() {
                "" => versions.clone(),
                fix => format!("{versions} · fix: {fix}"),
            };
            let severity = match builder == severity {
                true => severity.clone(),
                false => format!("{severity}, builder {builder}"),
            };
            let levels = format!("{severity} · {evidence} · {versions}");
            let detail = format!("    {code} · {levels}");
            if detail.chars().count() <= width {
                let _ = writeln!(text, "{id}\n{detail}");
            } else {
                let _ = writeln!(text, "{id}\n    {code}\n    {levels}");
            }
        }
    }
    let _ = writeln!(
        text,
        "\n{} rules. `waflow explain <rule|CODE>` prints the documentation of one.\n{LEGEND}",
        rules.len()
    );
    emit(&text)
}

/// Runs `waflow explain`.
pub fn run_explain(args: ExplainArgs) -> u8 {
    let found = lookup(args.id.trim());
    if found.is_empty() {
        stderr_line!(
            "waflow: error: \"{}\" is neither a waflow rule id nor a Meta error code that waflow reports{}; `waflow rules` lists them",
            printable(&args.id),
            did_you_mean(args.id.trim())
                .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"))
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
