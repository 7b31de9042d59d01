use serde_json::Value;

use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

use super::form_inputs;

rule! {
    /// A Form's `init-values` may not set a PhotoPicker or DocumentPicker.
    ///
    /// ## Why
    ///
    /// Media pickers cannot be pre-filled; Meta rejects the flow ("Property 'init-values' should
    /// not contain value for components: [PhotoPicker, DocumentPicker].").
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "forms/media-in-init-values",
            code: "NATIVE_COMPONENT_IN_FORM_INIT_VALUES",
            since: FlowVersion::V4_0,
            fail_example: fixture!("forms/media-in-init-values/fail.json"),
            pass_example: fixture!("forms/media-in-init-values/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for form in ctx.components.iter().filter(|c| c.kind == "Form") {
        let Some(values) = form.value.field("init-values").and_then(Value::as_object) else {
            continue;
        };
        let inputs = form_inputs(ctx, form);
        let base = pointer::push(&form.pointer, "init-values");
        for key in values.keys() {
            let Some(input) = inputs.get(key.as_str()) else {
                continue;
            };
            if input.is_media_picker() {
                sink.report(
                    &RULE,
                    pointer::push(&base, key),
                    format!(
                        "the {} '{key}' cannot be given an initial value",
                        input.kind
                    ),
                )
                .anchor(Anchor::Key)
                .help("remove the entry; the user always picks the files");
            }
        }
    }
}
