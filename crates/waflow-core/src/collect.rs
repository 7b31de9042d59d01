//! The findings a check keeps: configured levels and the caller's filter applied, at most
//! [`CheckOptions::max_findings`] of them, the rest counted.

use crate::diagnostic::Omitted;
use crate::finding::{Finding, Severity};
use crate::options::{CheckOptions, Profile};

/// Takes every finding a check makes and keeps those the report will hold.
pub(crate) struct Collector<'o> {
    options: &'o CheckOptions,
    keep: &'o dyn Fn(&Finding) -> bool,
    kept: Vec<Finding>,
    omitted: Omitted,
}

impl<'o> Collector<'o> {
    /// A collector applying `options`; `keep` drops findings before they count.
    pub(crate) fn new(options: &'o CheckOptions, keep: &'o dyn Fn(&Finding) -> bool) -> Self {
        Collector {
            options,
            keep,
            kept: Vec::new(),
            omitted: Omitted::default(),
        }
    }

    /// The severity `finding` would be reported with; `None` when its rule is off or the
    /// filter drops it.
    pub(crate) fn admit(&self, finding: &Finding) -> Option<Severity> {
        let severity = self.options.severity_of(finding)?;
        (self.keep)(finding).then_some(severity)
    }

    /// The profile whose default severities the rules report with.
    pub(crate) fn profile(&self) -> Profile {
        self.options.profile
    }

    /// Takes one finding: kept while there is room, counted after.
    pub(crate) fn push(&mut self, mut finding: Finding) {
        let Some(severity) = self.admit(&finding) else {
            return;
        };
        if self.room() == 0 {
            self.omitted.add(severity);
        } else {
            finding.severity = severity;
            self.kept.push(finding);
        }
    }

    /// How many more findings are kept.
    pub(crate) fn room(&self) -> usize {
        self.options
            .max_findings
            .map_or(usize::MAX, |max| max.saturating_sub(self.kept.len()))
    }

    /// Records that a layer stopped looking at the cap: the counts are a lower bound.
    pub(crate) fn stopped_early(&mut self) {
        self.omitted.lower_bound = true;
    }

    /// The findings kept, in the order they came, and the count of the others.
    pub(crate) fn finish(self) -> (Vec<Finding>, Omitted) {
        (self.kept, self.omitted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Level;

    fn finding(rule: &'static str, pointer: &str) -> Finding {
        Finding::error(rule, "INVALID_FLOW_JSON", pointer, "m")
    }

    #[test]
    fn keeps_up_to_the_cap_and_counts_the_rest_after_levels_and_filter() {
        let mut options = CheckOptions {
            max_findings: Some(2),
            ..CheckOptions::default()
        };
        options.levels.insert("a/warn".into(), Level::Warning);
        options.levels.insert("a/off".into(), Level::Off);
        let keep = |f: &Finding| f.pointer != "/ignored";
        let mut c = Collector::new(&options, &keep);
        for (rule, pointer) in [
            ("a/off", ""),
            ("a/err", "/ignored"),
            ("a/err", ""),
            ("a/warn", ""),
            ("a/warn", ""),
            ("a/err", ""),
            ("a/off", ""),
        ] {
            c.push(finding(rule, pointer));
        }
        let (kept, omitted) = c.finish();
        let kept: Vec<_> = kept.iter().map(|f| (&*f.rule, f.severity)).collect();
        assert_eq!(
            kept,
            [("a/err", Severity::Error), ("a/warn", Severity::Warning)]
        );
        assert_eq!(
            omitted,
            Omitted {
                errors: 1,
                warnings: 1,
                infos: 0,
                lower_bound: false
            }
        );
        assert_eq!(omitted.total(), 2);
    }

    #[test]
    fn no_cap_keeps_everything() {
        let options = CheckOptions {
            max_findings: None,
            ..CheckOptions::default()
        };
        let mut c = Collector::new(&options, &|_| true);
        for _ in 0..5000 {
            c.push(finding("a/err", ""));
        }
        let (kept, omitted) = c.finish();
        assert_eq!((kept.len(), omitted.total()), (5000, 0));
    }
}
