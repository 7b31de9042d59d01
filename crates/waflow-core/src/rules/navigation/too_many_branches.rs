use rustc_hash::{FxHashMap, FxHashSet};

use crate::finding::Anchor;
use crate::rules::engine::{Check, RuleInfo, Sink, rule};
use crate::rules::routing::{
    MAX_BRANCHES, has_navigation_list, navigate_edges, navigation_applies,
};
use crate::rules::walker::Ctx;

rule! {
    /// Without a routing model, a screen may navigate to at most 10 different screens.
    ///
    /// ## Why
    ///
    /// Meta limits the branches per screen to 10, also in the routing model it generates.
    ///
    /// ## Notes
    ///
    /// Screens holding a NavigationList (6.2+) are not counted: a list may have up to 20 items, and
    /// Meta generates the routes of such screens itself.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "navigation/too-many-branches",
            code: "INVALID_ROUTING_MODEL",
            fail_example: "(a screen with navigate actions to 11 different screens, e.g. through a NavigationList)",
            pass_example: "(at most 10 distinct navigate targets per screen)",
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !navigation_applies(ctx) {
        return;
    }
    let mut per_screen: FxHashMap<usize, FxHashSet<usize>> = FxHashMap::default();
    for (from, to, _) in navigate_edges(ctx) {
        per_screen.entry(from).or_default().insert(to);
    }
    for screen in ctx
        .screens
        .iter()
        .filter(|s| !has_navigation_list(ctx, s.pos))
    {
        let count = per_screen.get(&screen.pos).map_or(0, FxHashSet::len);
        if count > MAX_BRANCHES {
            sink.report(&RULE,
                screen.pointer.clone(),
                format!(
                    "screen {} navigates to {count} different screens; Meta allows at most {MAX_BRANCHES}",
                    screen.label()
                ),
            )
            .anchor(Anchor::Key)
            .help("split the choice over two screens");
        }
    }
}
