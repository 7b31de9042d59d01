//! The `navigation/…` rules: the graph Meta builds from `navigate` actions when a flow has no
//! `routing_model` (the graph helpers are in `rules/routing`).

pub(super) mod disconnected_screens;
pub(super) mod no_entry_screen;
pub(super) mod too_many_branches;
