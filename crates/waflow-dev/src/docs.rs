//! The generated rule documentation: the index `docs/rules.md` and a page per rule,
//! `docs/rules/GROUP/NAME.md`, whose text is what `waflow explain` prints
//! ([`rule_markdown`]). `tests/docs.rs` keeps the files current.

use std::fmt::Write as _;

use waflow_core::options::Profile;
use waflow_core::rules::docs::rule_markdown;
use waflow_core::rules::{Layer, RuleInfo, registry};

use crate::catalogue::{CATALOGUE, Status};

/// The command that regenerates the rule documentation.
pub const REGENERATE: &str = "WAFLOW_BLESS=1 cargo test -p waflow-dev --test docs";

/// The note at the top of every generated file.
fn generated_note() -> String {
    format!(
        "<!-- Generated from the rule registry (crates/waflow-core/src/rules); do not edit. \
         Regenerate with `{REGENERATE}`. -->\n"
    )
}

/// The page of a rule, relative to `docs/`: `rules/GROUP/NAME.md`.
pub fn page_path(id: &str) -> String {
    format!("rules/{id}.md")
}

/// The link to a rule's page from `docs/rules.md`.
fn page_link(id: &str) -> String {
    page_path(id)
}

/// The page of one rule: the generated note, [`rule_markdown`], and for a semantic rule where
/// its source and its fixtures are.
pub fn rule_page(rule: &RuleInfo) -> String {
    let mut out = generated_note();
    out.push('\n');
    out.push_str(rule_markdown(rule).trim_end());
    out.push('\n');
    if rule.layer == Layer::Semantic {
        let (group, name) = rule.id.split_once('/').unwrap_or((rule.id, ""));
        let source = format!(
            "crates/waflow-core/src/rules/{}/{}.rs",
            group.replace('-', "_"),
            name.replace('-', "_")
        );
        let _ = write!(out, "\nSource: [`{source}`](../../../{source})");
        if !rule.fail_example.is_empty() && rule.fail_example.starts_with('{') {
            let fixtures = format!("fixtures/rules/{}/", rule.id);
            let _ = write!(out, "; example flows: [`{fixtures}`](../../../{fixtures})");
        }
        out.push_str(".\n");
    }
    out
}

/// Every generated file, as (path relative to `docs/`, text): the index, then the rule pages.
pub fn files() -> Vec<(String, String)> {
    let mut files = vec![("rules.md".to_owned(), index_markdown())];
    files.extend(
        registry()
            .into_iter()
            .map(|r| (page_path(r.id), rule_page(r))),
    );
    files
}

/// The whole of `docs/rules.md`: a table of every rule, linking to its page, then the coverage
/// of Meta's rule catalogue.
pub fn index_markdown() -> String {
    let rules = registry();
    let mut out = String::new();
    out.push_str("# waflow rules\n\n");
    out.push_str(&generated_note());
    out.push('\n');
    out.push_str(
        "Every check waflow runs, with Meta's error code, the default severity (and the one of \
         the builder profile, `profile = \"builder\"`), how well Meta's sources back it (the \
         inventory is [evidence.md](evidence.md)) and the Flow JSON versions it applies to; each \
         rule has a page under `docs/rules/`. Severities can be changed per rule id or per Meta \
         code in the configuration. `waflow explain <id|CODE>` prints a rule's page.\n\n",
    );
    out.push_str(
        "| Rule | Meta code | Severity | Builder profile | Evidence | Versions |\n\
         |---|---|---|---|---|---|\n",
    );
    for rule in &rules {
        let severity = |profile: Profile| match (rule.not_checked_reason, rule.reported_by) {
            (Some(_), _) => "not checked".to_owned(),
            (None, Some(other)) => format!("see `{other}`"),
            (None, None) => rule.severity_in(profile).as_str().to_owned(),
        };
        let _ = writeln!(
            out,
            "| [`{}`]({}) | `{}` | {} | {} | {} | {} |",
            rule.id,
            page_link(rule.id),
            rule.code,
            severity(Profile::Server),
            severity(Profile::Builder),
            rule.evidence.as_str(),
            rule.versions()
        );
    }
    out.push('\n');
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
            .map(|id| format!("[`{id}`]({})", page_link(id)))
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
