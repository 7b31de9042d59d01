use crate::finding::Anchor;
use crate::fix::{Applicability, Edit, Fix};
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

use super::{model_entries, route_pointer, targets};

rule! {
    /// Every key and every route of the routing model must be the id of a screen.
    ///
    /// ## Why
    ///
    /// Meta rejects routes to or from screens that do not exist.
    ///
    /// ## Notes
    ///
    /// A bad key is underlined as a key, a bad route as a value.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "routing/unknown-screen",
            code: "INVALID_ROUTING_MODEL",
            fail_example: fixture!("routing/unknown-screen/fail.json"),
            pass_example: fixture!("routing/unknown-screen/pass.json"),
            fix: Some(Applicability::Unsafe),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for (key, list) in model_entries(ctx) {
        if ctx.position_of(key).is_none() {
            sink.report(
                &RULE,
                pointer::push("/routing_model", key),
                format!("the routing model has routes from \"{key}\", but no screen has that id"),
            )
            .anchor(Anchor::Key)
            .help("use the id of an existing screen, or remove the entry")
            .fix(removed(
                format!("remove the routes of the unknown screen \"{key}\""),
                pointer::push("/routing_model", key),
            ));
        }
        for (j, to) in targets(list) {
            if ctx.position_of(to).is_none() {
                sink.report(
                    &RULE,
                    route_pointer(key, j),
                    format!(
                        "the routing model routes {key} to \"{to}\", but no screen has that id"
                    ),
                )
                .help("use the id of an existing screen, or remove the route")
                .fix(removed(
                    format!("remove the route {key} → \"{to}\""),
                    route_pointer(key, j),
                ));
            }
        }
    }
}

/// The fix that removes the routing-model entry or route at `pointer`.
fn removed(title: String, pointer: String) -> Fix {
    Fix::unsafe_(title, vec![Edit::Remove { pointer }])
}
