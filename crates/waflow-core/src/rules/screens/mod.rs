//! Screen rules: ids, terminal screens, `success`, `sensitive`.

pub(super) mod blank_title;
pub(super) mod duplicate_id;
pub(super) mod id_pattern;
pub(super) mod missing_terminal;
pub(super) mod missing_title;
pub(super) mod no_successful_terminal;
pub(super) mod reserved_id;
pub(super) mod reserved_id_casing;
pub(super) mod success_on_non_terminal;
pub(super) mod terminal_footer_action;
pub(super) mod terminal_without_footer;
pub(super) mod unknown_sensitive_field;
