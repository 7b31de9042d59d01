use rustc_hash::FxHashSet;

use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

use super::{MAX_BRANCHES, model_entries, targets};

rule! {
    /// A screen may have at most 10 routes in the routing model.
    ///
    /// ## Why
    ///
    /// Meta limits the branches per screen to 10.
    ///
    /// ## Notes
    ///
    /// Distinct routes are counted.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "routing/too-many-branches",
            code: "INVALID_ROUTING_MODEL",
            fail_example: fixture!("routing/too-many-branches/fail.json"),
            pass_example: fixture!("routing/too-many-branches/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for (key, list) in model_entries(ctx) {
        let distinct: FxHashSet<&str> = targets(list).map(|(_, t)| t).collect();
        if distinct.len() > MAX_BRANCHES {
            sink.report(&RULE,
                pointer::push("/routing_model", key),
                format!(
                    "screen {key} has {} routes; Meta allows at most {MAX_BRANCHES}",
                    distinct.len()
                ),
            )
            .anchor(Anchor::Key)
            .help("split the choice over two screens, or let one screen show the options with dynamic data");
        }
    }
}
