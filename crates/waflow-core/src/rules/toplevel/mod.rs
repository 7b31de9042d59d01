//! The `toplevel/…` rules: the flow as a whole.

pub(super) mod meta;
pub(super) mod too_many_screens;
