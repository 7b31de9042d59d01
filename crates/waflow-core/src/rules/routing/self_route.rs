use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

use super::{model_entries, route_pointer, targets};

rule! {
    /// A screen may not route to itself.
    ///
    /// ## Why
    ///
    /// A route is a way forward; the same screen is not one (Meta reports a loop).
    ///
    /// ## Notes
    ///
    /// Meta points at the key; waflow underlines the offending route.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "routing/self-route",
            code: "INVALID_ROUTING_MODEL",
            fail_example: fixture!("routing/self-route/fail.json"),
            pass_example: fixture!("routing/self-route/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for (key, list) in model_entries(ctx) {
        for (j, to) in targets(list) {
            if to == key {
                sink.report(
                    &RULE,
                    route_pointer(key, j),
                    format!("screen {key} routes to itself"),
                )
                .help(format!("remove \"{key}\" from its own routes"));
            }
        }
    }
}
