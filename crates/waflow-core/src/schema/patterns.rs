//! The regular expressions the schemas use, per version. All are plain ECMA-262 expressions
//! without look-around, so editors can evaluate them too.

use crate::version::FlowVersion;

/// A string with at least one character that is not white space (Meta's "non-blank" rule).
pub const NON_BLANK: &str = r"\S";

/// A `#RRGGBB` colour.
pub const COLOR: &str = "^#[A-Fa-f0-9]{6}$";

/// Something that starts like a binding or an expression (component names may not).
pub const DYNAMIC_START: &str = r"^\s*(\$\{|`)";

const BINDING_DATA_ONLY: &str = r"^\$\{data\..+\}$";
const BINDING_GLOBAL: &str = r"^\$\{(screen\.([a-zA-Z,_]*)\.)?(data|form)(\.[\w-]+)+\}";
const BINDING_OR_EXPRESSION: &str =
    r"^\$\{(screen\.([a-zA-Z,_]*)\.)?(data|form)(\.[\w-]+)+\}|^`[\s\S]+`$";

const SCREEN_ID_BEFORE_7: &str = "^[a-zA-Z,_]+$";
const SCREEN_ID_FROM_7: &str = "^[a-zA-Z_]*[a-zA-Z][a-zA-Z_]*$";

const DATE_MILLIS: &str = r"^\d+$";
const DATE_ISO: &str = r"^\d{4}-\d{2}-\d{2}$";

const URL_OR_DYNAMIC: &str = r"^(https?://\S+|\$\{[^}]+\}|`[\s\S]+`)$";

/// A dynamic value in `version`: a `${data.…}` binding (up to 3.1), also `${form.…}` and
/// `${screen.ID.…}` (from 4.0), also a backtick expression (from 6.0).
pub fn binding(version: FlowVersion) -> &'static str {
    if version >= FlowVersion::V6_0 {
        BINDING_OR_EXPRESSION
    } else if version >= FlowVersion::V4_0 {
        BINDING_GLOBAL
    } else {
        BINDING_DATA_ONLY
    }
}

/// Whether `pattern` is one of the binding patterns.
pub fn is_binding(pattern: &str) -> bool {
    [BINDING_DATA_ONLY, BINDING_GLOBAL, BINDING_OR_EXPRESSION].contains(&pattern)
}

/// A screen id in `version`: letters and underscores (before 7.0 Meta's pattern also lets
/// commas through; from 7.0 an id may not be underscores only).
pub fn screen_id(version: FlowVersion) -> &'static str {
    if version >= FlowVersion::V7_0 {
        SCREEN_ID_FROM_7
    } else {
        SCREEN_ID_BEFORE_7
    }
}

/// Whether `pattern` is one of the screen-id patterns.
pub fn is_screen_id(pattern: &str) -> bool {
    pattern == SCREEN_ID_BEFORE_7 || pattern == SCREEN_ID_FROM_7
}

/// The literal date format of `version`: milliseconds since the epoch before 5.0, `YYYY-MM-DD`
/// from 5.0.
pub fn date(version: FlowVersion) -> &'static str {
    if version >= FlowVersion::V5_0 {
        DATE_ISO
    } else {
        DATE_MILLIS
    }
}

/// A date in `version`, or a dynamic value.
pub fn date_or_binding(version: FlowVersion) -> String {
    format!("{}|{}", date(version), binding(version))
}

/// How a date of `version` is written, for messages.
pub fn date_words(version: FlowVersion) -> &'static str {
    if version >= FlowVersion::V5_0 {
        "a date written as YYYY-MM-DD"
    } else {
        "a date written as milliseconds since 1970 (digits only)"
    }
}

/// An http(s) URL or a dynamic value.
pub fn url() -> &'static str {
    URL_OR_DYNAMIC
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonschema::Validator;
    use serde_json::json;

    fn matches(pattern: &str, text: &str) -> bool {
        let schema = json!({"type": "string", "pattern": pattern});
        Validator::new(&schema)
            .map(|v| v.is_valid(&json!(text)))
            .unwrap_or(false)
    }

    #[test]
    fn screen_ids_are_letters_and_underscores() {
        for v in [FlowVersion::V6_3, FlowVersion::V7_3] {
            assert!(matches(screen_id(v), "WELCOME_SCREEN"));
            assert!(!matches(screen_id(v), "SCREEN_1"));
            assert!(!matches(screen_id(v), ""));
        }
        assert!(matches(screen_id(FlowVersion::V6_3), "__"));
        assert!(!matches(screen_id(FlowVersion::V7_3), "__"));
        assert!(matches(screen_id(FlowVersion::V7_3), "_A_"));
    }

    #[test]
    fn bindings_grow_with_versions() {
        assert!(matches(binding(FlowVersion::V3_0), "${data.x}"));
        assert!(!matches(binding(FlowVersion::V3_0), "${form.x}"));
        assert!(matches(binding(FlowVersion::V4_0), "${screen.A.form.x}"));
        assert!(!matches(binding(FlowVersion::V5_1), "`${form.a} > 1`"));
        assert!(matches(binding(FlowVersion::V6_0), "`${form.a} > 1`"));
        assert!(!matches(binding(FlowVersion::V7_3), "yes"));
    }

    #[test]
    fn dates_follow_the_version() {
        assert!(matches(
            &date_or_binding(FlowVersion::V4_0),
            "1693569600000"
        ));
        assert!(!matches(
            &date_or_binding(FlowVersion::V5_0),
            "1693569600000"
        ));
        assert!(matches(&date_or_binding(FlowVersion::V5_0), "2024-10-21"));
        assert!(matches(&date_or_binding(FlowVersion::V5_0), "${data.min}"));
        assert!(matches(NON_BLANK, " a "));
        assert!(!matches(NON_BLANK, " \n "));
        assert!(matches(COLOR, "#00FFaa"));
        assert!(matches(DYNAMIC_START, "${data.name}"));
        assert!(matches(url(), "https://example.com/a"));
        assert!(!matches(url(), "example.com"));
    }
}
