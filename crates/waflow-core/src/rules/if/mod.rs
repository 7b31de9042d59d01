//! The `if/…` rules: nesting depth, Footers in every branch, a non-empty `then`. Conditions are
//! parsed and typed with the other dynamic values, by the pass in `rules/bindings`. The Footer
//! helper here serves `switch/footer-cases` too.

pub(super) mod condition_syntax;
pub(super) mod condition_type;
pub(super) mod empty_then;
pub(super) mod footer_branches;
pub(super) mod footer_in_nested_if;
pub(super) mod nesting;

use rustc_hash::FxHashSet;

use crate::rules::props::branch_key;
use crate::rules::walker::Ctx;

/// The (If/Switch, branch) pairs that hold a Footer anywhere inside them.
pub(super) fn branches_with_footer<'a>(ctx: &Ctx<'a>) -> FxHashSet<(usize, &'a str)> {
    ctx.components
        .iter()
        .filter(|c| c.kind == "Footer")
        .flat_map(|c| {
            c.branches
                .iter()
                .map(|s| (s.component, branch_key(s.branch)))
        })
        .collect()
}
