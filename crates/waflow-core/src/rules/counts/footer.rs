use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen has at most one Footer; a Footer in an If branch and one outside it make two.
    ///
    /// ## Why
    ///
    /// The Footer is the screen's single call to action; Meta rejects a second one ("Maximum number
    /// of Footer component allowed per screen is 1.").
    ///
    /// ## Notes
    ///
    /// Meta's docs name the code MAX_FOOTER_PER_SCREEN for Footers side by side
    /// (fixtures/conformance/two-footers.json) and MORE_THAN_ONE_FOOTER when the count looks into
    /// If or Switch branches (fixtures/conformance/footer-inside-and-outside-switch.json); waflow
    /// reports each so. Its builder emits COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN. If branches and
    /// Switch cases are alternatives: a Footer in each branch counts once.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/footer",
            code: "MAX_FOOTER_PER_SCREEN",
            fail_example: fixture!("counts/footer/fail.json"),
            pass_example: fixture!("counts/footer/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
