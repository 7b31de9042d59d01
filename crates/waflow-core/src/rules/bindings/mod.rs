//! The `bindings/…` rules: `${data.x}`, `${form.x}` and global `${screen.S.…}` references in
//! component properties and screen titles.
//!
//! Every dynamic value of the flow (bindings, backtick expressions (6.0+), If conditions) is
//! classified and parsed once, by [`ANALYZE_PASS`], which reports for these rules and for
//! `expressions/…`, `if/condition-syntax`, `if/condition-type` and `text/rich-text-dynamic`, each
//! finding through its rule's handle. What each property accepts comes from the schema spec
//! (`rules/props.rs`). The pass is split by what it does: `values.rs` walks the values and
//! classifies their strings, `resolve.rs` resolves and types references.

pub(super) mod array_item_path;
pub(super) mod global_current_screen;
pub(super) mod global_unknown_field;
pub(super) mod global_unknown_screen;
pub(super) mod interpolation;
pub(super) mod item_schema;
pub(super) mod key_characters;
pub(super) mod static_enum;
pub(super) mod type_mismatch;
pub(super) mod typed_interpolation;
pub(super) mod undeclared_data;
pub(super) mod unknown_form_field;

mod resolve;
mod values;

use serde_json::Value;

use crate::expr;
use crate::expr::Dynamic;
use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Pass, Report, Rule, Sink};
use crate::rules::lookup::Field;
use crate::rules::props::{self, Want};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

/// Whether [`Analyzer::value`] has nothing to say about `value` whatever the property: a
/// literal other than a string, or a string without binding or expression.
fn is_static(value: &Value, nested: bool) -> bool {
    match value {
        Value::String(s) => matches!(expr::classify(s, nested), Dynamic::Static),
        Value::Array(_) | Value::Object(_) => false,
        Value::Null | Value::Bool(_) | Value::Number(_) => true,
    }
}

/// One pass over every dynamic value of the flow, reporting for all the rules it serves.
fn analyze(ctx: &Ctx<'_>, sink: &mut Sink) {
    let mut a = Analyzer {
        ctx,
        sink,
        nested: ctx.version >= FlowVersion::V6_0,
    };
    for screen in &ctx.screens {
        if let Some(Value::String(title)) = screen.value.field("title") {
            let ptr = pointer::push(&screen.pointer, "title");
            a.string(screen, &ptr, title, Want::STR, "title", false);
        }
    }
    for c in &ctx.components {
        let screen = ctx.screen(c.screen);
        for (key, value) in c.value {
            match key.as_str() {
                "type" | "name" | "children" | "then" | "else" | "cases" | "on-click-action"
                | "on-select-action" | "on-unselect-action" => {}
                "condition" if c.kind == "If" => {
                    a.condition(screen, &pointer::push(&c.pointer, key), value);
                }
                "text" if c.kind == "RichText" => {
                    a.rich_text(screen, &pointer::push(&c.pointer, key), value);
                }
                // Literals and static strings have nothing to check: no pointer to build.
                _ if is_static(value, a.nested) => {}
                _ => {
                    let ptr = pointer::push(&c.pointer, key);
                    let shape = props::component_property(c.kind, key, ctx.version);
                    if let Value::String(s) = value {
                        a.static_enum(&ptr, key, s, shape);
                    }
                    a.value(screen, &ptr, key, value, shape, shape.want());
                }
            }
        }
    }
}

/// The pass that classifies and parses every dynamic value once, for the `bindings/…`,
/// `expressions/…`, `if/condition-…` and `text/rich-text-dynamic` rules.
pub(super) static ANALYZE_PASS: Pass = Pass(analyze);

/// The state of [`ANALYZE_PASS`]: the flow, where findings go, whether backtick expressions
/// exist in its version.
struct Analyzer<'c, 'a, 's, 'o> {
    ctx: &'c Ctx<'a>,
    sink: &'s mut Sink<'o>,
    nested: bool,
}

impl Analyzer<'_, '_, '_, '_> {
    /// Reports a finding of `rule` (nothing when it does not apply to the flow's version).
    fn report(&mut self, rule: &'static Rule, ptr: &str, message: String) -> Report<'_> {
        self.sink.report(rule, ptr, message)
    }

    /// Reports a finding of `rule` anchored at `span` of the string at `ptr`.
    fn report_in(
        &mut self,
        rule: &'static Rule,
        ptr: &str,
        span: std::ops::Range<usize>,
        message: String,
    ) -> Report<'_> {
        self.report(rule, ptr, message).anchor(Anchor::InString {
            start: span.start,
            end: span.end,
        })
    }
}
