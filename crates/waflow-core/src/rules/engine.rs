//! The rule engine: how a rule is described ([`RuleInfo`]), what it runs ([`Rule`]) and how it
//! reports ([`Sink`]).
//!
//! Adding a rule: describe it in a `pub(crate) const RULES: &[Rule]` of a file under `rules/`,
//! starting from [`RuleInfo::DEFAULT`], and give it a check function `fn(&Ctx, &mut Sink)`. The
//! file's list is added to `RULE_SETS` in `rules/mod.rs` (one line). The engine runs the rule only
//! for the versions in `since..until`, stamps id, code and severity onto every finding, and lists
//! the rule in `waflow rules` and `docs/rules.md`.

use crate::collect::Collector;
use crate::finding::{Anchor, Finding, Origin, Severity};
use crate::version::FlowVersion;

use super::walker::Ctx;

/// Which layer of the pipeline reports a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Reading the bytes as JSON (`json/…`).
    Json,
    /// The declared `version` (`version/…`).
    Version,
    /// The per-version JSON Schema (`schema/…`).
    Schema,
    /// The semantic rules run on the parsed document.
    Semantic,
    /// Meta's own `validation_errors`, after an upload.
    Remote,
}

impl Layer {
    /// The lowercase name used in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Json => "json",
            Layer::Version => "version",
            Layer::Schema => "schema",
            Layer::Semantic => "semantic",
            Layer::Remote => "remote",
        }
    }
}

/// Everything waflow says about one rule: identity, Meta's code, default severity, the versions
/// it applies to, and its documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable waflow id, `group/name`, e.g. `routing/backward-route`.
    pub id: &'static str,
    /// Meta's error code, verbatim (`INVALID_ROUTING_MODEL`); waflow-only rules use `WAFLOW_…`.
    pub code: &'static str,
    /// Default severity (configuration may change it).
    pub severity: Severity,
    /// First Flow JSON version the rule applies to.
    pub since: FlowVersion,
    /// First Flow JSON version the rule no longer applies to (exclusive), if any.
    pub until: Option<FlowVersion>,
    /// Which layer reports it.
    pub layer: Layer,
    /// One sentence: what the rule requires.
    pub summary: &'static str,
    /// Why it matters (what Meta or the phone does otherwise).
    pub why: &'static str,
    /// A small flow that breaks the rule (complete Flow JSON for semantic rules, so tests can run it).
    pub fail_example: &'static str,
    /// The same flow, fixed.
    pub pass_example: &'static str,
    /// Sources, disagreements between Meta's docs and builder, alternative codes.
    pub notes: &'static str,
    /// Set when the rule is listed for completeness but cannot be checked from the file alone.
    pub not_checked_reason: Option<&'static str>,
    /// Set when another rule reports this check (usually a generic rule of the schema layer,
    /// e.g. `schema/enum`): the entry documents Meta's rule and names the rule to look for.
    pub reported_by: Option<&'static str>,
}

impl RuleInfo {
    /// The starting point for a rule description: an error from 2.1 on, semantic layer, no
    /// documentation. Use it with struct update syntax: `RuleInfo { id: "…", ..RuleInfo::DEFAULT }`.
    pub const DEFAULT: RuleInfo = RuleInfo {
        id: "",
        code: "",
        severity: Severity::Error,
        since: FlowVersion::V2_1,
        until: None,
        layer: Layer::Semantic,
        summary: "",
        why: "",
        fail_example: "",
        pass_example: "",
        notes: "",
        not_checked_reason: None,
        reported_by: None,
    };

    /// Whether the rule applies to flows of `version`.
    pub fn applies_to(&self, version: FlowVersion) -> bool {
        version >= self.since && self.until.is_none_or(|until| version < until)
    }

    /// The versions the rule applies to, for listings: `all`, `6.0+`, `2.1–2.1`, `<3.0`.
    pub fn versions(&self) -> String {
        let first = FlowVersion::ALL[0];
        match self.until {
            None if self.since == first => "all".to_owned(),
            None => format!("{}+", self.since),
            Some(until) => {
                let last = FlowVersion::ALL
                    .iter()
                    .rev()
                    .find(|v| **v < until)
                    .copied()
                    .unwrap_or(first);
                if self.since == first {
                    format!("≤{last}")
                } else {
                    format!("{}–{last}", self.since)
                }
            }
        }
    }
}

/// A rule's check: reads the context, reports into the sink.
pub type CheckFn = fn(&Ctx<'_>, &mut Sink<'_>);

/// A semantic rule: its description and its check (`None` for rules listed but not checkable).
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// What the rule is.
    pub info: RuleInfo,
    /// What it runs.
    pub check: Option<CheckFn>,
}

/// Collects the findings of one rule at a time, stamped with that rule's id, code and severity,
/// and hands each to the check's collector once it is complete (kept under the cap, or counted).
pub struct Sink<'o> {
    info: &'static RuleInfo,
    collector: Collector<'o>,
    /// The finding reported last, which [`Report`] may still refine.
    pending: Option<Finding>,
}

impl std::fmt::Debug for Sink<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sink").field("rule", &self.info.id).finish()
    }
}

impl<'o> Sink<'o> {
    /// A sink for `info`'s findings, handing them to `collector`.
    pub(crate) fn new(info: &'static RuleInfo, collector: Collector<'o>) -> Sink<'o> {
        Sink {
            info,
            collector,
            pending: None,
        }
    }

    /// Switches to reporting for another rule.
    pub(crate) fn set_rule(&mut self, info: &'static RuleInfo) {
        self.flush();
        self.info = info;
    }

    fn flush(&mut self) {
        if let Some(finding) = self.pending.take() {
            self.collector.push(finding);
        }
    }

    /// The collector, with every finding reported so far.
    pub(crate) fn into_collector(mut self) -> Collector<'o> {
        self.flush();
        self.collector
    }

    /// Reports a finding about the value at `pointer`; chain [`Report`] methods to add help,
    /// change the anchor or lower the severity.
    pub fn report(&mut self, pointer: impl Into<String>, message: impl Into<String>) -> Report<'_> {
        self.flush();
        Report(self.pending.insert(Finding {
            rule: self.info.id.into(),
            code: self.info.code.into(),
            severity: self.info.severity,
            message: message.into(),
            help: None,
            pointer: pointer.into(),
            anchor: Anchor::Value,
            origin: Origin::Local,
        }))
    }
}

/// A finding just reported, to refine.
#[derive(Debug)]
pub struct Report<'a>(&'a mut Finding);

impl Report<'_> {
    /// Sets the help line.
    pub fn help(self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    /// Sets what to underline.
    pub fn anchor(self, anchor: Anchor) -> Self {
        self.0.anchor = anchor;
        self
    }

    /// Overrides the rule's default severity (e.g. a warning for versions where Meta does not
    /// enforce the rule yet).
    pub fn severity(self, severity: Severity) -> Self {
        self.0.severity = severity;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_render_ranges() {
        let all = RuleInfo::DEFAULT;
        assert_eq!(all.versions(), "all");
        let from = RuleInfo {
            since: FlowVersion::V6_0,
            ..RuleInfo::DEFAULT
        };
        assert_eq!(from.versions(), "6.0+");
        assert!(!from.applies_to(FlowVersion::V5_1));
        assert!(from.applies_to(FlowVersion::V7_3));
        let below = RuleInfo {
            until: Some(FlowVersion::V3_0),
            ..RuleInfo::DEFAULT
        };
        assert_eq!(below.versions(), "≤2.1");
        assert!(below.applies_to(FlowVersion::V2_1));
        assert!(!below.applies_to(FlowVersion::V3_0));
        let window = RuleInfo {
            since: FlowVersion::V5_1,
            until: Some(FlowVersion::V6_3),
            ..RuleInfo::DEFAULT
        };
        assert_eq!(window.versions(), "5.1–6.2");
    }
}
