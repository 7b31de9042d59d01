use rustc_hash::FxHashMap;

use crate::finding::Related;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::{Ctx, Screen};

rule! {
    /// Screen ids must be unique.
    ///
    /// ## Why
    ///
    /// Routing, navigate actions and global references name screens by id; Meta rejects a flow
    /// where an id is ambiguous.
    ///
    /// ## Notes
    ///
    /// Meta points at every duplicate's `id`; waflow reports every occurrence after the first.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "screens/duplicate-id",
            code: "DUPLICATE_SCREEN_IDS",
            fail_example: fixture!("screens/duplicate-id/fail.json"),
            pass_example: fixture!("screens/duplicate-id/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let mut first: FxHashMap<&str, &Screen<'_>> = FxHashMap::default();
    for screen in &ctx.screens {
        let Some(id) = screen.id else { continue };
        match first.get(id) {
            None => {
                first.insert(id, screen);
            }
            Some(at) => {
                sink.report(
                    &RULE,
                    screen.id_pointer(),
                    format!(
                        "screen id \"{id}\" is already used by screens[{}]",
                        at.index
                    ),
                )
                .help("give every screen its own id")
                .related(Related::new(
                    at.id_pointer(),
                    "the screen id is first used here",
                ));
            }
        }
    }
}
