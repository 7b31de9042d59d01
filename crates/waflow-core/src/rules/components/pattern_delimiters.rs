use serde_json::Value;

use crate::expr;
use crate::finding::Severity;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// A TextInput `pattern` is a bare regular expression, not wrapped in `/…/` delimiters.
    ///
    /// ## Why
    ///
    /// Meta applies `pattern` as written: the slashes become part of the expression, so it only
    /// matches input that begins and ends with a slash and the field refuses what users type.
    ///
    /// ## Notes
    ///
    /// waflow's own check of the documented form ("raw regex, no slashes"); Meta's validator does
    /// not report it. Delimiters with flags (`/…/i`) count too. Whether the pattern is a valid
    /// regular expression is not checked.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "components/pattern-delimiters",
            code: "WAFLOW_PATTERN_DELIMITERS",
            severity: Severity::Warning,
            since: FlowVersion::V6_2,
            fail_example: fixture!("components/pattern-delimiters/fail.json"),
            pass_example: fixture!("components/pattern-delimiters/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// components/pattern-delimiters: TextInput patterns written as `/…/`.
fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for component in ctx.components.iter().filter(|c| c.kind == "TextInput") {
        let Some(pattern) = component.value.field("pattern").and_then(Value::as_str) else {
            continue;
        };
        if !expr::is_literal(pattern) || !has_delimiters(pattern) {
            continue;
        }
        sink.report(
            &RULE,
            pointer::push(&component.pointer, "pattern"),
            "the pattern is wrapped in slashes, which Meta takes as part of the expression",
        )
        .help("remove the leading and trailing `/` (and any flags after it)");
    }
}

/// Whether `pattern` is wrapped in `/…/` regex delimiters, with optional flags.
fn has_delimiters(pattern: &str) -> bool {
    let Some(body) = pattern.strip_prefix('/') else {
        return false;
    };
    let flags = body.trim_end_matches(|c: char| "dgimsuvy".contains(c));
    flags.len() >= 2 && flags.ends_with('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_recognised() {
        assert!(has_delimiters("/^[0-9]+$/"));
        assert!(has_delimiters("/abc/i"));
        assert!(!has_delimiters("^[0-9]+$"));
        assert!(!has_delimiters("/"));
        assert!(!has_delimiters("//"));
        assert!(!has_delimiters("/path/to"));
    }
}
