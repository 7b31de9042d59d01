//! The `calendar/…` rules: CalendarPicker's range mode. They are reported by the pass over the
//! date pickers in `rules/dates`.

pub(super) mod min_max_days;
pub(super) mod mode_value_shape;
pub(super) mod range_missing_property;
pub(super) mod range_only_property;
pub(super) mod range_order;
pub(super) mod range_unexpected_property;
