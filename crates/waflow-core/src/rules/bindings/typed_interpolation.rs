use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::ANALYZE_PASS;

rule! {
    /// A property that takes a boolean, a number, an array or an object may not hold text with
    /// `${…}` inside, such as `"visible": "${data.note} != ''"`.
    ///
    /// ## Why
    ///
    /// Meta reads such a value as one dynamic expression whose result is a string, and rejects
    /// the flow because a string does not fit the property ("Error while parsing dynamic
    /// expression … return type is 'string'"). The schema does not catch it: from 4.0 its binding
    /// pattern only checks that the value starts with a well-formed `${…}`.
    ///
    /// ## Notes
    ///
    /// From 6.0 write the comparison as a backtick expression (`` `${data.note} != ''` ``);
    /// before, bind the property to one data field of its type. Which properties take which type
    /// comes from the schema spec. Meta's sample (a user's report of the builder) shows no error
    /// code; INVALID_PROPERTY_VALUE is the code of the other expression errors
    /// (expressions/syntax).
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/typed-interpolation",
            code: "INVALID_PROPERTY_VALUE",
            fail_example: fixture!("bindings/typed-interpolation/fail.json"),
            pass_example: fixture!("bindings/typed-interpolation/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}
