//! What a caller can tune about a check: per-rule levels.

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

/// Options of one check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Levels keyed by rule id (`routing/backward-route`) or Meta code (`INVALID_ROUTING_MODEL`);
    /// a rule id wins over a code.
    pub levels: HashMap<String, Level>,
}

impl CheckOptions {
    /// Applies the configured level to a finding; `None` when the rule is off.
    pub fn apply(&self, mut finding: Finding) -> Option<Finding> {
        let level = self
            .levels
            .get(finding.rule.as_ref())
            .or_else(|| self.levels.get(finding.code.as_ref()));
        finding.severity = match level {
            None => finding.severity,
            Some(Level::Off) => return None,
            Some(Level::Error) => Severity::Error,
            Some(Level::Warning) => Severity::Warning,
            Some(Level::Info) => Severity::Info,
        };
        Some(finding)
    }
}
