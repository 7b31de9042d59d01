use serde_json::Value;

use crate::finding::Severity;
use crate::pointer;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A Switch case key starts with an ASCII letter and holds only letters, digits, `-` and
    /// `_`.
    ///
    /// ## Why
    ///
    /// Meta's Flow Builder refuses other case keys (its schema's key pattern is
    /// `^[a-zA-Z][a-zA-Z0-9-_]*$`), so a Switch on a number such as `"10"` cannot be edited
    /// there.
    ///
    /// ## Notes
    ///
    /// Only the Builder's schema states it; Meta's reference says nothing about case keys, a
    /// library's example uses `"10"` and `"20"`, and no report shows the server refusing such a
    /// key. Decision: a warning in the default (server) profile, an error in the builder
    /// profile (`profile = "builder"`). Before this rule case keys were not checked.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "switch/case-key",
            code: "INVALID_PROPERTY_VALUE",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Builder,
            since: FlowVersion::V4_0,
            fail_example: fixture!("switch/case-key/fail.json"),
            pass_example: fixture!("switch/case-key/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// Whether `key` matches the Builder's `^[a-zA-Z][a-zA-Z0-9-_]*$`.
fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in ctx.components.iter().filter(|c| c.kind == "Switch") {
        let Some(cases) = c.value.field("cases").and_then(Value::as_object) else {
            continue;
        };
        let cases_ptr = pointer::push(&c.pointer, "cases");
        for key in cases.keys().filter(|k| !valid_key(k)) {
            sink.report(
                &RULE,
                pointer::push(&cases_ptr, key),
                format!(
                    "Switch case key '{key}' is not a letter followed by letters, digits, '-' or '_'; Meta's Flow Builder refuses it"
                ),
            )
            .help("start the key with a letter, e.g. 'n10' for 10, and compare the Switch value the same way");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::valid_key;

    #[test]
    fn keys_follow_the_builder_pattern() {
        for ok in ["pro", "a", "Plan_2", "x-1"] {
            assert!(valid_key(ok), "{ok}");
        }
        for bad in ["10", "", "_a", "-a", "a b", "é", "a.b"] {
            assert!(!valid_key(bad), "{bad}");
        }
    }
}
