use rustc_hash::FxHashMap;

use crate::finding::Related;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::{Component, Ctx};

rule! {
    /// Component names must be unique on a screen, across every If/Switch branch and the Form's
    /// children (the Form's own name aside).
    ///
    /// ## Why
    ///
    /// `${form.x}`, `init-values` and `sensitive` name components; Meta rejects a screen where a
    /// name is used twice ("Duplicate name found for Form components"), even in branches that are
    /// never shown together.
    ///
    /// ## Notes
    ///
    /// Meta's builder counts every branch of If and Switch, so mutually exclusive branches may not
    /// reuse a name either. Reported at every occurrence after the first.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "forms/duplicate-name",
            code: "DUPLICATE_FORM_COMPONENT_NAMES",
            fail_example: fixture!("forms/duplicate-name/fail.json"),
            pass_example: fixture!("forms/duplicate-name/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for screen in &ctx.screens {
        let mut seen: FxHashMap<&str, &Component<'_>> = FxHashMap::default();
        for c in ctx.components_of(screen) {
            let Some(name) = c.name.filter(|_| c.kind != "Form") else {
                continue;
            };
            match seen.get(name) {
                None => {
                    seen.insert(name, c);
                }
                Some(first) => {
                    sink.report(&RULE,
                        pointer::push(&c.pointer, "name"),
                        format!(
                            "the name '{name}' is already used on screen '{}' by the {} at {}",
                            screen.label(),
                            first.kind,
                            first.pointer
                        ),
                    )
                    .help("give every component of the screen its own name, also in other If/Switch branches")
                    .related(Related::new(
                        pointer::push(&first.pointer, "name"),
                        "the name is first used here",
                    ));
                }
            }
        }
    }
}
