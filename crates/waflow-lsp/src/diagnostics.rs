//! The findings of `waflow check` on the editor's text, placed in it, with related locations;
//! and their LSP form.

use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Uri,
};
use serde_json::json;
use waflow_core::fix::{ErrorCounts, TextEdit as ByteEdit};
use waflow_core::{Finding, Severity};

use crate::server::Open;
use crate::text::{Encoding, Text};
use crate::{Project, ProjectError, Source};

/// Where the documentation of the rules lives.
const RULES_DOC: &str = "https://github.com/waflow/waflow/blob/main/docs/rules.md";

/// The address of a rule's documentation: its section of `docs/rules.md` (GitHub's heading
/// anchor of "`group/name`" drops the backticks and the slash).
pub fn rule_doc_url(rule: &str) -> String {
    let anchor: String = rule
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!("{RULES_DOC}#{anchor}")
}

/// A finding placed in the document: byte offsets of the document's text.
#[derive(Debug, Clone)]
pub struct Located {
    /// What was found.
    pub finding: Finding,
    /// First underlined byte.
    pub start: usize,
    /// Just after the last underlined byte.
    pub end: usize,
    /// Other places the finding is about: message and byte range.
    pub related: Vec<(String, usize, usize)>,
    /// The byte edits of the finding's fix in the document's text, resolved by the check; `None`
    /// when it has none that applies (a finding of the repaired text has none).
    pub edits: Option<Vec<ByteEdit>>,
}

/// The findings of the text of `open`, the contents of `source`, from its one analysis, and the
/// errors the check of the text itself counted. When the text does not parse, the findings are
/// the syntax error plus the findings of its repair that lie in complete parts of the text.
pub(crate) fn findings(
    project: &dyn Project,
    source: Source<'_>,
    open: &Open,
) -> Result<(Vec<Located>, ErrorCounts), ProjectError> {
    let analysis = open.analysis();
    let report = project.check(source, &analysis.source, &analysis.source_findings)?;
    let errors = ErrorCounts::of(&report);
    let broken = report
        .diagnostics
        .iter()
        .any(|d| d.finding.rule == "json/syntax");
    let mut out: Vec<Located> = report
        .diagnostics
        .into_iter()
        .map(|d| Located {
            start: d.span.start,
            end: d.span.end,
            edits: d.edits,
            related: d
                .related
                .into_iter()
                .map(|r| (r.message, r.span.start, r.span.end))
                .collect(),
            finding: d.finding,
        })
        .collect();
    let Some((repair, repaired)) = analysis.repaired.as_ref().filter(|_| broken) else {
        return Ok((out, errors));
    };
    let report = project.check(source, repaired, &[])?;
    let spans = repaired.spans();
    for d in report.diagnostics {
        if d.finding.rule.starts_with("json/") {
            continue;
        }
        // A schema finding is about its node alone; a semantic one may be about its whole
        // screen (a dead end, say): the node, or the screen, must be complete.
        let scope = match d.finding.rule.starts_with("schema/") {
            true => d.finding.pointer.as_str(),
            false => screen_of(&d.finding.pointer),
        };
        let incomplete = [scope, d.finding.pointer.as_str()].iter().any(|p| {
            spans
                .lookup(p)
                .is_none_or(|(n, _)| repair.touches(n.value.start, n.value.end))
        });
        if incomplete || repair.touches(d.span.start, d.span.end) {
            continue;
        }
        out.push(Located {
            start: repair.to_original(d.span.start),
            end: repair.to_original(d.span.end),
            // Its edits are of the repaired text, which is not the editor's.
            edits: None,
            related: d
                .related
                .into_iter()
                .filter(|r| !repair.touches(r.span.start, r.span.end))
                .map(|r| {
                    let (start, end) = (r.span.start, r.span.end);
                    (
                        r.message,
                        repair.to_original(start),
                        repair.to_original(end),
                    )
                })
                .collect(),
            finding: d.finding,
        });
    }
    out.sort_by_key(|l| (l.start, l.end));
    Ok((out, errors))
}

/// The pointer of the screen a pointer is in (`/screens/2` of `/screens/2/layout`), or the
/// pointer itself outside the screens.
fn screen_of(pointer: &str) -> &str {
    let Some(rest) = pointer.strip_prefix("/screens/") else {
        return pointer;
    };
    match rest.find('/') {
        Some(i) => &pointer[.."/screens/".len() + i],
        None => pointer,
    }
}

/// The LSP form of a located finding.
pub fn to_lsp(located: &Located, uri: &Uri, text: &Text, encoding: Encoding) -> Diagnostic {
    let f = &located.finding;
    let severity = match f.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let message = match &f.help {
        Some(help) => format!("{}\nhelp: {help}", f.message),
        None => f.message.clone(),
    };
    let related = located
        .related
        .iter()
        .map(|(message, start, end)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(*start, *end, encoding)),
            message: message.clone(),
        })
        .collect::<Vec<_>>();
    Diagnostic {
        range: text.range(located.start, located.end, encoding),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.code.to_string())),
        code_description: Uri::from_str(&rule_doc_url(&f.rule))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("waflow".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({ "rule": f.rule, "pointer": f.pointer })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screen_of_a_pointer() {
        assert_eq!(screen_of("/screens/12/layout/children/0"), "/screens/12");
        assert_eq!(screen_of("/screens/3"), "/screens/3");
        assert_eq!(screen_of("/routing_model/A"), "/routing_model/A");
    }

    #[test]
    fn rule_links_use_the_heading_anchor() {
        assert_eq!(
            rule_doc_url("routing/backward-route"),
            "https://github.com/waflow/waflow/blob/main/docs/rules.md#routingbackward-route"
        );
    }
}
