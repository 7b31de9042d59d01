use crate::finding::Anchor;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

rule! {
    /// A flow with `data_api_version` must declare a `routing_model`.
    ///
    /// ## Why
    ///
    /// Endpoint flows are routed by the routing model; Meta refuses `data_api_version` without one.
    ///
    /// ## Notes
    ///
    /// A one-screen flow can use `{"ONLY": []}`.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "endpoint/data-api-version-needs-routing-model",
            code: "MISSING_REQUIRED_PROPERTY",
            fail_example: fixture!("endpoint/data-api-version-needs-routing-model/fail.json"),
            pass_example: fixture!("endpoint/data-api-version-needs-routing-model/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.has_endpoint() && ctx.root.is_some() && !ctx.declares_routing_model() {
        sink.report(
            &RULE,
            "/data_api_version",
            "the flow declares \"data_api_version\" but no \"routing_model\"",
        )
        .anchor(Anchor::Key)
        .help("add a \"routing_model\" listing, for each screen id, the screens it may go to next");
    }
}
