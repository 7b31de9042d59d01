//! Fixing a file until nothing more can be fixed: apply the fixes that do not overlap, check
//! again, keep the result only when it adds no error, repeat.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::diagnostic::FileReport;
use crate::finding::Severity;

use super::{Applicability, TextEdit, apply_edits};

/// The most rounds of fixing one file: each round applies the fixes that do not overlap and
/// checks the result once, so a file whose fixes are all independent needs one round (and one
/// more check to confirm).
pub const MAX_ROUNDS: usize = 16;

/// A fix that was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The rule of the finding it fixed.
    pub rule: String,
    /// What it did.
    pub title: String,
}

/// A fix that was not applied because its result has errors the text before it did not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The rule of the finding it would have fixed.
    pub rule: String,
    /// What it would have done.
    pub title: String,
    /// The rules of the errors it would have added, sorted, each once.
    pub added: Vec<String>,
}

/// A file after fixing.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The fixed text; the input text when nothing was fixed.
    pub text: String,
    /// The fixes applied, in the order they were applied.
    pub applied: Vec<Applied>,
    /// The fixes not applied because they would add an error, in the order they were tried.
    pub dropped: Vec<Dropped>,
    /// The check of the fixed text.
    pub report: FileReport,
}

impl Fixed {
    /// Whether the text changed.
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// A fix that a round may apply: its finding and its byte edits.
struct Candidate {
    key: (String, String, String),
    applied: Applied,
    edits: Vec<TextEdit>,
}

/// Fixes `text` with the fixes up to `allowed`, checking each result with `check` (which gives
/// the report of a text, with the caller's configuration). A fix whose result has an error the
/// text before it did not have is dropped (and listed in [`Fixed::dropped`]); errors of the
/// stages the check of the text before did not reach (the schema and the semantic rules, when
/// the version could not be read) are uncovered, not added. The rounds stop when a check shows nothing more to
/// fix, or after [`MAX_ROUNDS`]. Never fails: a file that cannot be fixed comes back unchanged.
pub fn fix_file(text: &str, allowed: Applicability, check: &dyn Fn(&str) -> FileReport) -> Fixed {
    let mut current = text.to_owned();
    let mut report = check(&current);
    let mut applied = Vec::new();
    let mut dropped = Vec::new();
    // Fixes that failed (did not resolve, or added an error), by rule, pointer and title.
    let mut rejected: HashSet<(String, String, String)> = HashSet::new();
    for _ in 0..MAX_ROUNDS {
        let batch = candidates(&report, allowed, &mut rejected);
        if batch.is_empty() {
            break;
        }
        // All at once first; when that adds an error, the first alone (the rest in later rounds).
        let all: Vec<TextEdit> = batch.iter().flat_map(|c| c.edits.clone()).collect();
        let next = apply_edits(&current, &all);
        let next_report = check(&next);
        if next != current && !adds_error(&report, &next_report) {
            applied.extend(batch.into_iter().map(|c| c.applied));
            current = next;
            report = next_report;
            continue;
        }
        let Some(first) = batch.into_iter().next() else {
            break;
        };
        let next = apply_edits(&current, &first.edits);
        let next_report = check(&next);
        let added = ErrorCounts::of(&report).added_rules(&next_report);
        if next != current && added.is_empty() {
            applied.push(first.applied);
            current = next;
            report = next_report;
        } else {
            if !added.is_empty() {
                dropped.push(Dropped {
                    rule: first.applied.rule,
                    title: first.applied.title,
                    added,
                });
            }
            rejected.insert(first.key);
        }
    }
    Fixed {
        text: current,
        applied,
        dropped,
        report,
    }
}

/// The fixes of `report` that may be applied to its text together: allowed, not rejected
/// before, resolved (by the check that made the report), not overlapping an earlier one (in
/// file order).
fn candidates(
    report: &FileReport,
    allowed: Applicability,
    rejected: &mut HashSet<(String, String, String)>,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for d in &report.diagnostics {
        let Some(fix) = d.finding.fix.as_deref().filter(|f| f.allowed(allowed)) else {
            continue;
        };
        let key = (
            d.finding.rule.to_string(),
            d.finding.pointer.clone(),
            fix.title.clone(),
        );
        if rejected.contains(&key) {
            continue;
        }
        let Some(edits) = d.edits.clone() else {
            rejected.insert(key);
            continue;
        };
        let overlaps = out
            .iter()
            .flat_map(|c| &c.edits)
            .any(|o| edits.iter().any(|e| e.overlaps(o)));
        if !overlaps {
            out.push(Candidate {
                applied: Applied {
                    rule: key.0.clone(),
                    title: fix.title.clone(),
                },
                key,
                edits,
            });
        }
    }
    out
}

/// Whether `after` has an error that `before` did not: more errors of some rule and code, or
/// more errors past the cap, in the stages the check of `before` reached.
pub fn adds_error(before: &FileReport, after: &FileReport) -> bool {
    ErrorCounts::of(before).added_in(after)
}

/// The errors of a report, counted by rule and code (and those past the cap), kept to tell
/// whether a later report of the same file adds an error ([`adds_error`] without keeping the
/// report).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorCounts {
    counts: HashMap<(Cow<'static, str>, Cow<'static, str>), usize>,
    omitted: usize,
    /// Whether the check stopped at the version (missing or unreadable), before the schema and
    /// the semantic rules: their errors in a later report were there, hidden, not added.
    stopped_at_version: bool,
}

/// Whether a finding of `rule` stops the check before the schema and the semantic rules.
fn stops_at_version(rule: &str) -> bool {
    matches!(rule, "version/missing" | "version/invalid")
}

/// Whether `rule` belongs to a stage that runs before the version is known (reading the file and
/// the version itself).
fn before_schema(rule: &str) -> bool {
    rule.starts_with("json/") || rule.starts_with("version/")
}

impl ErrorCounts {
    /// The errors of `report`.
    pub fn of(report: &FileReport) -> ErrorCounts {
        let mut counts = HashMap::new();
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.finding.severity == Severity::Error)
        {
            *counts
                .entry((d.finding.rule.clone(), d.finding.code.clone()))
                .or_default() += 1;
        }
        ErrorCounts {
            counts,
            omitted: report.omitted.errors,
            stopped_at_version: report
                .diagnostics
                .iter()
                .any(|d| stops_at_version(&d.finding.rule)),
        }
    }

    /// Whether `after` has an error that these counts do not: more errors of some rule and
    /// code, or more errors past the cap, in the stages this check reached.
    pub fn added_in(&self, after: &FileReport) -> bool {
        !self.added_rules(after).is_empty()
    }

    /// The rules of the errors `after` has that these counts do not (see [`Self::added_in`]),
    /// sorted, each once; `"past the cap"` stands for more errors past the cap.
    pub fn added_rules(&self, after: &FileReport) -> Vec<String> {
        let mut added: Vec<String> = ErrorCounts::of(after)
            .counts
            .iter()
            .filter(|((rule, _), _)| !self.stopped_at_version || before_schema(rule))
            .filter(|(k, n)| self.counts.get(*k).copied().unwrap_or(0) < **n)
            .map(|((rule, _), _)| rule.to_string())
            .collect();
        if !self.stopped_at_version && after.omitted.errors > self.omitted {
            added.push("past the cap".to_owned());
        }
        added.sort();
        added.dedup();
        added
    }
}
