//! Action rules: which action goes where, navigate targets and payloads (keys and types against
//! the next screen's data model), references in payloads, `complete`, `update_data`, `open_url`.

pub(super) mod complete_on_non_terminal;
pub(super) mod navigate_dynamic_payload_type;
pub(super) mod navigate_missing_payload;
pub(super) mod navigate_payload_missing_field;
pub(super) mod navigate_payload_unknown_field;
pub(super) mod navigate_static_payload_type;
pub(super) mod navigate_to_self;
pub(super) mod navigate_unknown_screen;
pub(super) mod nested_payload_syntax;
pub(super) mod nested_payload_unknown_reference;
pub(super) mod not_allowed_here;
pub(super) mod null_payload_value;
pub(super) mod open_url_invalid_url;
pub(super) mod payload_unknown_reference;
pub(super) mod select_action_on_both_levels;
pub(super) mod update_data_self;
pub(super) mod update_data_unknown_field;

use serde_json::Value;

use crate::expr::Ty;
use crate::expr::scan::{Ref, whole_binding};
use crate::json::Object;
use crate::pointer;
use crate::rules::data_model::{field_schema, form_value_ty, literal_type, schema_type, type_fits};
use crate::rules::engine::{Rule, Sink};
use crate::rules::lookup::Field;
use crate::rules::walker::{Action, At, Ctx, Screen};

/// The navigate actions whose target is another existing screen, with that screen.
fn navigations<'c, 'a>(ctx: &'c Ctx<'a>) -> impl Iterator<Item = (&'c Action<'a>, &'c Screen<'a>)> {
    ctx.actions.iter().filter_map(move |a| {
        let to = ctx.target_of(a)?;
        (to != a.screen).then(|| (a, &ctx.screens[to]))
    })
}

/// The `update_data` actions whose payload is an object, with that payload.
fn update_data_payloads<'c, 'a>(
    ctx: &'c Ctx<'a>,
) -> impl Iterator<Item = (&'c Action<'a>, &'a Object)> {
    ctx.actions
        .iter()
        .filter(|a| a.name == Some("update_data"))
        .filter_map(|a| Some((a, a.payload?)))
}

/// A type problem in a navigate payload.
struct TypeIssue {
    dynamic: bool,
    pointer: String,
    message: String,
    /// Meta's code when it is not the rule's own.
    code: Option<&'static str>,
}

/// The type of a `${…}` payload value, as a data-model type and (for data) its schema.
fn reference_type<'a>(
    ctx: &'a Ctx<'_>,
    from: &Screen<'_>,
    r: &Ref<'_>,
) -> Option<(String, Option<&'a Value>)> {
    let screen = match r.screen {
        Some(id) => ctx.screen_by_id(id)?,
        None => &ctx.screens[from.pos],
    };
    if r.form {
        if r.path.len() != 1 {
            return None;
        }
        let component = ctx.named(screen, r.path[0])?;
        // A media picker's value may not travel in a navigate payload at all:
        // media/picker-in-navigate-payload reports it, whatever the next screen declares.
        if component.is_media_picker() {
            return None;
        }
        match form_value_ty(component) {
            Ty::Unknown => None,
            ty => Some((ty.as_str().to_owned(), None)),
        }
    } else {
        let schema = field_schema(screen.data?, &r.path)?;
        Some((schema_type(schema)?.to_owned(), Some(schema)))
    }
}

fn property_names(schema: &Value) -> Option<Vec<&str>> {
    let mut names: Vec<&str> = schema
        .field("properties")?
        .as_object()?
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    Some(names)
}

/// Where a navigate payload is checked: the flow, the sending and the receiving screen.
struct Transition<'c, 'a> {
    ctx: &'c Ctx<'a>,
    from: &'c Screen<'a>,
    next: &'c Screen<'a>,
}

fn check_value(
    t: &Transition<'_, '_>,
    value: &Value,
    schema: &Value,
    at: &str,
    field: &str,
    issues: &mut Vec<TypeIssue>,
) {
    let (ctx, from, next) = (t.ctx, t.from, t.next);
    let Some(expected) = schema_type(schema) else {
        return;
    };
    if let Value::String(s) = value {
        if let Some(r) = whole_binding(s) {
            let Some((actual, source)) = reference_type(ctx, from, &r) else {
                return;
            };
            let (message, code) = if !type_fits(expected, &actual) {
                let message = format!(
                    "{s} is {} but field \"{field}\" of screen {} expects {expected}",
                    with_article(&actual),
                    next.label()
                );
                (message, None)
            } else if let (Some(source), "object") = (source, expected)
                && let (Some(a), Some(b)) = (property_names(source), property_names(schema))
                && a != b
            {
                let message = format!(
                    "{s} has properties [{}] but field \"{field}\" of screen {} declares [{}]",
                    a.join(", "),
                    next.label(),
                    b.join(", ")
                );
                (message, Some("INVALID_ON_CLICK_ACTION_PAYLOAD"))
            } else {
                return;
            };
            issues.push(TypeIssue {
                dynamic: true,
                pointer: at.to_owned(),
                message,
                code,
            });
            return;
        }
        if crate::expr::has_open(s) || s.starts_with('`') {
            return;
        }
    }
    let actual = literal_type(value);
    let whole = value.as_f64().is_some_and(|f| f.fract() == 0.0);
    if !type_fits(expected, actual) && (expected != "integer" || !whole) {
        issues.push(TypeIssue {
            dynamic: false,
            pointer: at.to_owned(),
            message: format!(
                "field \"{field}\" of screen {} expects {expected}, but the payload sends {}",
                next.label(),
                with_article(actual)
            ),
            code: None,
        });
        return;
    }
    match value {
        Value::Array(items) => {
            let Some(item_schema) = schema.field("items").filter(|s| s.is_object()) else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                check_value(
                    t,
                    item,
                    item_schema,
                    &pointer::push_index(at, i),
                    &format!("{field}[{i}]"),
                    issues,
                );
            }
        }
        Value::Object(obj) => {
            let Some(props) = schema.field("properties").and_then(Value::as_object) else {
                return;
            };
            for (k, v) in obj {
                let sub = format!("{field}.{k}");
                match props.field(k) {
                    Some(s) => check_value(t, v, s, &pointer::push(at, k), &sub, issues),
                    None => issues.push(TypeIssue {
                        dynamic: false,
                        pointer: pointer::push(at, k),
                        message: format!(
                            "\"{sub}\" is not declared in the data of screen {}",
                            next.label()
                        ),
                        code: None,
                    }),
                }
            }
            for k in props.keys().filter(|k| !obj.has(k)) {
                issues.push(TypeIssue {
                    dynamic: false,
                    pointer: at.to_owned(),
                    message: format!(
                        "\"{field}.{k}\" is declared in the data of screen {} but missing from the payload",
                        next.label()
                    ),
                    code: None,
                });
            }
        }
        _ => {}
    }
}

fn with_article(ty: &str) -> String {
    match ty {
        "integer" | "object" | "array" => format!("an {ty}"),
        "null" => "null".to_owned(),
        _ => format!("a {ty}"),
    }
}

/// Reports for `rule` the payload values whose type does not fit the next screen's data model:
/// those computed at run time when `dynamic`, the literal ones otherwise.
fn payload_type_issues(ctx: &Ctx<'_>, rule: &'static Rule, dynamic: bool, sink: &mut Sink) {
    for (action, next) in navigations(ctx) {
        let (Some(payload), Some(data)) = (action.payload, next.data) else {
            continue;
        };
        let t = Transition {
            ctx,
            from: &ctx.screens[action.screen],
            next,
        };
        let mut issues = Vec::new();
        for (key, value) in payload {
            if key == "required" {
                continue;
            }
            let Some(schema) = data.field(key) else {
                continue;
            };
            let at = action.payload_pointer(key);
            check_value(&t, value, schema, &at, key, &mut issues);
        }
        for issue in issues.into_iter().filter(|i| i.dynamic == dynamic) {
            let report = sink.report(rule, issue.pointer, issue.message);
            let report = match issue.code {
                Some(code) => report.code(code),
                None => report,
            };
            report.help(if dynamic {
                "declare the next screen's field with the type this value has, or send another value"
            } else {
                "send a value of the declared type, or change the next screen's data model"
            });
        }
    }
}

/// Why a reference used on `from` does not resolve, if it does not.
pub(crate) fn unresolved(ctx: &Ctx<'_>, from: &Screen<'_>, r: &Ref<'_>) -> Option<String> {
    let screen = match r.screen {
        Some(id) => match ctx.screen_by_id(id) {
            Some(s) => s,
            None => return Some(format!("there is no screen \"{id}\"")),
        },
        None => &ctx.screens[from.pos],
    };
    let name = r.path[0];
    if r.form {
        match ctx.named(screen, name) {
            None => Some(format!(
                "screen {} has no component named \"{name}\"",
                screen.label()
            )),
            Some(c) if c.kind == "Form" => Some(format!(
                "\"{name}\" is the Form itself, which has no value; refer to one of its inputs"
            )),
            Some(_) => None,
        }
    } else if screen
        .data
        .is_some_and(|d| name != "required" && d.has(name))
    {
        None
    } else {
        Some(format!(
            "\"{name}\" is not declared in the data of screen {}",
            screen.label()
        ))
    }
}

/// Calls `f(place, text)` for each backtick expression in a complete, data_exchange or
/// update_data payload (Meta's sample of INVALID_ACTION_PAYLOAD_PROPERTY is an update_data one).
fn each_payload_expression<'a>(ctx: &Ctx<'a>, f: &mut impl FnMut(&Screen<'a>, &At<'_>, &str)) {
    for action in &ctx.actions {
        if !matches!(
            action.name,
            Some("complete" | "data_exchange" | "update_data")
        ) {
            continue;
        }
        let from = &ctx.screens[action.screen];
        each_payload_string(action, &mut |at, s| {
            if s.starts_with('`') {
                f(from, at, s);
            }
        });
    }
}

/// Calls `f(place, text)` for every string in an action's payload.
fn each_payload_string(action: &Action<'_>, f: &mut impl FnMut(&At<'_>, &str)) {
    each_payload_leaf(action, &mut |at, value| {
        if let Value::String(s) = value {
            f(at, s);
        }
    });
}

/// Calls `f(place, value)` for every value in an action's payload (if it has one) that is
/// neither an array nor an object, at any depth.
fn each_payload_leaf(action: &Action<'_>, f: &mut impl FnMut(&At<'_>, &Value)) {
    fn walk(value: &Value, at: &At<'_>, f: &mut impl FnMut(&At<'_>, &Value)) {
        match value {
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &At::Index(at, i), f);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    walk(v, &At::Key(at, k), f);
                }
            }
            leaf => f(at, leaf),
        }
    }
    let Some(payload) = action.payload else {
        return;
    };
    let at = At::Payload(action);
    for (k, v) in payload {
        walk(v, &At::Key(&at, k), f);
    }
}
