use rustc_hash::FxHashSet;

use crate::finding::{Anchor, Related, Severity};
use crate::fix::{Applicability, Edit, Fix, json_string};
use crate::json::Object;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

use super::{has_navigation_list, mentioned, navigate_edges, targets};

rule! {
    /// Every navigate action A → B must be declared as a route A → B in the routing model.
    ///
    /// ## Why
    ///
    /// In an endpoint flow the routing model is the list of allowed transitions; Meta rejects
    /// navigate actions it does not declare.
    ///
    /// ## Notes
    ///
    /// Meta's builder checks an undirected map, so a declared B → A also satisfies it: waflow
    /// reports that case as a warning. Screens holding a NavigationList are exempt from 6.2, as in
    /// Meta's builder. Navigate actions from or to a non-terminal screen missing from the routing
    /// model are left to routing/missing-screen.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "routing/undeclared-navigate",
            code: "INVALID_ROUTING_MODEL",
            fail_example: fixture!("routing/undeclared-navigate/fail.json"),
            pass_example: fixture!("routing/undeclared-navigate/pass.json"),
            fix: Some(Applicability::Safe),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(model) = ctx.routing_model else {
        return;
    };
    let declared = |from: &str, to: &str| {
        model
            .get(from)
            .is_some_and(|list| targets(list).any(|(_, t)| t == to))
    };
    let seen = mentioned(model);
    let mut reported = FxHashSet::default();
    for (from, to, i) in navigate_edges(ctx) {
        let (Some(a), Some(b)) = (ctx.screens[from].id, ctx.screens[to].id) else {
            continue;
        };
        let unlisted = |pos: usize, id: &str| !ctx.screens[pos].terminal && !seen.contains(id);
        if declared(a, b)
            || has_navigation_list(ctx, from)
            || unlisted(from, a)
            || unlisted(to, b)
            || !reported.insert((from, to))
        {
            continue;
        }
        let action = &ctx.actions[i];
        let routes = pointer::push("/routing_model", a);
        let report = sink
            .report(
                &RULE,
                action.pointer_to("next/name"),
                format!(
                    "screen {a} navigates to {b}, but the routing model has no route {a} → {b}"
                ),
            )
            .help(format!(
                "add \"{b}\" to the routes of \"{a}\" in routing_model"
            ))
            .fix(route_added(model, a, b))
            .related(
                Related::new(routes, format!("the routes of {a} are declared here"))
                    .with_anchor(Anchor::Key),
            );
        if declared(b, a) {
            report.severity(Severity::Warning);
        }
    }
}

/// The fix that declares the route `from` → `to`: appended to the routes of `from`, or a new
/// entry for `from` when the routing model has none.
fn route_added(model: &Object, from: &str, to: &str) -> Option<Fix> {
    let edit = match model.get(from) {
        Some(routes) if routes.is_array() => Edit::Append {
            pointer: pointer::push("/routing_model", from),
            key: None,
            json: json_string(to),
        },
        Some(_) => return None,
        None => Edit::Append {
            pointer: "/routing_model".into(),
            key: Some(from.to_owned()),
            json: format!("[{}]", json_string(to)),
        },
    };
    Some(Fix::safe(
        format!("add the route {from} → {to} to routing_model"),
        vec![edit],
    ))
}
