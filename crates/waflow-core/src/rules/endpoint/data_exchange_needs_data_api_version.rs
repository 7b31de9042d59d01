use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

rule! {
    /// A flow that uses a `data_exchange` action must declare `data_api_version`.
    ///
    /// ## Why
    ///
    /// `data_exchange` calls your endpoint; without `data_api_version` Meta treats the flow as
    /// endpoint-less and rejects the action.
    ///
    /// ## Notes
    ///
    /// Reported at the `name` of every `data_exchange` action (on-click and on-select).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "endpoint/data-exchange-needs-data-api-version",
            code: "MISSING_REQUIRED_PROPERTY",
            fail_example: fixture!("endpoint/data-exchange-needs-data-api-version/fail.json"),
            pass_example: fixture!("endpoint/data-exchange-needs-data-api-version/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.has_endpoint() {
        return;
    }
    for action in ctx
        .actions
        .iter()
        .filter(|a| a.name == Some("data_exchange"))
    {
        sink.report(&RULE,
            action.pointer_to("name"),
            "data_exchange calls an endpoint, but the flow declares no \"data_api_version\"",
        )
        .help("add \"data_api_version\": \"3.0\" and a \"routing_model\" at the top level, or use navigate/complete instead");
    }
}
