//! Meta's semantic rules, run over a document after the schema layer.
//!
//! The document is walked once into a [`Ctx`] (screens, components, actions with pointers, Form
//! and If/Switch context); every [`Rule`] that applies to the declared version then reads that
//! context and reports into a [`Sink`], which stamps the rule's id, Meta code and severity.
//!
//! To add a rule file: create `rules/<file>.rs` with `pub(crate) const RULES: &[Rule]`, declare
//! the module below and add its list to [`RULE_SETS`].

mod builtin;
pub mod catalogue;
pub mod docs;
pub mod engine;
pub mod expr;
pub mod walker;

mod actions;
mod beyond;
mod data_model;
mod refs;
mod routing;
mod screens;
mod toplevel;

// Part B: component, binding and expression rules.
mod bindings;
mod components;
mod conditionals;
mod counts;
mod dates;
mod forms;
mod literals;
mod media;
mod props;

use serde_json::Value;

use crate::collect::Collector;
use crate::finding::Finding;
use crate::options::CheckOptions;
use crate::version::FlowVersion;

pub use engine::{CheckFn, Layer, Report, Rule, RuleInfo, Sink};
pub use walker::Ctx;

/// Every semantic rule list, in the order the rules run.
const RULE_SETS: &[&[Rule]] = &[
    toplevel::RULES,
    screens::RULES,
    data_model::RULES,
    routing::RULES,
    actions::RULES,
    beyond::RULES,
    bindings::RULES,
    forms::RULES,
    counts::RULES,
    conditionals::RULES,
    components::RULES,
    dates::RULES,
    media::RULES,
    literals::RULES,
];

/// Runs every semantic rule that applies to `version` and returns every finding.
pub fn run(version: FlowVersion, doc: &Value) -> Vec<Finding> {
    let options = CheckOptions {
        max_findings: None,
        ..CheckOptions::default()
    };
    run_into(version, doc, Collector::new(&options, &|_| true))
        .finish()
        .0
}

/// Runs every semantic rule that applies to `version`, handing the findings to `collector`.
pub(crate) fn run_into<'o>(
    version: FlowVersion,
    doc: &Value,
    collector: Collector<'o>,
) -> Collector<'o> {
    let ctx = Ctx::new(version, doc);
    let mut sink = Sink::new(&engine::RuleInfo::DEFAULT, collector);
    for rule in RULE_SETS.iter().flat_map(|set| set.iter()) {
        let Some(check) = rule.check else { continue };
        if !rule.info.applies_to(version) {
            continue;
        }
        sink.set_rule(&rule.info);
        check(&ctx, &mut sink);
    }
    sink.into_collector()
}

/// Every rule waflow knows, in listing order: file reading, version, schema, the semantic rules
/// (including those listed but not checkable offline), then Meta's remote errors.
pub fn registry() -> Vec<&'static RuleInfo> {
    let mut all: Vec<&'static RuleInfo> = builtin::INFOS.iter().collect();
    all.extend(builtin::SCHEMA_INFOS.iter());
    all.extend(
        RULE_SETS
            .iter()
            .flat_map(|set| set.iter())
            .map(|rule| &rule.info),
    );
    all.push(&builtin::REMOTE);
    all
}

/// The rules matching a rule id, or every rule reporting a Meta code (exact match; ids are
/// compared case-sensitively, codes case-insensitively).
pub fn lookup(id_or_code: &str) -> Vec<&'static RuleInfo> {
    let all = registry();
    if let Some(rule) = all.iter().find(|r| r.id == id_or_code) {
        return vec![rule];
    }
    all.into_iter()
        .filter(|r| r.code.eq_ignore_ascii_case(id_or_code))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn registry_ids_are_unique_and_documented() {
        let mut seen = HashSet::new();
        for rule in registry() {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id.contains('/') && !rule.id.contains(' '),
                "bad id {}",
                rule.id
            );
            assert!(!rule.code.is_empty(), "{} has no code", rule.id);
            assert!(!rule.summary.is_empty(), "{} has no summary", rule.id);
            assert!(!rule.why.is_empty(), "{} has no why", rule.id);
            assert!(
                matches!(rule.layer, Layer::Schema | Layer::Remote)
                    || (!rule.fail_example.is_empty() && !rule.pass_example.is_empty()),
                "{} has no examples",
                rule.id
            );
        }
    }

    #[test]
    fn lookup_by_id_and_code() {
        assert_eq!(lookup("json/syntax").len(), 1);
        assert!(lookup("invalid_flow_json").len() >= 5);
        assert!(lookup("nope/nope").is_empty());
    }
}
