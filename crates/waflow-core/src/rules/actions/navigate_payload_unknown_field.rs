use crate::finding::{Anchor, Related};
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;

use super::navigations;

rule! {
    /// Every key of a navigate payload must be a field of the next screen's data model.
    ///
    /// ## Why
    ///
    /// The next screen only receives the fields it declares; Meta rejects the others.
    ///
    /// ## Notes
    ///
    /// When the next screen has no data model at all, Meta says so with the same code.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/navigate-payload-unknown-field",
            code: "INVALID_NAVIGATE_ACTION_PAYLOAD",
            fail_example: fixture!("actions/navigate-payload-unknown-field/fail.json"),
            pass_example: fixture!("actions/navigate-payload-unknown-field/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for (action, next) in navigations(ctx) {
        let Some(payload) = action.payload else {
            continue;
        };
        for key in payload.keys() {
            let declared = next.data.is_some_and(|d| key != "required" && d.has(key));
            if declared {
                continue;
            }
            let message = if next.data.is_none() {
                format!(
                    "payload field \"{key}\" is sent to screen {}, which declares no data",
                    next.label()
                )
            } else {
                format!(
                    "payload field \"{key}\" is not declared in the data of screen {}",
                    next.label()
                )
            };
            let (at, what) = match next.data {
                Some(_) => (
                    pointer::push(&next.pointer, "data"),
                    format!("screen {} declares its data here", next.label()),
                ),
                None => (
                    next.id_pointer(),
                    format!("screen {} declares no data", next.label()),
                ),
            };
            sink.report(&RULE, action.payload_pointer(key), message)
                .anchor(Anchor::Key)
                .related(Related::new(at, what).with_anchor(Anchor::Key))
                .help(format!(
                    "declare \"{key}\" in the data of {} (with type and __example__), or remove it from the payload",
                    next.label()
                ));
        }
    }
}
