//! Meta's semantic rules, run over a document after the schema layer.
//!
//! The document is walked once into a [`Ctx`] (screens, components, actions with pointers, Form
//! and If/Switch context); every [`Rule`] that applies to the declared version then reads that
//! context and reports into a [`Sink`], which stamps the rule's id, Meta code and severity.
//!
//! A semantic rule `group/name` lives in `rules/group/name.rs` (dashes become underscores): its
//! doc comment is its documentation, then its metadata and its check (see [`engine`]). A pass
//! that reports several rules in one walk lives in its group's `mod.rs`. To add a rule: add its
//! file, a `mod` line in its group's `mod.rs`, and its line in [`SEMANTIC`].

mod builtin;
pub mod docs;
pub mod endpoint_check;
mod engine;
pub mod verdict;
pub mod walker;

mod data_model;
mod lookup;
mod props;

// The rule groups, one folder each.
mod actions;
mod bindings;
mod calendar;
mod components;
mod counts;
mod data;
mod dates;
mod endpoint;
mod expressions;
mod flow;
mod forms;
mod r#if;
mod inputs;
mod media;
mod navigation;
mod navigation_list;
mod placement;
mod routing;
mod screens;
mod switch;
mod text;
mod toplevel;

use serde_json::Value;

use crate::collect::Collector;
use crate::finding::Finding;
use crate::options::CheckOptions;
use crate::version::FlowVersion;

pub(crate) use engine::{Check, Pass, Rule, Sink};
pub use engine::{Evidence, Layer, RuleInfo};
pub use walker::Ctx;

/// Every semantic rule, one line each, in the order the rules run and are listed.
static SEMANTIC: &[&Rule] = &[
    &endpoint::data_exchange_needs_data_api_version::RULE,
    &endpoint::data_api_version_needs_routing_model::RULE,
    &endpoint::unsupported_data_api_version::RULE,
    &endpoint::data_channel_uri_removed::RULE,
    &endpoint::data_channel_uri_format::RULE,
    &endpoint::refresh_on_back_without_endpoint::RULE,
    &toplevel::too_many_screens::RULE,
    &toplevel::meta::RULE,
    &endpoint::endpoint_uri_before_publish::RULE,
    &endpoint::health_check_before_publish::RULE,
    &screens::duplicate_id::RULE,
    &screens::missing_terminal::RULE,
    &screens::id_pattern::RULE,
    &screens::reserved_id::RULE,
    &screens::reserved_id_casing::RULE,
    &screens::missing_title::RULE,
    &screens::blank_title::RULE,
    &screens::terminal_without_footer::RULE,
    &screens::terminal_footer_action::RULE,
    &screens::success_on_non_terminal::RULE,
    &screens::no_successful_terminal::RULE,
    &screens::unknown_sensitive_field::RULE,
    &data::missing_type::RULE,
    &data::invalid_type::RULE,
    &data::missing_example::RULE,
    &data::nested_example::RULE,
    &data::example_mismatch::RULE,
    &data::array_items::RULE,
    &routing::unknown_screen::RULE,
    &routing::missing_screen::RULE,
    &routing::self_route::RULE,
    &routing::backward_route::RULE,
    &routing::too_many_branches::RULE,
    &routing::no_entry_screen::RULE,
    &routing::disconnected_screens::RULE,
    &routing::undeclared_navigate::RULE,
    &navigation::no_entry_screen::RULE,
    &navigation::disconnected_screens::RULE,
    &navigation::too_many_branches::RULE,
    &actions::not_allowed_here::RULE,
    &actions::navigate_unknown_screen::RULE,
    &actions::navigate_to_self::RULE,
    &actions::navigate_missing_payload::RULE,
    &actions::navigate_payload_unknown_field::RULE,
    &actions::navigate_payload_missing_field::RULE,
    &actions::navigate_static_payload_type::RULE,
    &actions::navigate_dynamic_payload_type::RULE,
    &actions::payload_unknown_reference::RULE,
    &actions::nested_payload_unknown_reference::RULE,
    &actions::nested_payload_syntax::RULE,
    &actions::complete_on_non_terminal::RULE,
    &actions::update_data_unknown_field::RULE,
    &actions::update_data_self::RULE,
    &actions::open_url_invalid_url::RULE,
    &actions::select_action_on_both_levels::RULE,
    &flow::dead_end_screen::RULE,
    &flow::unreachable_screen::RULE,
    &data::unused_field::RULE,
    &flow::unread_payload_field::RULE,
    &bindings::undeclared_data::RULE,
    &bindings::unknown_form_field::RULE,
    &bindings::global_unknown_screen::RULE,
    &bindings::global_current_screen::RULE,
    &bindings::global_unknown_field::RULE,
    &bindings::array_item_path::RULE,
    &bindings::type_mismatch::RULE,
    &bindings::typed_interpolation::RULE,
    &bindings::static_enum::RULE,
    &expressions::syntax::RULE,
    &expressions::operand_type::RULE,
    &r#if::condition_syntax::RULE,
    &r#if::condition_type::RULE,
    &bindings::interpolation::RULE,
    &text::rich_text_dynamic::RULE,
    &bindings::item_schema::RULE,
    &bindings::key_characters::RULE,
    &forms::duplicate_name::RULE,
    &forms::components_outside_form::RULE,
    &forms::input_outside_form_before_4_0::RULE,
    &forms::init_value_inside_form::RULE,
    &forms::one_form::RULE,
    &forms::init_values_types::RULE,
    &forms::media_in_init_values::RULE,
    &counts::footer::RULE,
    &counts::embedded_link::RULE,
    &counts::image::RULE,
    &counts::opt_in::RULE,
    &counts::media_picker::RULE,
    &counts::navigation_list::RULE,
    &counts::image_carousel::RULE,
    &counts::image_carousel_images::RULE,
    &counts::image_carousel_per_flow::RULE,
    &counts::total::RULE,
    &counts::builder_total::RULE,
    &placement::rich_text_alone::RULE,
    &placement::rich_text::RULE,
    &placement::navigation_list::RULE,
    &navigation_list::terminal_screen::RULE,
    &r#if::nesting::RULE,
    &r#if::footer_branches::RULE,
    &r#if::footer_in_nested_if::RULE,
    &r#if::empty_then::RULE,
    &switch::footer_cases::RULE,
    &switch::empty_cases::RULE,
    &switch::case_key::RULE,
    &components::min_greater_than_max::RULE,
    &components::checkbox_max_selected::RULE,
    &components::choice_group_label::RULE,
    &components::pattern_needs_helper_text::RULE,
    &components::pattern_input_type::RULE,
    &components::data_source_image_and_color::RULE,
    &components::image_base64::RULE,
    &components::option_count::RULE,
    &text::length::RULE,
    &inputs::required_hidden::RULE,
    &navigation_list::action_in_both_places::RULE,
    &navigation_list::missing_action::RULE,
    &navigation_list::one_badge::RULE,
    &navigation_list::end_with_large_media::RULE,
    &navigation_list::end_content::RULE,
    &components::image_size::RULE,
    &dates::invalid_date::RULE,
    &dates::min_after_max::RULE,
    &dates::out_of_range::RULE,
    &calendar::range_order::RULE,
    &calendar::min_max_days::RULE,
    &calendar::range_only_property::RULE,
    &calendar::mode_value_shape::RULE,
    &calendar::range_missing_property::RULE,
    &calendar::range_unexpected_property::RULE,
    &media::upload_ranges::RULE,
    &media::picker_in_navigate_payload::RULE,
    &media::picker_not_top_level::RULE,
    &media::complete_upload_limits::RULE,
    &text::rich_text_image::RULE,
    &components::pattern_delimiters::RULE,
    &actions::null_payload_value::RULE,
];

/// Runs every semantic rule that applies to `version` and returns every finding.
pub fn run(version: FlowVersion, doc: &Value) -> Vec<Finding> {
    let options = CheckOptions {
        max_findings: None,
        ..CheckOptions::default()
    };
    run_into(version, doc, Collector::new(&options, &|_| true))
        .finish()
        .0
}

/// Runs every semantic rule that applies to `version`, handing the findings to `collector`; a
/// pass runs once, when the first of its rules that applies comes up.
pub(crate) fn run_into<'o>(
    version: FlowVersion,
    doc: &Value,
    collector: Collector<'o>,
) -> Collector<'o> {
    let ctx = Ctx::new(version, doc);
    let mut sink = Sink::new(version, collector);
    let mut passes_run: Vec<&'static Pass> = Vec::new();
    for rule in SEMANTIC {
        if !rule.info.applies_to(version) {
            continue;
        }
        match rule.check {
            Check::Own(check) => check(&ctx, &mut sink),
            Check::Pass(pass) => {
                if !passes_run.iter().any(|p| std::ptr::eq(*p, pass)) {
                    passes_run.push(pass);
                    (pass.0)(&ctx, &mut sink);
                }
            }
            Check::None => {}
        }
    }
    sink.into_collector()
}

/// Every rule waflow knows, in listing order: file reading, version, schema, the semantic rules
/// (including those listed but not checkable offline), the replies of `waflow endpoint check`,
/// then Meta's remote errors.
pub fn registry() -> Vec<&'static RuleInfo> {
    let mut all: Vec<&'static RuleInfo> = builtin::INFOS.iter().collect();
    all.extend(builtin::SCHEMA_INFOS.iter());
    all.extend(SEMANTIC.iter().map(|rule| &rule.info));
    all.extend(endpoint_check::RULES.iter());
    all.push(&builtin::REMOTE);
    all
}

/// The rules matching a rule id, or every rule reporting a Meta code (exact match; ids are
/// compared case-sensitively, codes case-insensitively). A code matches a rule that reports it
/// in general, or in a particular case its notes name (MORE_THAN_ONE_FOOTER is counts/footer's
/// code for Footers in If branches; the schema rules' notes list their codes by case).
pub fn lookup(id_or_code: &str) -> Vec<&'static RuleInfo> {
    let all = registry();
    if let Some(rule) = all.iter().find(|r| r.id == id_or_code) {
        return vec![rule];
    }
    let code = id_or_code.to_ascii_uppercase();
    let is_code = code.contains('_')
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    let in_notes = |r: &RuleInfo| {
        is_code
            && r.notes()
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|word| word == code)
    };
    all.into_iter()
        .filter(|r| r.code.eq_ignore_ascii_case(id_or_code) || in_notes(r))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_of_particular_cases_find_their_rule() {
        let ids = |code: &str| lookup(code).iter().map(|r| r.id).collect::<Vec<_>>();
        assert!(ids("MORE_THAN_ONE_FOOTER").contains(&"counts/footer"));
        assert!(ids("missing_required_type_property").contains(&"schema/missing-property"));
        assert!(ids("UNSUPPORTED_FLOW_JSON_VERSION").contains(&"version/invalid"));
        assert!(ids("KEYWORD_ONE_OF").contains(&"schema/misplaced-component"));
        assert!(ids("INVALID_ROUTING_MODEL").contains(&"routing/backward-route"));
        assert!(ids("routing").is_empty());
    }

    #[test]
    fn registry_ids_are_unique_and_documented() {
        let mut seen = HashSet::new();
        for rule in registry() {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id.contains('/') && !rule.id.contains(' '),
                "bad id {}",
                rule.id
            );
            assert!(!rule.code.is_empty(), "{} has no code", rule.id);
            assert!(!rule.summary().is_empty(), "{} has no summary", rule.id);
            assert!(!rule.why().is_empty(), "{} has no why", rule.id);
            assert!(
                matches!(rule.layer, Layer::Schema | Layer::Remote)
                    || (!rule.fail_example.is_empty() && !rule.pass_example.is_empty()),
                "{} has no examples",
                rule.id
            );
        }
    }

    #[test]
    fn every_semantic_rule_is_in_its_own_file() {
        let mut seen = HashSet::new();
        for rule in SEMANTIC {
            let id = rule.info.id;
            let expected = format!(
                "waflow_core::rules::{}",
                id.replace('/', "::").replace('-', "_")
            );
            let module = rule.module.replace("r#", "");
            assert_eq!(module, expected, "{id} is declared in the wrong file");
            assert!(seen.insert(module), "{id} is listed twice");
        }
    }

    #[test]
    fn check_says_what_the_documentation_says() {
        for rule in SEMANTIC {
            let info = &rule.info;
            let documented_elsewhere =
                info.not_checked_reason.is_some() || info.reported_by.is_some();
            assert_eq!(
                matches!(rule.check, Check::None),
                documented_elsewhere,
                "{}: Check::None exactly when a reason or another rule is named",
                info.id
            );
        }
    }

    #[test]
    fn the_rules_of_endpoint_check_are_registered() {
        let ids = |query: &str| lookup(query).iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids("endpoint/data-type"), ["endpoint/data-type"]);
        assert_eq!(
            ids("payload-schema-error"),
            ["endpoint/data-type", "endpoint/data-missing"]
        );
        assert_eq!(
            ids("WAFLOW_ENDPOINT_MISSING_FIELD"),
            ["endpoint/data-missing"]
        );
        let listed = registry()
            .into_iter()
            .filter(|r| r.layer == Layer::Endpoint)
            .count();
        assert_eq!(listed, endpoint_check::RULES.len());
    }

    #[test]
    fn lookup_by_id_and_code() {
        assert_eq!(lookup("json/syntax").len(), 1);
        assert!(lookup("invalid_flow_json").len() >= 5);
        assert!(lookup("nope/nope").is_empty());
    }
}
