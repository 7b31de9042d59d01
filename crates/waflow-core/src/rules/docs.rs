//! Documentation generated from the rule registry: `docs/rules.md` and `waflow explain`.

use std::fmt::Write as _;

use super::catalogue::{CATALOGUE, Status};
use super::engine::RuleInfo;
use super::registry;

/// The command that regenerates `docs/rules.md`.
pub const REGENERATE: &str = "WAFLOW_BLESS=1 cargo test -p waflow-core --test rules_doc";

/// An example as shown in documentation: pretty-printed when it is JSON, verbatim otherwise.
pub fn pretty_example(example: &str) -> String {
    serde_json::from_str::<serde_json::Value>(example)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| example.to_owned())
}

/// The documentation of one rule, as Markdown (a `##` section).
pub fn rule_markdown(rule: &RuleInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## `{}`\n", rule.id);
    let _ = writeln!(out, "{}\n", rule.summary());
    let _ = writeln!(out, "- Meta code: `{}`", rule.code);
    match rule.reported_by {
        Some(other) => {
            let _ = writeln!(out, "- Default severity: that of `{other}`");
        }
        None => {
            let _ = writeln!(out, "- Default severity: {}", rule.severity.as_str());
        }
    }
    let _ = writeln!(out, "- Flow JSON versions: {}", rule.versions());
    let _ = writeln!(out, "- Layer: {}", rule.layer.as_str());
    if let Some(reason) = rule.not_checked_reason {
        let _ = writeln!(out, "- Not checked by waflow: {reason}");
    }
    if let Some(other) = rule.reported_by {
        let _ = writeln!(out, "- Reported by waflow as: `{other}`");
    }
    let _ = writeln!(out, "\n**Why.** {}\n", rule.why());
    let notes = rule.notes();
    if !notes.is_empty() {
        let _ = writeln!(out, "**Notes.** {notes}\n");
    }
    for (label, example) in [("Fails", rule.fail_example), ("Passes", rule.pass_example)] {
        if example.is_empty() {
            continue;
        }
        let pretty = pretty_example(example);
        let lang = if pretty != example || example.trim_start().starts_with('{') {
            "json"
        } else {
            "text"
        };
        let _ = writeln!(out, "{label}:\n\n```{lang}\n{pretty}\n```\n");
    }
    out
}

/// The whole of `docs/rules.md`.
pub fn rules_markdown() -> String {
    let rules = registry();
    let mut out = String::new();
    out.push_str("# waflow rules\n\n");
    let _ = writeln!(
        out,
        "<!-- Generated from the rule registry (crates/waflow-core/src/rules); do not edit. \
         Regenerate with `{REGENERATE}`. -->\n"
    );
    out.push_str(
        "Every check waflow runs, with Meta's error code, the default severity and the Flow JSON \
         versions it applies to. Severities can be changed per rule id or per Meta code in the \
         configuration. `waflow explain <id|CODE>` prints one entry.\n\n",
    );
    out.push_str("| Rule | Meta code | Severity | Versions |\n|---|---|---|---|\n");
    for rule in &rules {
        let severity = match (rule.not_checked_reason, rule.reported_by) {
            (Some(_), _) => "not checked".to_owned(),
            (None, Some(other)) => format!("see `{other}`"),
            (None, None) => rule.severity.as_str().to_owned(),
        };
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | `{}` | {} | {} |",
            rule.id,
            anchor(rule.id),
            rule.code,
            severity,
            rule.versions()
        );
    }
    out.push('\n');
    for rule in &rules {
        out.push_str(&rule_markdown(rule));
    }
    out.push_str(&catalogue_markdown());
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The "Coverage of Meta's rule catalogue" section: one row per catalogue rule, with the waflow
/// rules that check it (linked) and its status.
fn catalogue_markdown() -> String {
    let count = |f: fn(&Status) -> bool| CATALOGUE.iter().filter(|r| f(&r.status)).count();
    let mut out = String::from("## Coverage of Meta's rule catalogue\n\n");
    let _ = writeln!(
        out,
        "How waflow covers the {} rules of the reference catalogue of Meta's Flow JSON checks \
         (compiled from Meta's documentation, its Flows builder and field reports; ids `R-…`): \
         {} checked, {} partly checked, {} not checked. A generic rule of the schema layer \
         (`schema/…`) is listed where it reports the catalogue rule; its message names the \
         property.\n",
        CATALOGUE.len(),
        count(|s| matches!(s, Status::Checked)),
        count(|s| matches!(s, Status::Partly(_))),
        count(|s| matches!(s, Status::NotChecked(_))),
    );
    out.push_str("| Catalogue rule | What it says | waflow rules | Status |\n|---|---|---|---|\n");
    for row in CATALOGUE {
        let rules: Vec<String> = row
            .rules
            .iter()
            .map(|id| format!("[`{id}`](#{})", anchor(id)))
            .collect();
        let status = match row.status {
            Status::Checked => "checked".to_owned(),
            Status::Partly(what) => format!("partly: {what}"),
            Status::NotChecked(why) => format!("not checked: {why}"),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            row.reference,
            row.says.replace('|', "\\|"),
            if rules.is_empty() {
                "–".to_owned()
            } else {
                rules.join(", ")
            },
            status
        );
    }
    out
}

/// GitHub's heading anchor for a rule heading: lowercase, `/` and other punctuation dropped.
fn anchor(id: &str) -> String {
    id.chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => Some(c),
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            ' ' => Some('-'),
            _ => None,
        })
        .collect()
}
