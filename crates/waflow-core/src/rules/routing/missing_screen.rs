use crate::fix::{Applicability, Edit, Fix, json_string};
use crate::json::Object;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

use super::{mentioned, navigate_edges};

rule! {
    /// Every non-terminal screen must appear in the routing model, as a key or as a route.
    ///
    /// ## Why
    ///
    /// The endpoint can only send the user to screens the routing model knows; Meta rejects screens
    /// it leaves out.
    ///
    /// ## Notes
    ///
    /// Meta's builder exempts terminal screens from this check; an unlinked terminal screen is
    /// reported by routing/disconnected-screens instead.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "routing/missing-screen",
            code: "INVALID_ROUTING_MODEL",
            fail_example: fixture!("routing/missing-screen/fail.json"),
            pass_example: fixture!("routing/missing-screen/pass.json"),
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
    let seen = mentioned(model);
    for (pos, screen) in ctx.screens.iter().enumerate().filter(|(_, s)| !s.terminal) {
        let Some(id) = screen.id else { continue };
        if !seen.contains(id) {
            sink.report(&RULE,
                screen.id_pointer(),
                format!("screen {id} is missing from the routing model"),
            )
            .help(format!(
                "add \"{id}\": [<screens it leads to>] to routing_model, and list {id} among the routes of the screen before it"
            ))
            .fix(entry_added(ctx, model, pos, id));
        }
    }
}

/// The fix that puts the screen at `pos` in the routing model as its navigate actions use it: an
/// entry with the screens it leads to (none for a screen that only exchanges data: the
/// endpoint's screens are for the author to list), and the screen among the routes of each
/// screen in the model that navigates to it.
fn entry_added(ctx: &Ctx<'_>, model: &Object, pos: usize, id: &str) -> Fix {
    let mut routes: Vec<&str> = Vec::new();
    let mut edits = Vec::new();
    for (from, to, _) in navigate_edges(ctx) {
        let (Some(source), Some(target)) = (ctx.screens[from].id, ctx.screens[to].id) else {
            continue;
        };
        if from == pos && !routes.contains(&target) {
            routes.push(target);
        }
        let incoming = Edit::Append {
            pointer: pointer::push("/routing_model", source),
            key: None,
            json: json_string(id),
        };
        if to == pos
            && model.get(source).is_some_and(|r| r.is_array())
            && !edits.contains(&incoming)
        {
            edits.push(incoming);
        }
    }
    let list: Vec<String> = routes.iter().map(|r| json_string(r)).collect();
    let json = format!("[{}]", list.join(", "));
    let title = format!("add \"{id}\": {json} to routing_model");
    edits.push(Edit::Append {
        pointer: "/routing_model".into(),
        key: Some(id.to_owned()),
        json,
    });
    Fix::safe(title, edits)
}
