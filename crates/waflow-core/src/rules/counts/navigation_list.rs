use crate::rules::engine::{Check, RuleInfo, rule};
use crate::version::FlowVersion;

use super::PER_TYPE_COUNTS_PASS;

rule! {
    /// A screen has at most two NavigationLists.
    ///
    /// ## Why
    ///
    /// Meta rejects a third list ("Maximum number of NavigationList allowed per screen is 2 but
    /// found 3.").
    ///
    /// ## Notes
    ///
    /// Counted through Forms; the branches of an If, and the cases of a Switch, are alternatives:
    /// the larger count counts. Reported at the components past the limit.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "counts/navigation-list",
            code: "COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN",
            since: FlowVersion::V6_2,
            fail_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"a","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}},{"type":"NavigationList","name":"b","list-items":[{"id":"2","main-content":{"title":"Two"}}],"on-click-action":{"name":"data_exchange","payload":{}}},{"type":"NavigationList","name":"c","list-items":[{"id":"3","main-content":{"title":"Three"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"NavigationList","name":"a","list-items":[{"id":"1","main-content":{"title":"One"}}],"on-click-action":{"name":"data_exchange","payload":{}}},{"type":"NavigationList","name":"b","list-items":[{"id":"2","main-content":{"title":"Two"}}],"on-click-action":{"name":"data_exchange","payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
