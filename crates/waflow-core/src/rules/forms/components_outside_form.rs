use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// When a screen has a Form, its input components must all be inside it.
    ///
    /// ## Why
    ///
    /// A screen either uses a Form for all its inputs or none (4.0+); Meta rejects a mix
    /// ("Component 'TextInput' is not allowed outside Form when Form component is present.").
    ///
    /// ## Notes
    ///
    /// Meta's list: TextInput, TextArea, CheckboxGroup, RadioButtonsGroup, OptIn, Dropdown,
    /// DatePicker, PhotoPicker, DocumentPicker. Before 4.0 every input must be inside a Form; the
    /// schema layer reports that (inputs are not allowed directly in a layout there).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "forms/components-outside-form",
            code: "COMPONENTS_OUTSIDE_FORM",
            since: FlowVersion::V4_0,
            fail_example: fixture!("forms/components-outside-form/fail.json"),
            pass_example: fixture!("forms/components-outside-form/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// The components Meta requires inside the Form when a screen has one (its builder's list).
const FORM_INPUTS: &[&str] = &[
    "TextInput",
    "TextArea",
    "CheckboxGroup",
    "RadioButtonsGroup",
    "OptIn",
    "Dropdown",
    "DatePicker",
    "PhotoPicker",
    "DocumentPicker",
];

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in ctx.screens.iter().filter(|s| s.has_form) {
        for c in ctx.components_of(screen) {
            if c.form.is_none() && FORM_INPUTS.contains(&c.kind) {
                sink.report(&RULE,
                    pointer::push(&c.pointer, "type"),
                    format!(
                        "the {} is outside the Form of screen '{}'; with a Form on the screen every input must be inside it",
                        c.kind,
                        screen.label()
                    ),
                )
                .help("move it into the Form's children, or remove the Form");
            }
        }
    }
}
