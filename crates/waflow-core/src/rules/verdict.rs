//! Meta's verdict against waflow's on the rules where Meta's sources disagree (evidence other
//! than `consistent`, see `docs/evidence.md`): what `push` and `publish` report when Meta's
//! answer for a flow differs from the local check, so that the evidence grows.

use std::fmt;

use super::engine::{Evidence, RuleInfo};
use super::registry;
use crate::finding::{Finding, Severity};
use crate::meta_errors::same_check;
use crate::options::Profile;

/// One local finding of an inventoried rule on which Meta's answer differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The rule's id.
    pub rule: &'static str,
    /// Meta's code of the rule.
    pub code: String,
    /// How well Meta's sources back the rule.
    pub evidence: Evidence,
    /// Where the finding is (JSON pointer).
    pub pointer: String,
    /// The finding's severity in the local check.
    pub local: Severity,
    /// The rule's severity in the builder profile.
    pub builder: Severity,
    /// `true`: Meta refused the flow there (an error with the rule's code at that place) though
    /// waflow does not report an error; `false`: Meta accepted the flow though waflow (or its
    /// builder profile) reports an error.
    pub meta_refused: bool,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.local.as_str();
        let evidence = self.evidence.as_str();
        if self.meta_refused {
            write!(
                f,
                "{} at {}: Meta refused it ({}), waflow reports a {local} (evidence: {evidence})",
                self.rule, self.pointer, self.code
            )
        } else {
            write!(
                f,
                "{} at {}: Meta accepted it, waflow reports a {local} and the builder profile an {} (evidence: {evidence})",
                self.rule,
                self.pointer,
                self.builder.as_str()
            )
        }
    }
}

/// Whether two pointers name the same place or one lies inside the other (Meta points at a key
/// or a value, at an object or at its property, where waflow may choose the other).
fn same_place(a: &str, b: &str) -> bool {
    let inside = |outer: &str, inner: &str| {
        inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
    };
    a == b || inside(a, b) || inside(b, a)
}

/// The local findings of inventoried rules on which Meta's findings for the same flow
/// (`remote`, from its `validation_errors`) differ: Meta refused where the local check has no
/// error, or accepted the whole flow (no error at all) where the local check or its builder
/// profile has one. Meta stops after its schema errors, so a flow Meta refused for other reasons
/// says nothing about whether it accepts the rest.
pub fn differences(local: &[Finding], remote: &[Finding]) -> Vec<Difference> {
    let rules: Vec<&RuleInfo> = registry()
        .into_iter()
        .filter(|r| r.evidence != Evidence::Consistent)
        .collect();
    let meta_accepted_all = !remote.iter().any(|r| r.severity == Severity::Error);
    let mut out = Vec::new();
    for finding in local {
        let Some(rule) = rules.iter().find(|r| r.id == finding.rule) else {
            continue;
        };
        let builder = rule.severity_in(Profile::Builder);
        let refused = remote.iter().any(|r| {
            r.severity == Severity::Error
                && same_check(&finding.code, &r.code)
                && same_place(&r.pointer, &finding.pointer)
        });
        let differs = if refused {
            finding.severity != Severity::Error
        } else {
            meta_accepted_all && (finding.severity == Severity::Error || builder == Severity::Error)
        };
        if differs {
            out.push(Difference {
                rule: rule.id,
                code: finding.code.to_string(),
                evidence: rule.evidence,
                pointer: finding.pointer.to_string(),
                local: finding.severity,
                builder,
                meta_refused: refused,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(rule: &'static str, code: &'static str, severity: Severity, at: &str) -> Finding {
        let mut f = Finding::error(rule, code, at, "m");
        f.severity = severity;
        f
    }

    const NESTED: &str = "/screens/0/layout/children/0/then/0/then/0/type";

    /// A Footer in a nested If, a warning in the server profile.
    fn nested_footer() -> Finding {
        local(
            "if/footer-in-nested-if",
            "INVALID_PROPERTY_VALUE",
            Severity::Warning,
            NESTED,
        )
    }

    #[test]
    fn meta_accepting_a_flow_the_builder_profile_refuses_is_a_difference() {
        let found = differences(&[nested_footer()], &[]);
        assert_eq!(found.len(), 1);
        assert!(!found[0].meta_refused);
        assert_eq!(found[0].builder, Severity::Error);
        assert_eq!(
            found[0].to_string(),
            format!(
                "if/footer-in-nested-if at {NESTED}: Meta accepted it, waflow reports a warning and the builder profile an error (evidence: disputed)"
            )
        );
    }

    #[test]
    fn meta_refusing_what_waflow_only_warns_about_is_a_difference() {
        let remote = [Finding::error(
            "meta/remote",
            "INVALID_PROPERTY_VALUE",
            "/screens/0/layout/children/0/then/0/then/0",
            "Invalid value",
        )];
        let found = differences(&[nested_footer()], &remote);
        assert_eq!(found.len(), 1);
        assert!(found[0].meta_refused);
        assert!(
            found[0]
                .to_string()
                .contains("Meta refused it (INVALID_PROPERTY_VALUE)")
        );
    }

    #[test]
    fn meta_naming_the_check_with_a_type_suffix_is_the_same_check() {
        let remote = [Finding::error(
            "meta/remote",
            "INVALID_PROPERTY_VALUE:STRING",
            "/screens/0/layout/children/0/then/0/then/0",
            "Invalid value",
        )];
        let found = differences(&[nested_footer()], &remote);
        assert_eq!(found.len(), 1);
        assert!(found[0].meta_refused, "{}", found[0]);
    }

    #[test]
    fn agreement_and_other_rules_are_not_differences() {
        // Meta refuses what waflow refuses.
        let remote = [Finding::error(
            "meta/remote",
            "MISSING_REQUIRED_PROPERTY",
            "/screens/0",
            "m",
        )];
        let title = local(
            "screens/missing-title",
            "MISSING_REQUIRED_PROPERTY",
            Severity::Error,
            "/screens/0",
        );
        assert!(differences(std::slice::from_ref(&title), &remote).is_empty());
        // A docs-only rule is a warning in both profiles: Meta accepting it agrees.
        let long = local(
            "text/length",
            "WAFLOW_TEXT_TOO_LONG",
            Severity::Warning,
            "/screens/0/layout/children/0/text",
        );
        assert!(differences(&[long], &[]).is_empty());
        // A rule outside the inventory is not compared.
        let backward = local(
            "routing/backward-route",
            "INVALID_ROUTING_MODEL",
            Severity::Error,
            "/routing_model/B/0",
        );
        assert!(differences(&[backward], &[]).is_empty());
        // Meta refused the flow for something else: its silence on the title proves nothing.
        let other = [Finding::error(
            "meta/remote",
            "INVALID_ROUTING_MODEL",
            "/routing_model",
            "m",
        )];
        let title = local(
            "screens/missing-title",
            "MISSING_REQUIRED_PROPERTY",
            Severity::Warning,
            "/screens/1",
        );
        assert!(differences(&[title], &other).is_empty());
    }

    #[test]
    fn places_match_when_one_pointer_holds_the_other() {
        assert!(same_place("/screens/0", "/screens/0"));
        assert!(same_place("/screens/0", "/screens/0/title"));
        assert!(same_place("/screens/0/title", "/screens/0"));
        assert!(!same_place("/screens/1", "/screens/10"));
    }
}
