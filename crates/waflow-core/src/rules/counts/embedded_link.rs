use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen has at most two EmbeddedLinks.
    ///
    /// ## Why
    ///
    /// Meta rejects a third link ("Maximum number of EmbeddedLink allowed per screen is 2 but found
    /// 3.").
    ///
    /// ## Notes
    ///
    /// Meta's builder emits COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN for the same check.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/embedded-link",
            code: "MAX_EMBEDDED_LINK_PER_SCREEN",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"EmbeddedLink","text":"One","on-click-action":{"name":"open_url","url":"https://example.com/1"}},{"type":"EmbeddedLink","text":"Two","on-click-action":{"name":"open_url","url":"https://example.com/2"}},{"type":"EmbeddedLink","text":"Three","on-click-action":{"name":"open_url","url":"https://example.com/3"}},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"EmbeddedLink","text":"One","on-click-action":{"name":"open_url","url":"https://example.com/1"}},{"type":"EmbeddedLink","text":"Two","on-click-action":{"name":"open_url","url":"https://example.com/2"}},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
