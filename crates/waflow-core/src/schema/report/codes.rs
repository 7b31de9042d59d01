//! Meta's error code for each shape of schema failure. JSON Schema names a failure by the keyword
//! that failed (`type`, `enum`, `minItems`…); Meta names it by what is wrong (an unknown
//! component, a malformed data model, an empty If branch). This table is the one place that says
//! which code each shape gets, per version where Meta differs, and which of Meta's documented
//! samples decides it (the samples are the fixtures of `fixtures/conformance/`).

use crate::schema::rule_list::{
    BLANK, CONDITIONAL_PROPERTY, CONST, DEPENDENCIES, ENUM, FORMAT, INTERNAL, MAX_ITEMS, MAXIMUM,
    MIN_CHARS, MIN_ITEMS, MINIMUM, MISPLACED_COMPONENT, MISSING_PROPERTY, NOT, OTHER, PATTERN,
    SchemaRuleInfo, TYPE, UNKNOWN_COMPONENT, UNKNOWN_PROPERTY,
};
use crate::version::FlowVersion;

/// The shape of a schema failure, as far as Meta's code depends on it; the rule that reports it
/// stays the one of the failed keyword, so rule ids are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// What the rule's keyword says, nothing more specific.
    Plain,
    /// A component without `type`.
    ComponentType,
    /// A screen data model field that is malformed: no `type`, a `type` that is not one of the
    /// type names, a field that is not an object.
    DataModel,
    /// Neither a boolean nor a binding where a boolean or a binding is allowed.
    BooleanOrBinding,
    /// Neither a value of the expected (non-boolean) type nor a binding.
    ValueOrBinding,
    /// A screen `layout` that is not an object.
    Layout,
    /// A string that must be a URL and is not.
    Url,
    /// An If whose `then` is empty.
    EmptyThen,
}

/// One row of the table: from `since` on (until the next row of the same rule and shape),
/// `rule` reports `shape` with `code`; `sample` names the fixtures of Meta's samples that decide
/// it.
struct Row {
    rule: SchemaRuleInfo,
    shape: Shape,
    since: FlowVersion,
    code: &'static str,
    sample: &'static str,
}

const fn row(rule: SchemaRuleInfo, shape: Shape, code: &'static str, sample: &'static str) -> Row {
    Row {
        rule,
        shape,
        since: FlowVersion::V2_1,
        code,
        sample,
    }
}

const fn from(since: FlowVersion, r: Row) -> Row {
    Row { since, ..r }
}

use Shape::{
    BooleanOrBinding, ComponentType, DataModel, EmptyThen, Layout, Plain, Url, ValueOrBinding,
};

/// The table, rows of one rule and shape in version order.
const TABLE: &[Row] = &[
    row(
        UNKNOWN_PROPERTY,
        Plain,
        "INVALID_PROPERTY_KEY",
        "schema-unknown-top-level-property, schema-unknown-component-property, schema-data-channel-uri-removed",
    ),
    row(
        CONDITIONAL_PROPERTY,
        Plain,
        "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
        "schema-footer-captions-exclusive, schema-success-on-non-terminal",
    ),
    row(
        MISSING_PROPERTY,
        Plain,
        "MISSING_REQUIRED_PROPERTY",
        "data-field-without-type (its missing __example__)",
    ),
    row(
        MISSING_PROPERTY,
        ComponentType,
        "MISSING_REQUIRED_TYPE_PROPERTY",
        "schema-component-without-type",
    ),
    row(
        MISSING_PROPERTY,
        DataModel,
        "INVALID_SCREEN_DATA",
        "data-field-without-type",
    ),
    row(
        DEPENDENCIES,
        Plain,
        "INVALID_DEPENDENCIES",
        "schema-footer-caption-dependency",
    ),
    row(TYPE, Plain, "INVALID_PROPERTY_TYPE", ""),
    row(
        TYPE,
        BooleanOrBinding,
        "INVALID_PROPERTY_TYPE",
        "schema-boolean-given-text",
    ),
    row(
        TYPE,
        ValueOrBinding,
        "PATTERN_MISMATCH",
        "schema-number-given-boolean",
    ),
    row(
        TYPE,
        Layout,
        "INVALID_PROPERTY_VALUE",
        "schema-layout-not-an-object",
    ),
    row(
        TYPE,
        DataModel,
        "INVALID_SCREEN_DATA",
        "data-type-not-a-string (a malformed data model)",
    ),
    row(
        ENUM,
        Plain,
        "INVALID_ENUM_VALUE",
        "schema-action-not-allowed",
    ),
    row(
        ENUM,
        DataModel,
        "INVALID_SCREEN_DATA",
        "data-type-not-a-string",
    ),
    row(CONST, Plain, "INVALID_PROPERTY_VALUE", ""),
    row(
        UNKNOWN_COMPONENT,
        Plain,
        "INVALID_PROPERTY_VALUE",
        "schema-unknown-component-type",
    ),
    row(
        MISPLACED_COMPONENT,
        Plain,
        "KEYWORD_ONE_OF",
        "schema-input-outside-form-before-4-0",
    ),
    from(
        FlowVersion::V4_0,
        row(
            MISPLACED_COMPONENT,
            Plain,
            "INVALID_PROPERTY_VALUE",
            "schema-unknown-component-type, the same failure of a component's type",
        ),
    ),
    row(
        PATTERN,
        Plain,
        "PATTERN_MISMATCH",
        "schema-screen-id-pattern, schema-colour-pattern",
    ),
    row(
        PATTERN,
        ValueOrBinding,
        "PATTERN_MISMATCH",
        "schema-number-given-text, schema-number-given-text-before-4-0",
    ),
    row(
        PATTERN,
        BooleanOrBinding,
        "INVALID_PROPERTY_TYPE",
        "schema-boolean-given-text",
    ),
    row(
        PATTERN,
        Url,
        "INVALID_PROPERTY_VALUE_FORMAT",
        "schema-data-channel-uri-format",
    ),
    row(BLANK, Plain, "PATTERN_MISMATCH", "schema-blank-text"),
    row(
        MIN_CHARS,
        Plain,
        "MIN_CHARS_REQUIRED",
        "schema-empty-screen-id",
    ),
    row(MIN_ITEMS, Plain, "MIN_ITEMS_REQUIRED", "schema-no-screens"),
    row(
        MIN_ITEMS,
        EmptyThen,
        "INVALID_PROPERTY_VALUE",
        "if-empty-then",
    ),
    row(MAX_ITEMS, Plain, "MAX_ITEMS_REQUIRED", ""),
    row(
        MINIMUM,
        Plain,
        "MINIMUM_VALUE_REQUIRED",
        "picker-upload-range",
    ),
    row(
        MAXIMUM,
        Plain,
        "MAXIMUM_VALUE_REQUIRED",
        "picker-upload-range",
    ),
    row(NOT, Plain, "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED", ""),
    row(
        FORMAT,
        Plain,
        "INVALID_PROPERTY_VALUE_FORMAT",
        "schema-data-channel-uri-format",
    ),
    row(OTHER, Plain, "INVALID_PROPERTY_VALUE", ""),
    row(INTERNAL, Plain, "NO_SCHEMA_FOUND", ""),
];

/// Meta's code for `shape` reported by `rule` in `version` (the rule's listed code when the
/// table has no row for it).
pub fn code(rule: SchemaRuleInfo, shape: Shape, version: FlowVersion) -> &'static str {
    TABLE
        .iter()
        .rfind(|r| r.rule.id == rule.id && r.shape == shape && r.since <= version)
        .map_or(rule.code, |r| r.code)
}

/// The codes a schema rule reports, with their versions and the deciding samples, in words: the
/// `## Notes` of the rule's documentation. Empty for a rule with one code and no sample.
pub fn notes(rule_id: &str) -> String {
    let rows: Vec<&Row> = TABLE.iter().filter(|r| r.rule.id == rule_id).collect();
    if rows.len() < 2 && rows.iter().all(|r| r.sample.is_empty()) {
        return String::new();
    }
    let mut shapes: Vec<Shape> = Vec::new();
    for r in &rows {
        if !shapes.contains(&r.shape) {
            shapes.push(r.shape);
        }
    }
    let parts: Vec<String> = shapes
        .iter()
        .map(|&shape| {
            let of_shape: Vec<&&Row> = rows.iter().filter(|r| r.shape == shape).collect();
            let codes: Vec<String> = of_shape
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let versions = match (i, of_shape.get(i + 1)) {
                        (0, None) => String::new(),
                        (0, Some(next)) => format!(" before Flow JSON {}", next.since),
                        (_, _) => format!(" from {}", r.since),
                    };
                    let sample = if r.sample.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", r.sample)
                    };
                    format!("{}{versions}{sample}", r.code)
                })
                .collect();
            format!("{}, {}", words(shape), codes.join(" and "))
        })
        .collect();
    format!(
        "Meta's code by what failed, as the samples in fixtures/conformance/ decide it: {}.",
        parts.join("; ")
    )
}

/// The shape in a few words, for [`notes`].
fn words(shape: Shape) -> &'static str {
    match shape {
        Plain => "in general",
        ComponentType => "a component without \"type\"",
        DataModel => "a malformed screen data model field",
        BooleanOrBinding => "neither a boolean nor a binding",
        ValueOrBinding => "neither a value of the (non-boolean) type nor a binding",
        Layout => "a layout that is not an object",
        Url => "a value that must be a URL",
        EmptyThen => "an If with an empty \"then\"",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rules_listed_code_is_its_plain_code() {
        for rule in crate::schema::RULES {
            assert_eq!(
                code(*rule, Plain, FlowVersion::LATEST),
                rule.code,
                "{} lists another code than the table gives it",
                rule.id
            );
        }
    }

    #[test]
    fn placement_before_4_0_is_keyword_one_of() {
        assert_eq!(
            code(MISPLACED_COMPONENT, Plain, FlowVersion::V3_1),
            "KEYWORD_ONE_OF"
        );
        assert_eq!(
            code(MISPLACED_COMPONENT, Plain, FlowVersion::V4_0),
            "INVALID_PROPERTY_VALUE"
        );
        assert!(
            notes(MISPLACED_COMPONENT.id)
                .contains("in general, KEYWORD_ONE_OF before Flow JSON 4.0")
        );
    }
}
