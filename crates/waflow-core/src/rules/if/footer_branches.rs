use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::props::branch_key;
use crate::rules::walker::{Branch, Ctx};
use crate::version::FlowVersion;

use super::branches_with_footer;

rule! {
    /// A Footer in one branch of an If needs a Footer in the other, so `else` must exist.
    ///
    /// ## Why
    ///
    /// The screen must keep its call to action whichever branch shows; Meta rejects a Footer in
    /// only one branch ("Footer component must be present in all branches of 'If' component if it
    /// exists in any one branch.").
    ///
    /// ## Notes
    ///
    /// Reported at the branch without a Footer (at the If when `else` is missing). A Footer in an
    /// If plus one outside it is counts/footer.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "if/footer-branches",
            code: "MISSING_FOOTER_IN_IF_ELSE_BRANCHES",
            since: FlowVersion::V4_0,
            fail_example: fixture!("if/footer-branches/fail.json"),
            pass_example: fixture!("if/footer-branches/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    let with_footer = branches_with_footer(ctx);
    for c in ctx.components.iter().filter(|c| c.kind == "If") {
        let then = with_footer.contains(&(c.index, branch_key(Branch::Then)));
        let other = with_footer.contains(&(c.index, branch_key(Branch::Else)));
        if then == other {
            continue;
        }
        let has_else = c.value.field("else").is_some();
        let (branch, message) = match (then, has_else) {
            (true, false) => (
                "then",
                "this If has a Footer in `then` but no `else` branch",
            ),
            (true, true) => (
                "else",
                "the `else` branch has no Footer, but the `then` branch has one",
            ),
            (false, _) => (
                "then",
                "the `then` branch has no Footer, but the `else` branch has one",
            ),
        };
        // An If without `then` (its `else` has the Footer) is reported on the If itself.
        let (at, message) = match c.value.has(branch) {
            true => (pointer::push(&c.pointer, branch), message),
            false => (
                c.pointer.clone(),
                "this If has no `then` branch, but the `else` branch has a Footer",
            ),
        };
        sink.report(&RULE, at, message)
            .anchor(Anchor::Key)
            .help(if has_else {
                "give both branches a Footer"
            } else {
                "add an `else` branch with its own Footer"
            });
    }
}
