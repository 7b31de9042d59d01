use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::ANALYZE_PASS;

rule! {
    /// A bound value (a `${…}` reference or a backtick expression) must have the type the property
    /// takes: boolean for `visible`, string for `text`, array for `data-source`, number for
    /// `max-chars`, …
    ///
    /// ## Why
    ///
    /// Meta checks the declared type of the data field (or the input's value type) against the
    /// property ("Expected '…' to be of type 'string'.", "The expression return type is 'string'
    /// which does not match the schema for the property.").
    ///
    /// ## Notes
    ///
    /// `integer` fields count as numbers. A TextInput with `input-type: number` gives a number,
    /// CheckboxGroup and ChipsSelector an array, OptIn a boolean, a CalendarPicker in range mode an
    /// object, other inputs a string. Item schemas of bound arrays are not checked yet.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/type-mismatch",
            code: "INVALID_SCREEN_DYNAMIC_DATA",
            fail_example: fixture!("bindings/type-mismatch/fail.json"),
            pass_example: fixture!("bindings/type-mismatch/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
