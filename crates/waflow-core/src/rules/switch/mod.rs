//! The `switch/…` rules: Switch cases.

pub(super) mod case_key;
pub(super) mod empty_cases;
pub(super) mod footer_cases;
