use crate::expr::scan::whole_binding;
use crate::finding::Severity;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

use super::update_data_payloads;

rule! {
    /// `update_data` may not set a field to its own value (`"k": "${data.k}"`).
    ///
    /// ## Why
    ///
    /// The update changes nothing; Meta's Flow Builder rejects it as redundant.
    ///
    /// ## Notes
    ///
    /// Only Meta's Flow Builder states this rule; no Meta document does, and no report shows
    /// Meta's server refusing a flow for it. Decision: a warning in the default (server)
    /// profile, an error in the builder profile; `push` and `publish` say when Meta's answer
    /// differs.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/update-data-self",
            code: "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Builder,
            since: FlowVersion::V6_0,
            fail_example: fixture!("actions/update-data-self/fail.json"),
            pass_example: fixture!("actions/update-data-self/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for (action, payload) in update_data_payloads(ctx) {
        for (key, value) in payload {
            let Some(r) = value.as_str().and_then(whole_binding) else {
                continue;
            };
            if r.screen.is_none() && !r.form && r.path == [key.as_str()] {
                sink.report(
                    &RULE,
                    action.payload_pointer(key),
                    format!("update_data sets \"{key}\" to its own value"),
                )
                .help("remove this entry; it changes nothing");
            }
        }
    }
}
