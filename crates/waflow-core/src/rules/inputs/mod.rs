//! The `inputs/…` rules: input components.

pub(super) mod required_hidden;
