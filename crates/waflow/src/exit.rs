//! Exit codes shared by every command.

/// Nothing to report at or above the failure threshold.
pub const OK: u8 = 0;
/// At least one finding at or above the failure threshold (local or reported by Meta).
pub const FINDINGS: u8 = 1;
/// Usage, configuration or I/O error.
pub const USAGE: u8 = 2;
/// Remote failure: network, authentication, HTTP error or a lifecycle refusal.
pub const REMOTE: u8 = 3;
