use crate::rules::engine::{Check, RuleInfo, fixture, rule};

rule! {
    /// Each component and slot accepts only some actions (e.g. `complete` only in a Footer,
    /// `open_url` only in EmbeddedLink and OptIn from 6.0, `update_data` only in select actions
    /// from 6.0).
    ///
    /// ## Why
    ///
    /// The phone only knows how to run these actions from those places; Meta rejects the others.
    ///
    /// ## Notes
    ///
    /// Only known action names are checked here; unknown names are schema errors. Allowed:
    /// on-click-action of Footer navigate/data_exchange/complete; EmbeddedLink and OptIn
    /// navigate/data_exchange (+open_url 6.0); NavigationList navigate/data_exchange.
    /// on-select-action of CheckboxGroup, RadioButtonsGroup, Dropdown data_exchange (+update_data
    /// 6.0), ChipsSelector data_exchange/update_data (7.1), DatePicker and CalendarPicker
    /// data_exchange, OptIn update_data (6.0). on-unselect-action update_data (6.0; ChipsSelector
    /// 7.1). Data-source item actions update_data (6.0). The docs phrase the `complete` case as
    /// "Action complete can only be specified on Footer".
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "actions/not-allowed-here",
            code: "INVALID_ENUM_VALUE",
            fail_example: fixture!("actions/not-allowed-here/fail.json"),
            pass_example: fixture!("actions/not-allowed-here/pass.json"),
            reported_by: Some("schema/enum"),
            ..RuleInfo::DEFAULT
        },
        check: Check::None,
    };
}
