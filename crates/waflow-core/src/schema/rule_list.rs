//! The findings the schema layer can report, for the rule registry and `waflow rules`.

/// One kind of finding the schema layer reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaRuleInfo {
    /// Stable waflow rule id.
    pub id: &'static str,
    /// Meta's error code in the latest version, in general; the code of a particular failure is
    /// the one of the mapping table in `report/codes.rs`.
    pub code: &'static str,
    /// What the rule checks, in one sentence.
    pub summary: &'static str,
}

const fn rule(id: &'static str, code: &'static str, summary: &'static str) -> SchemaRuleInfo {
    SchemaRuleInfo { id, code, summary }
}

/// Unknown property.
pub const UNKNOWN_PROPERTY: SchemaRuleInfo = rule(
    "schema/unknown-property",
    "INVALID_PROPERTY_KEY",
    "An object has a key that its Flow JSON version does not define there.",
);
/// Property only allowed under a condition.
pub const CONDITIONAL_PROPERTY: SchemaRuleInfo = rule(
    "schema/conditional-property",
    "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
    "A key that is only allowed with another value, or not with another key (success on terminal screens, next with navigate, url with open_url, Footer center-caption without left/right captions).",
);
/// Missing required property.
pub const MISSING_PROPERTY: SchemaRuleInfo = rule(
    "schema/missing-property",
    "MISSING_REQUIRED_PROPERTY",
    "A required key is missing.",
);
/// Property depends on another.
pub const DEPENDENCIES: SchemaRuleInfo = rule(
    "schema/dependencies",
    "INVALID_DEPENDENCIES",
    "A key needs a companion key (Footer left/right captions, TextInput pattern and helper-text).",
);
/// Wrong JSON type.
pub const TYPE: SchemaRuleInfo = rule(
    "schema/type",
    "INVALID_PROPERTY_TYPE",
    "A value has the wrong JSON type.",
);
/// Value not in the allowed list.
pub const ENUM: SchemaRuleInfo = rule(
    "schema/enum",
    "INVALID_ENUM_VALUE",
    "A value is not one of the values allowed in this version.",
);
/// Value differs from the only allowed one.
pub const CONST: SchemaRuleInfo = rule(
    "schema/const",
    "INVALID_PROPERTY_VALUE",
    "A value differs from the only value allowed.",
);
/// Component type that does not exist in the version.
pub const UNKNOWN_COMPONENT: SchemaRuleInfo = rule(
    "schema/unknown-component",
    "INVALID_PROPERTY_VALUE",
    "A component type that does not exist, or not yet in the declared version.",
);
/// Component in a place it may not sit.
pub const MISPLACED_COMPONENT: SchemaRuleInfo = rule(
    "schema/misplaced-component",
    "INVALID_PROPERTY_VALUE",
    "A component where the version does not allow it (in a Form, If, Switch or the layout).",
);
/// Pattern mismatch.
pub const PATTERN: SchemaRuleInfo = rule(
    "schema/pattern",
    "PATTERN_MISMATCH",
    "A string does not have the required form (screen id, binding, date, colour, URL).",
);
/// Blank string.
pub const BLANK: SchemaRuleInfo = rule(
    "schema/blank-string",
    "PATTERN_MISMATCH",
    "A text property is empty or white space only (not allowed from 6.0; labels and titles from 5.0).",
);
/// Empty string.
pub const MIN_CHARS: SchemaRuleInfo = rule(
    "schema/min-chars",
    "MIN_CHARS_REQUIRED",
    "A string is shorter than allowed.",
);
/// Too few items.
pub const MIN_ITEMS: SchemaRuleInfo = rule(
    "schema/min-items",
    "MIN_ITEMS_REQUIRED",
    "An array has fewer items than allowed.",
);
/// Too many items.
pub const MAX_ITEMS: SchemaRuleInfo = rule(
    "schema/max-items",
    "MAX_ITEMS_REQUIRED",
    "An array has more items than allowed.",
);
/// Number too small.
pub const MINIMUM: SchemaRuleInfo = rule(
    "schema/minimum",
    "MINIMUM_VALUE_REQUIRED",
    "A number is below its minimum.",
);
/// Number too large.
pub const MAXIMUM: SchemaRuleInfo = rule(
    "schema/maximum",
    "MAXIMUM_VALUE_REQUIRED",
    "A number is above its maximum.",
);
/// `not` failed.
pub const NOT: SchemaRuleInfo = rule(
    "schema/not",
    "NOT_KEYWORD_SCHEMA_VALIDATION_FAILED",
    "A value has a form that is forbidden there (a component name that is a binding).",
);
/// Format failed.
pub const FORMAT: SchemaRuleInfo = rule(
    "schema/format",
    "INVALID_PROPERTY_VALUE_FORMAT",
    "A string does not have the declared format.",
);
/// Any other schema failure.
pub const OTHER: SchemaRuleInfo = rule(
    "schema/invalid-value",
    "INVALID_PROPERTY_VALUE",
    "A value the schema rejects for another reason.",
);
/// The built-in schema could not be loaded.
pub const INTERNAL: SchemaRuleInfo = rule(
    "schema/unavailable",
    "NO_SCHEMA_FOUND",
    "The built-in schema of the version could not be loaded (a waflow bug).",
);

/// Every rule of the schema layer.
pub const RULES: &[SchemaRuleInfo] = &[
    UNKNOWN_PROPERTY,
    CONDITIONAL_PROPERTY,
    MISSING_PROPERTY,
    DEPENDENCIES,
    TYPE,
    ENUM,
    CONST,
    UNKNOWN_COMPONENT,
    MISPLACED_COMPONENT,
    PATTERN,
    BLANK,
    MIN_CHARS,
    MIN_ITEMS,
    MAX_ITEMS,
    MINIMUM,
    MAXIMUM,
    NOT,
    FORMAT,
    OTHER,
    INTERNAL,
];
