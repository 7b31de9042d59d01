//! The `text/…` rules: text lengths and what RichText may hold.

pub(super) mod length;
pub(super) mod rich_text_dynamic;
pub(super) mod rich_text_image;
