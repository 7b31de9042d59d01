use serde_json::Value;

use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

rule! {
    /// `refresh_on_back: true` needs `data_api_version`.
    ///
    /// ## Why
    ///
    /// Refreshing on back sends a BACK request to the endpoint; a flow without an endpoint cannot
    /// do that.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "endpoint/refresh-on-back-without-endpoint",
            code: "INVALID_PROPERTY_VALUE",
            fail_example: fixture!("endpoint/refresh-on-back-without-endpoint/fail.json"),
            pass_example: fixture!("endpoint/refresh-on-back-without-endpoint/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.has_endpoint() {
        return;
    }
    for screen in &ctx.screens {
        if screen.value.field("refresh_on_back") == Some(&Value::Bool(true)) {
            sink.report(&RULE,
                format!("{}/refresh_on_back", screen.pointer),
                format!(
                    "screen {} asks to refresh on back, but the flow has no endpoint (\"data_api_version\")",
                    screen.label()
                ),
            )
            .help("remove \"refresh_on_back\", or declare \"data_api_version\" and handle the BACK request in your endpoint");
        }
    }
}
