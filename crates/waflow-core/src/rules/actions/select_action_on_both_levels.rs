use rustc_hash::FxHashSet;

use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::{ActionSlot, Ctx};
use crate::version::FlowVersion;

rule! {
    /// `on-select-action` / `on-unselect-action` may be set on the component or on its data-source
    /// items, not both.
    ///
    /// ## Why
    ///
    /// The phone would not know which action to run; Meta's Flow Builder rejects the combination.
    ///
    /// ## Notes
    ///
    /// Meta's builder uses INVALID_UPDATE_DATA_ACTION_PAYLOAD for this, whatever the action.
    ///
    /// Only Meta's Flow Builder states this rule; no Meta document does, and no report shows
    /// Meta's server refusing a flow for it. Decision: a warning in the default (server)
    /// profile, an error in the builder profile; `push` and `publish` say when Meta's answer
    /// differs.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/select-action-on-both-levels",
            code: "INVALID_UPDATE_DATA_ACTION_PAYLOAD",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Builder,
            since: FlowVersion::V6_0,
            fail_example: fixture!("actions/select-action-on-both-levels/fail.json"),
            pass_example: fixture!("actions/select-action-on-both-levels/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let mut reported = FxHashSet::default();
    for action in ctx.actions.iter().filter(|a| a.item.is_some()) {
        if action.slot == ActionSlot::Click {
            continue;
        }
        let component = &ctx.components[action.component];
        if !component.value.has(action.slot.key())
            || !reported.insert((action.component, action.slot.key()))
        {
            continue;
        }
        sink.report(
            &RULE,
            pointer::push(&component.pointer, action.slot.key()),
            format!(
                "{} is set on this {} and on its data-source items; use one level",
                action.slot.key(),
                component.kind
            ),
        )
        .anchor(Anchor::Key)
        .help("keep the component-level action, or the item-level ones, not both");
    }
}
