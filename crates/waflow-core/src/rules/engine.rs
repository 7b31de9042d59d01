//! The rule engine: how a rule is described ([`RuleInfo`]), what reports it ([`Check`]) and how
//! it reports ([`Sink`]).
//!
//! A semantic rule `group/name` is one file, `rules/group/name.rs`, declaring
//! `pub(crate) static RULE: Rule` with the [`rule!`] macro: its doc comment is its documentation,
//! its [`RuleInfo`] its metadata, and its [`Check`] says what reports it. The static is the rule's
//! handle: every finding is reported with `sink.report(&RULE, …)` (or `&group::name::RULE` from a
//! pass that serves several rules), so the sink stamps that rule's id, code and severity, and
//! drops findings of rules that do not apply to the flow's version. The file is listed once in
//! the registry of `rules/mod.rs`.

use crate::collect::Collector;
use crate::finding::{Anchor, Finding, Origin, Related, Severity};
use crate::fix::{Applicability, Fix};
use crate::options::Profile;
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
    /// The replies of a running data endpoint, checked against the flow by
    /// `waflow endpoint check` (`rules/endpoint_check.rs`), not by the check of a file.
    Endpoint,
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
            Layer::Endpoint => "endpoint",
            Layer::Remote => "remote",
        }
    }
}

/// How well Meta's sources back a rule (the inventory is `docs/evidence.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Evidence {
    /// Not in the inventory: Meta's sources agree as far as waflow knows (or the rule is
    /// waflow's own, with a `WAFLOW_…` code).
    Consistent,
    /// Only Meta's Flow Builder enforces it; Meta's reference does not state it, or says
    /// otherwise.
    Builder,
    /// Only Meta's documentation states it; no validator of Meta's is known to enforce it.
    Docs,
    /// Meta's sources contradict each other (a limit, a casing, a nesting level), or a report of
    /// what Meta's server accepted contradicts them.
    Disputed,
}

impl Evidence {
    /// The lowercase name used in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Consistent => "consistent",
            Evidence::Builder => "builder",
            Evidence::Docs => "docs",
            Evidence::Disputed => "disputed",
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
    /// Default severity in the default (server) profile; configuration may change it.
    pub severity: Severity,
    /// Default severity in the builder profile, when it differs from [`RuleInfo::severity`].
    pub builder_severity: Option<Severity>,
    /// How well Meta's sources back the rule.
    pub evidence: Evidence,
    /// First Flow JSON version the rule applies to.
    pub since: FlowVersion,
    /// First Flow JSON version the rule no longer applies to (exclusive), if any.
    pub until: Option<FlowVersion>,
    /// Which layer reports it.
    pub layer: Layer,
    /// The documentation, in Markdown: a one-sentence summary of what the rule requires, then a
    /// `## Why` section (what Meta or the phone does otherwise) and, when there is more to say, a
    /// `## Notes` section (sources, disagreements between Meta's docs and builder, alternative
    /// codes). For a semantic rule it is the doc comment of its `RULE`.
    pub doc: &'static str,
    /// A small flow that breaks the rule (complete Flow JSON for semantic rules, so tests can run it).
    pub fail_example: &'static str,
    /// The same flow, fixed.
    pub pass_example: &'static str,
    /// Set when the rule is listed for completeness but cannot be checked from the file alone.
    pub not_checked_reason: Option<&'static str>,
    /// Set when another rule reports this check (usually a generic rule of the schema layer,
    /// e.g. `schema/enum`): the entry documents Meta's rule and names the rule to look for.
    pub reported_by: Option<&'static str>,
    /// Whether the rule's findings can carry an automatic fix (`waflow check --fix`), and how
    /// safe it is; `None`: no fix.
    pub fix: Option<Applicability>,
}

impl RuleInfo {
    /// The starting point for a rule description: an error from 2.1 on, semantic layer, no
    /// documentation. Use it with struct update syntax: `RuleInfo { id: "…", ..RuleInfo::DEFAULT }`.
    pub const DEFAULT: RuleInfo = RuleInfo {
        id: "",
        code: "",
        severity: Severity::Error,
        builder_severity: None,
        evidence: Evidence::Consistent,
        since: FlowVersion::V2_1,
        until: None,
        layer: Layer::Semantic,
        doc: "",
        fail_example: "",
        pass_example: "",
        not_checked_reason: None,
        reported_by: None,
        fix: None,
    };

    /// The rule's default severity in `profile`.
    pub fn severity_in(&self, profile: Profile) -> Severity {
        match profile {
            Profile::Server => self.severity,
            Profile::Builder => self.builder_severity.unwrap_or(self.severity),
        }
    }

    /// What the rule requires, in one sentence (the doc's first paragraph).
    pub fn summary(&self) -> String {
        self.section(None)
    }

    /// Why the rule matters (the doc's `## Why` section).
    pub fn why(&self) -> String {
        self.section(Some("Why"))
    }

    /// Sources, disagreements and alternative codes (the doc's `## Notes` section; empty when it
    /// has none).
    pub fn notes(&self) -> String {
        self.section(Some("Notes"))
    }

    /// The text of one section of [`RuleInfo::doc`] (`None`: the part before the first heading),
    /// its lines joined with spaces.
    fn section(&self, heading: Option<&str>) -> String {
        let mut current = None;
        let mut words: Vec<&str> = Vec::new();
        for line in self.doc.lines() {
            let line = line.trim();
            if let Some(title) = line.strip_prefix("## ") {
                current = Some(title);
            } else if current == heading && !line.is_empty() {
                words.push(line);
            }
        }
        words.join(" ")
    }

    /// A local finding of this rule about the value at `pointer`, with the rule's id, code and
    /// default severity: how the rules reported outside the check of a file (`waflow endpoint
    /// check`) report.
    pub fn finding(&self, pointer: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding::error(self.id, self.code, pointer, message).with_severity(self.severity)
    }

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

/// A check: reads the context, reports into the sink.
pub type CheckFn = fn(&Ctx<'_>, &mut Sink<'_>);

/// A semantic rule: its description and what reports it. Declared with [`rule!`] as the
/// `RULE` static of its file; `&RULE` is the handle findings are reported with.
#[derive(Debug)]
pub struct Rule {
    /// What the rule is.
    pub info: RuleInfo,
    /// What reports it.
    pub check: Check,
    /// The module that declares it (`module_path!()`), `…::rules::group::name` by convention;
    /// kept for the test that holds every rule to that convention.
    #[cfg(test)]
    pub module: &'static str,
}

/// What reports a semantic rule's findings.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// The rule's own check.
    Own(CheckFn),
    /// A pass of its group that reports several rules in one walk; it runs once, for the first of
    /// its rules that applies to the flow's version.
    Pass(&'static Pass),
    /// Nothing in this layer: the rule is listed for completeness (see
    /// [`RuleInfo::not_checked_reason`]) or another rule reports it ([`RuleInfo::reported_by`]).
    None,
}

/// A check that reports the findings of several rules, each through its rule's handle.
#[derive(Debug)]
pub struct Pass(pub CheckFn);

/// Collects the findings of the semantic rules for one flow, each stamped with its rule's id,
/// code and severity, and hands each to the check's collector once it is complete (kept under
/// the cap, or counted).
pub struct Sink<'o> {
    version: FlowVersion,
    collector: Collector<'o>,
    /// The finding reported last, which [`Report`] may still refine.
    pending: Option<Finding>,
}

impl std::fmt::Debug for Sink<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sink")
            .field("version", &self.version)
            .finish()
    }
}

impl<'o> Sink<'o> {
    /// A sink for a flow of `version`, handing the findings to `collector`.
    pub(crate) fn new(version: FlowVersion, collector: Collector<'o>) -> Sink<'o> {
        Sink {
            version,
            collector,
            pending: None,
        }
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

    /// Reports a finding of `rule` about the value at `pointer`, stamped with the rule's id, code
    /// and severity; chain [`Report`] methods to add help, change the anchor or lower the
    /// severity. Nothing is reported when `rule` does not apply to the flow's version.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Report<'_> {
        self.flush();
        let info = &rule.info;
        if !info.applies_to(self.version) {
            return Report(None);
        }
        Report(Some(self.pending.insert(Finding {
            rule: info.id.into(),
            code: info.code.into(),
            severity: info.severity_in(self.collector.profile()),
            message: message.into(),
            help: None,
            pointer: pointer.into(),
            anchor: Anchor::Value,
            origin: Origin::Local,
            related: Vec::new(),
            fix: None,
        })))
    }
}

/// Declares a semantic rule: `rule! { /// docs  pub(crate) static RULE: Rule = Rule { info:
/// RuleInfo { … }, check: … }; }`. The doc comment becomes [`RuleInfo::doc`].
macro_rules! rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis static $name:ident: Rule = Rule {
            info: RuleInfo { $($info:tt)* },
            check: $check:expr $(,)?
        };
    ) => {
        $(#[doc = $doc])+
        $vis static $name: $crate::rules::engine::Rule = $crate::rules::engine::Rule {
            info: $crate::rules::engine::RuleInfo {
                doc: concat!($($doc, "\n"),+),
                $($info)*
            },
            check: $check,
            #[cfg(test)]
            module: module_path!(),
        };
    };
}

pub(crate) use rule;

/// The text of a rule's example flow, a file under `fixtures/rules/`:
/// `fixture!("screens/duplicate-id/fail.json")`. The fixture files are the examples' source.
macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/rules/",
            $path
        ))
    };
}

pub(crate) use fixture;

/// A finding just reported, to refine (nothing, when its rule did not apply to the version).
#[derive(Debug)]
pub struct Report<'a>(Option<&'a mut Finding>);

impl Report<'_> {
    /// Replaces the rule's code by the one Meta gives this particular case (e.g.
    /// MORE_THAN_ONE_FOOTER for the Footers of If branches); the rule's notes name it.
    pub fn code(mut self, code: &'static str) -> Self {
        if let Some(f) = &mut self.0 {
            f.code = code.into();
        }
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        if let Some(f) = &mut self.0 {
            f.help = Some(help.into());
        }
        self
    }

    /// Sets what to underline.
    pub fn anchor(mut self, anchor: Anchor) -> Self {
        if let Some(f) = &mut self.0 {
            f.anchor = anchor;
        }
        self
    }

    /// Attaches an automatic fix (the rule's [`RuleInfo::fix`] says how safe its fixes are).
    pub fn fix(mut self, fix: impl Into<Option<Fix>>) -> Self {
        if let (Some(f), Some(fix)) = (&mut self.0, fix.into()) {
            f.fix = Some(Box::new(fix));
        }
        self
    }

    /// Adds another place the finding is about.
    pub fn related(mut self, related: Related) -> Self {
        if let Some(f) = &mut self.0 {
            f.related.push(related);
        }
        self
    }

    /// Overrides the rule's default severity (e.g. a warning for versions where Meta does not
    /// enforce the rule yet).
    pub fn severity(mut self, severity: Severity) -> Self {
        if let Some(f) = &mut self.0 {
            f.severity = severity;
        }
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
