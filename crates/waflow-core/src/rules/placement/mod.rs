//! The `placement/…` rules: components that must be alone on their screen. They are reported by
//! the counting pass in `rules/counts`.

pub(super) mod navigation_list;
pub(super) mod rich_text;
pub(super) mod rich_text_alone;
