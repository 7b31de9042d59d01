//! The `flow/…` rules: checks beyond Meta's validator (warnings by default, waflow's own codes):
//! dead ends, unreachable screens, payload fields nobody reads.

pub(super) mod dead_end_screen;
pub(super) mod unreachable_screen;
pub(super) mod unread_payload_field;
