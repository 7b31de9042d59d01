use rustc_hash::FxHashSet;

use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::rules::data_model::data_fields;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;

rule! {
    /// A field declared in a screen's data model should be read somewhere (`${data.x}` on that
    /// screen, or `${screen.S.data.x}`).
    ///
    /// ## Why
    ///
    /// An unused field is dead weight the endpoint or previous screen must still send (Meta
    /// requires every declared field in navigate payloads).
    ///
    /// ## Notes
    ///
    /// waflow's own check. Fields that a navigate action sends are reported at the sender by
    /// flow/unread-payload-field instead.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "data/unused-field",
            code: "WAFLOW_UNUSED_DATA_FIELD",
            severity: Severity::Warning,
            fail_example: fixture!("data/unused-field/fail.json"),
            pass_example: fixture!("data/unused-field/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.screens.iter().all(|s| s.data.is_none()) {
        return;
    }
    let reads = ctx.data_reads();
    let mut sent: FxHashSet<(usize, &str)> = FxHashSet::default();
    for a in &ctx.actions {
        let (Some(to), Some(payload)) = (ctx.target_of(a), a.payload) else {
            continue;
        };
        sent.extend(payload.keys().map(|k| (to, k.as_str())));
    }
    for screen in &ctx.screens {
        let Some(data) = screen.data else { continue };
        for (name, _) in data_fields(data).filter(|(_, schema)| schema.is_object()) {
            let key = (screen.pos, name.as_str());
            if reads.contains(&key) || sent.contains(&key) {
                continue;
            }
            sink.report(&RULE,
                pointer::push(&format!("{}/data", screen.pointer), name),
                format!("data field \"{name}\" of screen {} is never read", screen.label()),
            )
            .anchor(Anchor::Key)
            .help("use it with ${data.<name>}, or remove it from the data model (and from whatever sends it)");
        }
    }
}
