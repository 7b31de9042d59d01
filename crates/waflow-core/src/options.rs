//! What a caller can tune about a check: the profile, per-rule levels and the cap on findings
//! per file.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Severity};

/// The level a rule is set to by configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as information.
    Info,
    /// Do not report.
    Off,
}

/// Whose verdict the default severities follow where Meta's sources disagree (see
/// `docs/evidence.md`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// What Meta's server most likely does on upload: a constraint only Meta's Flow Builder
    /// states is a warning.
    #[default]
    Server,
    /// Meta's Flow Builder: every constraint it enforces is an error, for teams that also edit
    /// their flows in the Builder.
    Builder,
}

impl Profile {
    /// The name used in `waflow.toml` and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Server => "server",
            Profile::Builder => "builder",
        }
    }
}

/// How many findings a file keeps by default (see [`CheckOptions::max_findings`]).
pub const DEFAULT_MAX_FINDINGS: usize = 1_000;

/// Options of one check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Whose verdict the rules' default severities follow ([`RuleInfo::severity_in`]); the
    /// configured `levels` still win.
    ///
    /// [`RuleInfo::severity_in`]: crate::rules::RuleInfo::severity_in
    pub profile: Profile,
    /// Levels keyed by rule id (`routing/backward-route`) or Meta code (`INVALID_ROUTING_MODEL`);
    /// a rule id wins over a code.
    pub levels: HashMap<String, Level>,
    /// The most findings one file keeps (`None`: no cap). The findings past the cap are counted
    /// in [`FileReport::omitted`](crate::FileReport::omitted), not kept, and the schema layer
    /// stops listing errors once it reaches the cap. Default [`DEFAULT_MAX_FINDINGS`].
    pub max_findings: Option<usize>,
}

impl Default for CheckOptions {
    fn default() -> CheckOptions {
        CheckOptions {
            profile: Profile::default(),
            levels: HashMap::new(),
            max_findings: Some(DEFAULT_MAX_FINDINGS),
        }
    }
}

impl CheckOptions {
    /// Applies the configured level to a finding; `None` when the rule is off.
    pub fn apply(&self, mut finding: Finding) -> Option<Finding> {
        finding.severity = self.severity_of(&finding)?;
        Some(finding)
    }

    /// The severity a finding gets under the configured levels; `None` when its rule is off.
    pub fn severity_of(&self, finding: &Finding) -> Option<Severity> {
        let level = self
            .levels
            .get(finding.rule.as_ref())
            .or_else(|| self.levels.get(finding.code.as_ref()));
        match level {
            None => Some(finding.severity),
            Some(Level::Off) => None,
            Some(Level::Error) => Some(Severity::Error),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Info) => Some(Severity::Info),
        }
    }
}
