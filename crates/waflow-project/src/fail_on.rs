//! Which findings fail a file: one decision for `waflow check` and `waflow push`.

use serde::Deserialize;
use waflow_core::{FileReport, Severity};

/// The lowest severity that fails a file (`[check] fail_on`, `--fail-on`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Fail on errors only.
    #[default]
    Error,
    /// Fail on warnings and errors.
    Warning,
}

impl FailOn {
    /// The level that applies: the one given on the command line, else the configured one,
    /// else [`FailOn::Error`].
    pub fn decide(given: Option<FailOn>, configured: Option<FailOn>) -> FailOn {
        given.or(configured).unwrap_or_default()
    }

    /// The name used in `waflow.toml` and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
        }
    }

    /// Whether a report holds a finding at or above this level, counting the findings past the
    /// cap; a report whose check stopped at the cap (so that its counts are a lower bound) fails
    /// at either level.
    pub fn fails_report(self, report: &FileReport) -> bool {
        let threshold = match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        };
        report.omitted.lower_bound
            || report.omitted.errors > 0
            || (threshold == Severity::Warning && report.omitted.warnings > 0)
            || report
                .diagnostics
                .iter()
                .any(|d| d.finding.severity >= threshold)
    }

    /// Whether any of the reports fails at this level ([`FailOn::fails_report`]).
    pub fn fails(self, reports: &[FileReport]) -> bool {
        reports.iter().any(|r| self.fails_report(r))
    }
}
