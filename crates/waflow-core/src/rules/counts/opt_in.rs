use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen has at most five OptIns.
    ///
    /// ## Why
    ///
    /// Meta rejects a sixth OptIn ("Maximum number of OptIn allowed per screen is 5 but found 6.").
    ///
    /// ## Notes
    ///
    /// Meta's builder emits COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN for the same check.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/opt-in",
            code: "MAX_OPT_IN_PER_SCREEN",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"OptIn","name":"a","label":"A"},{"type":"OptIn","name":"b","label":"B"},{"type":"OptIn","name":"c","label":"C"},{"type":"OptIn","name":"d","label":"D"},{"type":"OptIn","name":"e","label":"E"},{"type":"OptIn","name":"f","label":"F"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"OptIn","name":"a","label":"A"},{"type":"OptIn","name":"b","label":"B"},{"type":"OptIn","name":"c","label":"C"},{"type":"OptIn","name":"d","label":"D"},{"type":"OptIn","name":"e","label":"E"},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
