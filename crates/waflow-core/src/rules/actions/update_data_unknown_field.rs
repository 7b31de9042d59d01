use crate::finding::Anchor;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

use super::update_data_payloads;

rule! {
    /// Every key of an `update_data` payload must be a field of the current screen's data model.
    ///
    /// ## Why
    ///
    /// update_data changes the current screen's data; a key it does not declare has nowhere to go.
    ///
    /// ## Notes
    ///
    /// Meta's builder validator; not in the public error-code table.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/update-data-unknown-field",
            code: "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
            since: FlowVersion::V6_0,
            fail_example: fixture!("actions/update-data-unknown-field/fail.json"),
            pass_example: fixture!("actions/update-data-unknown-field/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for (action, payload) in update_data_payloads(ctx) {
        let screen = ctx.screen(action.screen);
        for key in payload.keys() {
            if screen.data.is_some_and(|d| key != "required" && d.has(key)) {
                continue;
            }
            let message = match screen.data {
                None => format!(
                    "update_data sets \"{key}\", but screen {} declares no data",
                    screen.label()
                ),
                Some(_) => format!(
                    "update_data sets \"{key}\", which the data of screen {} does not declare",
                    screen.label()
                ),
            };
            sink.report(&RULE, action.payload_pointer(key), message)
                .anchor(Anchor::Key)
                .help("declare the field in this screen's data (with type and __example__)");
        }
    }
}
