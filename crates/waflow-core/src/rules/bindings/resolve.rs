//! The references half of [`ANALYZE_PASS`](super::ANALYZE_PASS): resolves `${…}` references
//! against data models and form components, types expressions, checks bound lists' items.

use rustc_hash::FxHashMap;

use serde_json::Value;

use super::{
    Analyzer, array_item_path, global_current_screen, global_unknown_field, global_unknown_screen,
    item_schema, key_characters, undeclared_data, unknown_form_field,
};
use crate::expr;
use crate::expr::{Reference, Scope, Ty};
use crate::rules::data_model::{self, DataPath};
use crate::rules::engine::Rule;
use crate::rules::lookup::Field;
use crate::rules::props;
use crate::rules::walker::Screen;
use crate::version::FlowVersion;

impl Analyzer<'_, '_, '_, '_> {
    /// Checks that the items of an array bound to a list property declare what the list needs.
    pub(super) fn item_schema(
        &mut self,
        screen: &Screen<'_>,
        ptr: &str,
        s: &str,
        key: &str,
        r: &Reference,
    ) {
        let required = props::required_item_properties(key);
        if required.is_empty() || r.scope != Scope::Data {
            return;
        }
        let data = match &r.screen {
            None => screen.data,
            Some((id, _)) => self.ctx.screen_by_id(id).and_then(|t| t.data),
        };
        let Some(items) = data
            .and_then(|d| data_model::field_schema(d, &r.path))
            .and_then(|field| field.field("items"))
            .and_then(Value::as_object)
        else {
            return;
        };
        let declared = items.field("properties").and_then(Value::as_object);
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|k| !declared.is_some_and(|d| d.has(k)))
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

    /// Resolves every reference of `parsed` (reporting the unresolved ones), then types it.
    pub(super) fn type_check(
        &mut self,
        screen: &Screen<'_>,
        ptr: &str,
        s: &str,
        parsed: &expr::Expr,
        rule: &'static Rule,
    ) -> Result<Ty, ()> {
        let mut types: FxHashMap<usize, Ty> = FxHashMap::default();
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
    pub(super) fn resolve(&mut self, screen: &Screen<'_>, ptr: &str, s: &str, r: &Reference) -> Ty {
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
                match data_model::data_path(target.data, &r.path) {
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
                    Some(c) if r.path.len() == 1 => data_model::form_value_ty(c),
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
