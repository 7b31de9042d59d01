//! The values half of [`ANALYZE_PASS`](super::ANALYZE_PASS): walks property values along their
//! spec shape and classifies every string (binding, expression, interpolated text).

use serde_json::Value;

use super::{Analyzer, interpolation, type_mismatch, typed_interpolation};
use crate::expr;
use crate::expr::scan;
use crate::expr::{Dynamic, Ty};
use crate::pointer;
use crate::rules::props::{self, Shape, Want};
use crate::rules::walker::Screen;

impl Analyzer<'_, '_, '_, '_> {
    /// Checks a property value (and what it holds) where the spec puts `shape` and `want`.
    pub(super) fn value(
        &mut self,
        screen: &Screen<'_>,
        ptr: &str,
        key: &str,
        value: &Value,
        shape: Shape,
        want: Want,
    ) {
        match value {
            Value::String(s) => self.string(screen, ptr, s, want, key, false),
            Value::Array(items) => {
                let item = shape.item();
                for (i, v) in items.iter().enumerate() {
                    let at = pointer::push_index(ptr, i);
                    self.value(screen, &at, key, v, item, item.want());
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    if matches!(
                        k.as_str(),
                        "on-click-action" | "on-select-action" | "on-unselect-action"
                    ) {
                        continue;
                    }
                    let version = self.ctx.version;
                    let named = || self.ctx.named(screen, k);
                    let (shape, want) = match key {
                        "init-values" => named().map_or((Shape::Unknown, Want::ANY), |c| {
                            let shape = props::component_property(c.kind, "init-value", version);
                            (shape, props::init_value_want(c, version))
                        }),
                        "error-messages" => {
                            named().map_or((Shape::Unknown, Want::STR_OR_OBJECT), |c| {
                                let shape =
                                    props::component_property(c.kind, "error-message", version);
                                (shape, Want::STR_OR_OBJECT)
                            })
                        }
                        _ => {
                            let entry = shape.entry(k, version);
                            (entry, entry.want())
                        }
                    };
                    self.value(screen, &pointer::push(ptr, k), k, v, shape, want);
                }
            }
            _ => {}
        }
    }

    /// Classifies a string where a value of `want` belongs and reports what is wrong with it.
    pub(super) fn string(
        &mut self,
        screen: &Screen<'_>,
        ptr: &str,
        s: &str,
        want: Want,
        key: &str,
        rich: bool,
    ) {
        match expr::classify(s, self.nested) {
            Dynamic::Static => {}
            Dynamic::Binding(r) => {
                let ty = self.resolve(screen, ptr, s, &r);
                if ty == Ty::Array {
                    self.item_schema(screen, ptr, s, key, &r);
                }
                if !want.accepts(ty) {
                    let text = r.text(s).to_owned();
                    self.report(
                        &type_mismatch::RULE,
                        ptr,
                        format!(
                            "'{text}' is {}, but '{key}' takes {}",
                            ty.article(),
                            want.describe()
                        ),
                    )
                    .help(format!(
                        "declare the field as {} or bind another one",
                        want.describe()
                    ));
                }
            }
            // Text with references where no string fits. The schema layer reports it unless its
            // binding pattern lets the string through (from 4.0 it only checks the start).
            Dynamic::Interpolated(_) if want.is_typed() => {
                if scan::passes_binding_pattern(s, self.ctx.version) {
                    self.typed_interpolation(ptr, s, want, key);
                }
            }
            // A typed property only takes a well-formed binding: the schema layer reports it.
            Dynamic::BadBinding(_) if want.is_typed() => {}
            Dynamic::BadBinding(e) => {
                self.report_in(
                    &crate::rules::expressions::syntax::RULE,
                    ptr,
                    e.span,
                    e.message,
                );
            }
            Dynamic::Nested(Err(e)) => {
                self.report_in(
                    &crate::rules::expressions::syntax::RULE,
                    ptr,
                    e.span,
                    format!("in this expression: {}", e.message),
                );
            }
            Dynamic::Nested(Ok(parsed)) => {
                let Ok(ty) = self.type_check(
                    screen,
                    ptr,
                    s,
                    &parsed,
                    &crate::rules::expressions::operand_type::RULE,
                ) else {
                    return;
                };
                if !want.accepts(ty) {
                    self.report_in(
                        &type_mismatch::RULE,
                        ptr,
                        parsed.span(),
                        format!(
                            "the expression gives {}, but '{key}' takes {}",
                            ty.article(),
                            want.describe()
                        ),
                    );
                }
            }
            Dynamic::Interpolated(parts) => {
                let first = parts.first().cloned().unwrap_or(0..0);
                if rich {
                    self.report_in(
                        &crate::rules::text::rich_text_dynamic::RULE,
                        ptr,
                        first,
                        "RichText does not interpolate: this text mixes literal text with a ${…} reference".to_owned(),
                    )
                    .help("use static text, or bind the whole text to one data field");
                } else {
                    let help = if self.nested {
                        "write a backtick expression instead, e.g. `'Hello ' ${data.name}`"
                    } else {
                        "bind the whole text to one data field and build it in your endpoint or payload"
                    };
                    let n = parts.len();
                    self.report_in(
                        &interpolation::RULE,
                        ptr,
                        first,
                        format!(
                            "this text mixes literal text with {n} ${{…}} reference{}; it is not substituted",
                            if n == 1 { "" } else { "s" }
                        ),
                    )
                    .help(help);
                }
            }
        }
    }

    /// Checks the `text` of a RichText, which takes no interpolation.
    pub(super) fn rich_text(&mut self, screen: &Screen<'_>, ptr: &str, value: &Value) {
        match value {
            Value::String(s) => self.string(screen, ptr, s, Want::STR, "text", true),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let Some(s) = item.as_str() else { continue };
                    let Some(at) = crate::expr::find_open(s) else {
                        continue;
                    };
                    let end = s[at..].find('}').map_or(s.len(), |k| at + k + 1);
                    self.report_in(
                        &crate::rules::text::rich_text_dynamic::RULE,
                        &pointer::push_index(ptr, i),
                        at..end,
                        "the items of a RichText text array must be static strings".to_owned(),
                    )
                    .help("bind the whole `text` to one data field instead of an array item");
                }
            }
            _ => {}
        }
    }

    /// Parses and types an If `condition`.
    pub(super) fn condition(&mut self, screen: &Screen<'_>, ptr: &str, value: &Value) {
        let Some(s) = value.as_str() else { return };
        let parsed = if self.nested && s.starts_with('`') {
            expr::parse_nested(s)
        } else {
            expr::parse_condition(s)
        };
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                self.report_in(
                    &crate::rules::r#if::condition_syntax::RULE,
                    ptr,
                    e.span,
                    format!("invalid condition: {}", e.message),
                );
                return;
            }
        };
        let Ok(ty) = self.type_check(
            screen,
            ptr,
            s,
            &parsed,
            &crate::rules::r#if::condition_type::RULE,
        ) else {
            return;
        };
        if !Want::BOOL.accepts(ty) {
            self.report_in(
                &crate::rules::r#if::condition_type::RULE,
                ptr,
                parsed.span(),
                format!(
                    "the condition gives {}; it must give a boolean",
                    ty.article()
                ),
            )
            .help("compare the value, e.g. ${data.x} == 'yes', or bind a boolean");
        }
    }

    /// Reports text with `${…}` inside where the property takes no string.
    fn typed_interpolation(&mut self, ptr: &str, s: &str, want: Want, key: &str) {
        let help = if self.nested {
            "write one backtick expression that gives that type, e.g. `${data.name} != ''`"
        } else {
            "bind the whole value to one data field of that type"
        };
        self.report_in(
            &typed_interpolation::RULE,
            ptr,
            0..s.len(),
            format!(
                "'{key}' takes {}, but this value mixes text with ${{…}}, which makes it a string",
                want.describe()
            ),
        )
        .help(help);
    }
}
