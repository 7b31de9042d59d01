//! What a caller can tune about a check: per-rule levels and the cap on findings per file.

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

/// How many findings a file keeps by default (see [`CheckOptions::max_findings`]).
pub const DEFAULT_MAX_FINDINGS: usize = 1_000;

/// Options of one check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
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
