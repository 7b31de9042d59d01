//! The `bindings/…` rules: `${data.x}`, `${form.x}` and global `${screen.S.…}` references in
//! component properties and screen titles.
//!
//! Every dynamic value of the flow (bindings, backtick expressions (6.0+), If conditions) is
//! classified and parsed once, by [`ANALYZE_PASS`], which reports for these rules and for
//! `expressions/…`, `if/condition-syntax`, `if/condition-type` and `text/rich-text-dynamic`, each
//! finding through its rule's handle.

pub(super) mod array_item_path;
pub(super) mod global_current_screen;
pub(super) mod global_unknown_field;
pub(super) mod global_unknown_screen;
pub(super) mod interpolation;
pub(super) mod item_schema;
pub(super) mod key_characters;
pub(super) mod type_mismatch;
pub(super) mod undeclared_data;
pub(super) mod unknown_form_field;

use std::collections::HashMap;

use serde_json::Value;

use crate::expr;
use crate::expr::{Dynamic, Reference, Scope, Ty};
use crate::finding::Anchor;
use crate::pointer;
use crate::rules::engine::{Pass, Report, Rule, Sink};
use crate::rules::props;
use crate::rules::props::{DataPath, Want};
use crate::rules::walker::{Ctx, Screen};
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
        if let Some(Value::String(title)) = screen.value.get("title") {
            let ptr = pointer::push(&screen.pointer, "title");
            a.string(screen, &ptr, title, Want::Str, "title", false);
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
                    a.value(screen, &ptr, key, value, props::property_want(c.kind, key));
                }
            }
        }
    }
}

/// The pass that classifies and parses every dynamic value once, for the `bindings/…`,
/// `expressions/…`, `if/condition-…` and `text/rich-text-dynamic` rules.
pub(super) static ANALYZE_PASS: Pass = Pass(analyze);

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

    fn value(&mut self, screen: &Screen<'_>, ptr: &str, key: &str, value: &Value, want: Want) {
        match value {
            Value::String(s) => self.string(screen, ptr, s, want, key, false),
            Value::Array(items) => {
                let item_want = match key {
                    "text" | "unavailable-dates" | "include-days" | "allowed-mime-types"
                    | "tags" => Want::Str,
                    _ => Want::Any,
                };
                for (i, item) in items.iter().enumerate() {
                    self.value(screen, &pointer::push_index(ptr, i), key, item, item_want);
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
                    let want = match key {
                        "init-values" => self
                            .ctx
                            .named(screen, k)
                            .map_or(Want::Any, props::init_value_want),
                        "error-messages" => Want::StrOrObject,
                        "required" => Want::Bool,
                        _ => props::nested_want(k),
                    };
                    self.value(screen, &pointer::push(ptr, k), k, v, want);
                }
            }
            _ => {}
        }
    }

    fn string(
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
            // A typed property only takes a well-formed binding: the schema layer reports it.
            Dynamic::BadBinding(_) | Dynamic::Interpolated(_) if want.is_typed() => {}
            Dynamic::BadBinding(e) => {
                self.report_in(&super::expressions::syntax::RULE, ptr, e.span, e.message);
            }
            Dynamic::Nested(Err(e)) => {
                self.report_in(
                    &super::expressions::syntax::RULE,
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
                    &super::expressions::operand_type::RULE,
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
                        &super::text::rich_text_dynamic::RULE,
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

    /// Checks that the items of an array bound to a list property declare what the list needs.
    fn item_schema(&mut self, screen: &Screen<'_>, ptr: &str, s: &str, key: &str, r: &Reference) {
        let required = props::required_item_properties(key);
        if required.is_empty() || r.scope != Scope::Data {
            return;
        }
        let data = match &r.screen {
            None => screen.data,
            Some((id, _)) => self.ctx.screen_by_id(id).and_then(|t| t.data),
        };
        let Some(items) = props::data_schema(data, &r.path)
            .and_then(|field| field.get("items"))
            .and_then(Value::as_object)
        else {
            return;
        };
        let declared = items.get("properties").and_then(Value::as_object);
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|k| !declared.is_some_and(|d| d.contains_key(*k)))
            .collect();
        if missing.is_empty() {
            return;
        }
        let text = r.text(s).to_owned();
        self.report(
            &item_schema::RULE,
            ptr,
            format!(
                "'{text}' is bound to '{key}', but its items declare no {}",
                missing.join(" and no ")
            ),
        )
        .help(format!(
            "declare {} under \"items\": {{\"properties\": …}} in the data model",
            required.join(" and ")
        ));
    }

    fn rich_text(&mut self, screen: &Screen<'_>, ptr: &str, value: &Value) {
        match value {
            Value::String(s) => self.string(screen, ptr, s, Want::Str, "text", true),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let Some(s) = item.as_str() else { continue };
                    let Some(at) = crate::expr::find_open(s) else {
                        continue;
                    };
                    let end = s[at..].find('}').map_or(s.len(), |k| at + k + 1);
                    self.report_in(
                        &super::text::rich_text_dynamic::RULE,
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

    fn condition(&mut self, screen: &Screen<'_>, ptr: &str, value: &Value) {
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
                    &super::r#if::condition_syntax::RULE,
                    ptr,
                    e.span,
                    format!("invalid condition: {}", e.message),
                );
                return;
            }
        };
        let Ok(ty) = self.type_check(screen, ptr, s, &parsed, &super::r#if::condition_type::RULE)
        else {
            return;
        };
        if !Want::Bool.accepts(ty) {
            self.report_in(
                &super::r#if::condition_type::RULE,
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

    /// Resolves every reference of `parsed` (reporting the unresolved ones), then types it.
    fn type_check(
        &mut self,
        screen: &Screen<'_>,
        ptr: &str,
        s: &str,
        parsed: &expr::Expr,
        rule: &'static Rule,
    ) -> Result<Ty, ()> {
        let mut types: HashMap<usize, Ty> = HashMap::new();
        let mut refs = Vec::new();
        parsed.for_each_ref(&mut |r| refs.push(r));
        for r in refs {
            let ty = self.resolve(screen, ptr, s, r);
            types.insert(r.span.start, ty);
        }
        expr::type_of(parsed, &mut |r| {
            types.get(&r.span.start).copied().unwrap_or(Ty::Unknown)
        })
        .map_err(|e| {
            self.report_in(rule, ptr, e.span, e.message);
        })
    }

    /// The type of a reference on `screen`, reporting why it cannot be resolved.
    fn resolve(&mut self, screen: &Screen<'_>, ptr: &str, s: &str, r: &Reference) -> Ty {
        let ctx = self.ctx;
        let text = r.text(s).to_owned();
        if let Some((name, span)) = r
            .path
            .iter()
            .zip(&r.path_spans)
            .find(|(name, _)| name.contains('-'))
        {
            self.report_in(
                &key_characters::RULE,
                ptr,
                span.clone(),
                format!(
                    "'{name}' in '{text}' contains '-', which Meta advises against in data keys"
                ),
            )
            .help("rename the field with '_' instead of '-'");
        }
        let (target, global) = match &r.screen {
            None => (screen, false),
            Some((id, id_span)) => {
                if ctx.version < FlowVersion::V4_0 {
                    return Ty::Unknown;
                }
                if Some(id.as_str()) == screen.id {
                    self.report_in(
                        &global_current_screen::RULE,
                        ptr,
                        r.span.clone(),
                        format!("'{text}' refers to the screen it is used on"),
                    )
                    .help(format!(
                        "write ${{{}.{}}}",
                        r.scope.as_str(),
                        r.path.join(".")
                    ));
                    return Ty::Unknown;
                }
                match ctx.screen_by_id(id) {
                    Some(t) => (t, true),
                    None => {
                        self.report_in(
                            &global_unknown_screen::RULE,
                            ptr,
                            id_span.clone(),
                            format!("'{text}' refers to screen '{id}', which is not in the flow"),
                        );
                        return Ty::Unknown;
                    }
                }
            }
        };
        let target_label = target.label();
        match r.scope {
            Scope::Data => {
                match props::data_path(target.data, &r.path) {
                    DataPath::Found(ty) => ty,
                    DataPath::Missing(i) => {
                        let span = r.path_spans.get(i).cloned().unwrap_or(r.span.clone());
                        let field = r.path[..=i.min(r.path.len() - 1)].join(".");
                        if global {
                            self.report_in(
                            &global_unknown_field::RULE,
                            ptr,
                            span,
                            format!("'{text}': screen '{target_label}' declares no data field '{field}'"),
                        );
                        } else {
                            self.report_in(
                            &undeclared_data::RULE,
                            ptr,
                            span,
                            format!("'{text}': the data model of screen '{target_label}' declares no field '{field}'"),
                        )
                        .help(format!("declare '{field}' in the screen's \"data\", with a type and an __example__"));
                        }
                        Ty::Unknown
                    }
                    DataPath::IntoArray(i) => {
                        let span = r
                            .path_spans
                            .get(i)
                            .map_or(r.span.clone(), |sp| sp.start..r.span.end - 1);
                        let field = r.path[..i].join(".");
                        self.report_in(
                        &array_item_path::RULE,
                        ptr,
                        span,
                        format!("'{text}' reaches into the items of the array '{field}'"),
                    )
                    .help("bind the whole array (e.g. to a data-source), or declare the value as its own field");
                        Ty::Unknown
                    }
                }
            }
            Scope::Form => {
                if ctx.version < FlowVersion::V4_0 {
                    return Ty::Unknown;
                }
                let name = &r.path[0];
                let span = r.path_spans.first().cloned().unwrap_or(r.span.clone());
                match ctx.named(target, name) {
                    Some(c) if c.kind == "Form" => {
                        self.report_in(
                            if global {
                                &global_unknown_field::RULE
                            } else {
                                &unknown_form_field::RULE
                            },
                            ptr,
                            span,
                            format!(
                                "'{text}' names the Form '{name}'; a Form has no value of its own"
                            ),
                        )
                        .help("reference an input inside the Form by its name");
                        Ty::Unknown
                    }
                    Some(c) if r.path.len() == 1 => props::form_value_ty(c),
                    Some(_) => Ty::Unknown,
                    None => {
                        let (rule, msg) = if global {
                            (
                                &global_unknown_field::RULE,
                                format!(
                                    "'{text}': screen '{target_label}' has no component named '{name}'"
                                ),
                            )
                        } else {
                            (
                                &unknown_form_field::RULE,
                                format!(
                                    "'{text}': screen '{target_label}' has no component named '{name}'"
                                ),
                            )
                        };
                        self.report_in(rule, ptr, span, msg);
                        Ty::Unknown
                    }
                }
            }
        }
    }
}
