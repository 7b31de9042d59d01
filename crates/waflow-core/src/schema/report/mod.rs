//! Turns jsonschema's validation errors into findings with Meta's codes and our own words.

mod codes;
mod help;
mod suggest;
mod words;

use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::generate::slot_of_children_def;
use super::lookup::Schema;
use super::patterns;
use super::rule_list::{
    BLANK, CONDITIONAL_PROPERTY, CONST, DEPENDENCIES, ENUM, FORMAT, MAX_ITEMS, MAXIMUM, MIN_CHARS,
    MIN_ITEMS, MINIMUM, MISSING_PROPERTY, NOT, OTHER, PATTERN, SchemaRuleInfo, TYPE,
    UNKNOWN_PROPERTY,
};
use super::spec::ActionName;
use crate::finding::{Anchor, Finding};
use crate::version::FlowVersion;
use crate::{fix, pointer};

use codes::Shape;
pub use codes::notes;
use suggest::Help;
pub use suggest::nearest;

/// What the mapping needs besides the error itself.
pub struct Context<'a> {
    /// The declared version.
    pub version: FlowVersion,
    /// The flow.
    pub doc: &'a Value,
    /// The schema the flow was validated against, read on demand.
    pub schema: &'a Schema<'a>,
}

/// A finding of `rule`, with Meta's code for a failure of `shape` in the flow's version.
fn finding(
    ctx: &Context,
    rule: SchemaRuleInfo,
    shape: Shape,
    ptr: impl Into<String>,
    message: String,
) -> Finding {
    Finding::error(rule.id, codes::code(rule, shape, ctx.version), ptr, message)
}

/// Whether `inst` is a field of a screen's data model (`/screens/N/data/KEY`, not `required`).
fn is_data_field(inst: &str) -> bool {
    matches!(
        pointer::segments(inst).collect::<Vec<_>>().as_slice(),
        [s, _, d, key] if s == "screens" && d == "data" && key != "required"
    )
}

/// The shape of a failure on a value whose schema also accepts a binding (`node` has a binding
/// pattern): a boolean property or another type.
fn binding_shape(node: &Value) -> Option<Shape> {
    let binding = node
        .get("pattern")
        .and_then(Value::as_str)
        .is_some_and(patterns::is_binding);
    let boolean = match node.get("type") {
        Some(Value::String(s)) => s == "boolean",
        Some(Value::Array(items)) => items.iter().any(|t| t.as_str() == Some("boolean")),
        _ => false,
    };
    binding.then_some(if boolean {
        Shape::BooleanOrBinding
    } else {
        Shape::ValueOrBinding
    })
}

fn with_help(f: Finding, help: Option<String>) -> Finding {
    match help {
        Some(h) => f.with_help(h),
        None => f,
    }
}

/// `f` with `help` and, when the help proposes a name, the fix that applies it.
fn with_proposal(ctx: &Context, f: Finding, help: Option<Help>) -> Finding {
    let Some(help) = help else { return f };
    let fix = help
        .proposed
        .as_deref()
        .and_then(|to| fix::proposed_fix(ctx.doc, &f, to));
    let mut f = f.with_help(help.text);
    f.fix = fix.map(Box::new);
    f
}

fn last_segment(ptr: &str) -> String {
    pointer::segments(ptr).last().unwrap_or_default()
}

/// Maps one validation error onto findings; `inst` is the pointer of its instance in the flow.
pub fn push(ctx: &Context, err: &ValidationError<'_>, inst: &str, out: &mut Vec<Finding>) {
    let schema_path = err.schema_path().as_str();
    let segs: Vec<String> = pointer::segments(schema_path).collect();
    let object_segs = &segs[..segs.len().saturating_sub(1)];
    let node = pointer::parent(schema_path)
        .and_then(|p| ctx.schema.pointer(p))
        .unwrap_or(Value::Null);
    let node = &node;
    let value = err.instance().as_ref();
    let prop = words::property(inst);
    match err.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let object = words::object(ctx.doc, inst);
            for key in unexpected {
                let f = finding(
                    ctx,
                    UNKNOWN_PROPERTY,
                    Shape::Plain,
                    pointer::push(inst, key),
                    if inst.is_empty() {
                        format!("property \"{key}\" is not allowed at the top level of the flow")
                    } else {
                        format!("property \"{key}\" is not allowed in {object}")
                    },
                )
                .with_anchor(Anchor::Key);
                let help = help::unknown_key(ctx, object_segs, node, key);
                out.push(with_proposal(ctx, f, help));
            }
        }
        ValidationErrorKind::Required { property } => {
            let missing = property.as_str().unwrap_or_default();
            let object = words::object(ctx.doc, inst);
            if let Some(at) = segs.iter().position(|s| s == "dependentRequired") {
                let trigger = dependency_trigger(ctx, &segs[..=at], value, missing);
                let f = finding(
                    ctx,
                    DEPENDENCIES,
                    Shape::Plain,
                    inst,
                    format!("{object} has \"{trigger}\" but not \"{missing}\", which it needs"),
                );
                out.push(f.with_anchor(Anchor::Key));
                return;
            }
            let (shape, message) = if words::component_at(ctx.doc, inst).is_none()
                && missing == "type"
                && segs.first().is_some_and(|s| s == "$defs")
                && segs.get(1).is_some_and(|d| d.starts_with("children."))
            {
                (
                    Shape::ComponentType,
                    "this component has no \"type\"".to_owned(),
                )
            } else {
                let shape = if missing == "type" && is_data_field(inst) {
                    Shape::DataModel
                } else {
                    Shape::Plain
                };
                (
                    shape,
                    format!("{object} is missing the required property \"{missing}\""),
                )
            };
            out.push(finding(ctx, MISSING_PROPERTY, shape, inst, message).with_anchor(Anchor::Key));
        }
        ValidationErrorKind::Type { .. } => {
            let expected = expected_types(node);
            let is_layout = matches!(
                pointer::segments(inst).collect::<Vec<_>>().as_slice(),
                [s, _, l] if s == "screens" && l == "layout"
            );
            let (shape, message) = if segs.get(1).is_some_and(|d| d.starts_with("children.")) {
                (
                    Shape::Plain,
                    format!("a component must be an object, not {}", kind_of(value)),
                )
            } else if is_data_field(inst) {
                (
                    Shape::DataModel,
                    format!(
                        "{} must be an object that declares a \"type\" and an \"__example__\", not {}",
                        words::object(ctx.doc, inst),
                        kind_of(value)
                    ),
                )
            } else {
                let shape = if is_layout {
                    Shape::Layout
                } else {
                    binding_shape(node).unwrap_or(Shape::Plain)
                };
                (
                    shape,
                    format!("{prop} must be {expected}, not {}", kind_of(value)),
                )
            };
            out.push(finding(ctx, TYPE, shape, inst, message));
        }
        ValidationErrorKind::Enum { options } => {
            let is_component_type = segs.len() == 5
                && segs[0] == "$defs"
                && segs[2] == "properties"
                && segs[3] == "type";
            if let (true, Some(slot)) = (is_component_type, slot_of_children_def(&segs[1])) {
                let (rule, message, help) = help::component_type(ctx.version, slot, value);
                let f = finding(ctx, rule, Shape::Plain, inst, message);
                out.push(with_proposal(ctx, f, help));
                return;
            }
            out.push(enum_finding(ctx, inst, &prop, value, options));
        }
        ValidationErrorKind::Constant { expected_value } => out.push(finding(
            ctx,
            CONST,
            Shape::Plain,
            inst,
            format!(
                "{prop} must be {}, not {}",
                words::show(expected_value),
                words::show(value)
            ),
        )),
        // The build-time validators report a key that fails `propertyNames` as a pattern error
        // on the key itself; jsonschema's run-time validator wraps it (`PropertyNames`).
        ValidationErrorKind::Pattern { .. }
            if segs
                .iter()
                .rev()
                .nth(1)
                .is_some_and(|s| s == "propertyNames") =>
        {
            out.push(bad_key(ctx, inst, value.as_str().unwrap_or_default()));
        }
        ValidationErrorKind::Pattern { pattern } => {
            out.push(pattern_finding(ctx, inst, &prop, value, pattern, node))
        }
        ValidationErrorKind::PropertyNames { error } => {
            out.push(bad_key(
                ctx,
                inst,
                error.instance().as_str().unwrap_or_default(),
            ));
        }
        ValidationErrorKind::MinItems { limit } => {
            let what = if *limit == 1 {
                "at least one item".to_owned()
            } else {
                format!("at least {limit} items")
            };
            let empty_then = last_segment(inst) == "then"
                && pointer::parent(inst).and_then(|p| words::component_at(ctx.doc, p))
                    == Some("If");
            let shape = if empty_then {
                Shape::EmptyThen
            } else {
                Shape::Plain
            };
            out.push(finding(
                ctx,
                MIN_ITEMS,
                shape,
                inst,
                format!("{prop} needs {what}"),
            ));
        }
        ValidationErrorKind::MaxItems { limit } => out.push(finding(
            ctx,
            MAX_ITEMS,
            Shape::Plain,
            inst,
            format!("{prop} may have at most {limit} items"),
        )),
        ValidationErrorKind::MinLength { limit } => {
            let message = if *limit == 1 {
                format!("{prop} must not be empty")
            } else {
                format!("{prop} needs at least {limit} characters")
            };
            out.push(finding(ctx, MIN_CHARS, Shape::Plain, inst, message));
        }
        ValidationErrorKind::Minimum { limit } => out.push(finding(
            ctx,
            MINIMUM,
            Shape::Plain,
            inst,
            format!(
                "{prop} must be at least {limit}, not {}",
                words::show(value)
            ),
        )),
        ValidationErrorKind::Maximum { limit } => out.push(finding(
            ctx,
            MAXIMUM,
            Shape::Plain,
            inst,
            format!("{prop} must be at most {limit}, not {}", words::show(value)),
        )),
        ValidationErrorKind::Not { schema } if schema.as_object().is_some_and(|o| o.is_empty()) => {
            let excluded_by = segs
                .iter()
                .position(|s| s == "dependentSchemas")
                .and_then(|at| segs.get(at + 1));
            out.push(conditional(ctx, inst, excluded_by.map(String::as_str)));
        }
        ValidationErrorKind::Not { .. } => {
            let message = if last_segment(inst) == "name" {
                format!("{prop} is a name and cannot be a binding or an expression")
            } else {
                format!("{prop} has a form that is not allowed here")
            };
            out.push(
                finding(ctx, NOT, Shape::Plain, inst, message)
                    .with_help("component names are fixed strings, e.g. \"first_name\""),
            );
        }
        ValidationErrorKind::Format { format } => out.push(finding(
            ctx,
            FORMAT,
            Shape::Plain,
            inst,
            format!("{prop} is not a valid {format}"),
        )),
        _ => out.push(finding(
            ctx,
            OTHER,
            Shape::Plain,
            inst,
            format!(
                "{prop} has a value the Flow JSON {} schema rejects",
                ctx.version
            ),
        )),
    }
}

/// The finding of a key of the object at `inst` that is not a valid screen id.
fn bad_key(ctx: &Context, inst: &str, key: &str) -> Finding {
    finding(
        ctx,
        PATTERN,
        Shape::Plain,
        pointer::push(inst, key),
        format!(
            "\"{key}\" in {} is not a valid screen id",
            words::object(ctx.doc, inst)
        ),
    )
    .with_anchor(Anchor::Key)
    .with_help("screen ids may only contain letters and underscores")
}

/// The key whose presence made `missing` required, read from the `dependentRequired` keyword at
/// `segs` in the schema.
fn dependency_trigger(ctx: &Context, segs: &[String], object: &Value, missing: &str) -> String {
    let at = segs.iter().fold(String::new(), |p, s| pointer::push(&p, s));
    let rules = ctx.schema.pointer(&at);
    let Some(rules) = rules.as_ref().and_then(Value::as_object) else {
        return String::new();
    };
    rules
        .iter()
        .find(|(key, needs)| {
            object.get(key.as_str()).is_some()
                && needs
                    .as_array()
                    .is_some_and(|n| n.iter().any(|k| k.as_str() == Some(missing)))
        })
        .map(|(key, _)| key.clone())
        .unwrap_or_default()
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// "a boolean or a ${…} binding" from a schema's `type` (and binding `pattern`).
fn expected_types(node: &Value) -> String {
    let binding = node
        .get("pattern")
        .and_then(Value::as_str)
        .is_some_and(patterns::is_binding);
    let names: Vec<&str> = match node.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut out: Vec<String> = names
        .iter()
        .filter(|n| !(binding && **n == "string"))
        .map(|n| words::type_name(n).to_owned())
        .collect();
    if binding {
        out.push("a ${…} binding".to_owned());
    }
    words::list(&out)
}

fn conditional(ctx: &Context, inst: &str, excluded_by: Option<&str>) -> Finding {
    let key = last_segment(inst);
    if let Some(other) = excluded_by {
        return finding(
            ctx,
            CONDITIONAL_PROPERTY,
            Shape::Plain,
            inst,
            format!("\"{key}\" cannot be used together with \"{other}\""),
        )
        .with_anchor(Anchor::Key)
        .with_help(format!("keep either \"{other}\" or \"{key}\""));
    }
    let (message, help) = match key.as_str() {
        "success" => (
            "\"success\" is only allowed on a terminal screen".to_owned(),
            "add \"terminal\": true to the screen, or remove \"success\"".to_owned(),
        ),
        "next" => (
            "\"next\" is only used by the navigate action".to_owned(),
            "remove \"next\", or change the action's name to \"navigate\"".to_owned(),
        ),
        "url" => (
            "\"url\" is only used by the open_url action".to_owned(),
            "remove \"url\", or change the action's name to \"open_url\"".to_owned(),
        ),
        "payload" => (
            "an open_url action cannot carry a payload".to_owned(),
            "remove \"payload\"".to_owned(),
        ),
        other => (
            format!(
                "property \"{other}\" is not allowed in {}",
                pointer::parent(inst)
                    .map(|p| words::object(ctx.doc, p))
                    .unwrap_or_default()
            ),
            "remove it".to_owned(),
        ),
    };
    finding(ctx, CONDITIONAL_PROPERTY, Shape::Plain, inst, message)
        .with_anchor(Anchor::Key)
        .with_help(help)
}

fn enum_finding(ctx: &Context, inst: &str, prop: &str, value: &Value, options: &Value) -> Finding {
    let allowed: Vec<&str> = options
        .as_array()
        .map(|o| o.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let shown: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
    let key = last_segment(inst);
    let text = value.as_str();
    let parent_key = pointer::parent(inst).map(last_segment).unwrap_or_default();
    let mut help = text
        .and_then(|t| suggest::nearest(t, allowed.iter().copied()).filter(|n| *n != t))
        .map(|n| format!("did you mean \"{n}\"?"));
    let message = if key == "name" && parent_key.ends_with("-action") {
        let action = [
            ActionName::Navigate,
            ActionName::DataExchange,
            ActionName::Complete,
            ActionName::UpdateData,
            ActionName::OpenUrl,
        ]
        .into_iter()
        .find(|a| Some(a.as_str()) == text);
        if let Some(a) = action.filter(|a| a.since() > ctx.version) {
            help = Some(format!(
                "{} needs Flow JSON {} or later",
                a.as_str(),
                a.since()
            ));
        }
        let owner = words::object(ctx.doc, pointer::parent(inst).unwrap_or_default());
        if help.is_some() && !action_allowed_later(ctx, inst, text.unwrap_or_default()) {
            help = None;
        }
        format!(
            "{} cannot be used in {owner}; allowed: {}",
            value_words(value),
            shown.join(", ")
        )
    } else {
        let first_with = |t: &str| {
            FlowVersion::ALL
                .into_iter()
                .find(|v| v.data_api_versions().contains(&t))
        };
        if let Some(since) = text
            .filter(|_| key == "data_api_version")
            .and_then(first_with)
        {
            help = Some(format!(
                "data_api_version {} needs Flow JSON {since} or later",
                words::show(value)
            ));
        }
        format!(
            "{prop} must be {}, not {}",
            words::list(&shown),
            words::show(value)
        )
    };
    let shape = if is_data_field(pointer::parent(inst).unwrap_or_default()) && key == "type" {
        Shape::DataModel
    } else {
        Shape::Plain
    };
    with_help(finding(ctx, ENUM, shape, inst, message), help)
}

/// Whether the component owning the action at `inst` accepts `action` there in some version.
fn action_allowed_later(ctx: &Context, inst: &str, action: &str) -> bool {
    let Some(action_ptr) = pointer::parent(inst) else {
        return false;
    };
    let key = last_segment(action_ptr);
    let owner = pointer::parent(action_ptr).and_then(|p| words::component_at(ctx.doc, p));
    let Some(component) = owner.and_then(super::spec::component) else {
        return false;
    };
    component.spec.rows(&key).any(|row| match row.ty {
        super::spec::Ty::Action { names, .. } => names.iter().any(|n| n.as_str() == action),
        _ => false,
    })
}

fn value_words(value: &Value) -> String {
    match value.as_str() {
        Some(s) => format!("the action \"{s}\""),
        None => words::show(value),
    }
}

fn pattern_finding(
    ctx: &Context,
    inst: &str,
    prop: &str,
    value: &Value,
    pattern: &str,
    node: &Value,
) -> Finding {
    let v = ctx.version;
    let shown = words::show(value);
    if pattern == patterns::NON_BLANK {
        return finding(
            ctx,
            BLANK,
            Shape::Plain,
            inst,
            format!("{prop} must not be blank"),
        )
        .with_help(format!(
            "Flow JSON {v} does not accept empty or white-space-only text here"
        ));
    }
    let shape = if patterns::is_binding(pattern) {
        binding_shape(node).unwrap_or(Shape::Plain)
    } else if pattern == patterns::url() {
        Shape::Url
    } else {
        Shape::Plain
    };
    let (message, help) = if patterns::is_screen_id(pattern) {
        let message = if last_segment(inst) == "id" {
            format!("screen id {shown} may only contain letters and underscores")
        } else {
            format!("{prop} is {shown}, which is not a valid screen id")
        };
        let help = if v >= FlowVersion::V7_0 {
            "use letters and underscores only (no digits, spaces or hyphens; not only underscores)"
        } else {
            "use letters and underscores only (no digits, spaces or hyphens)"
        };
        (message, help.to_owned())
    } else if patterns::is_binding(pattern) {
        let forms = if v >= FlowVersion::V6_0 {
            "${data.x}, ${form.x}, ${screen.ID.data.x} or a `backtick expression`"
        } else if v >= FlowVersion::V4_0 {
            "${data.x}, ${form.x} or ${screen.ID.data.x}"
        } else {
            "${data.x}"
        };
        let inline = value.as_str().is_some_and(crate::expr::has_open);
        let help = if inline && v >= FlowVersion::V6_0 {
            "to compute a value, wrap the whole expression in backticks, e.g. `${data.count} > 1`"
                .to_owned()
        } else {
            format!("a binding looks like {forms}")
        };
        (
            format!("{prop} must be {}, not {shown}", expected_types(node)),
            help,
        )
    } else if pattern == patterns::date_or_binding(v) {
        (
            format!(
                "{prop} is {shown}, which is not {}",
                patterns::date_words(v)
            ),
            format!(
                "Flow JSON {v} expects {} or a binding",
                patterns::date_words(v)
            ),
        )
    } else if pattern == patterns::COLOR {
        (
            format!("{prop} is {shown}, which is not a colour"),
            "write colours as #RRGGBB, e.g. \"#1A73E8\"".to_owned(),
        )
    } else if pattern == patterns::url() {
        (
            format!("{prop} is {shown}, which is not an http(s) URL"),
            "start the URL with https:// (or use a binding)".to_owned(),
        )
    } else {
        (
            format!("{prop} is {shown}, which does not match the expected form"),
            format!("expected a string matching {pattern}"),
        )
    };
    finding(ctx, PATTERN, shape, inst, message).with_help(help)
}

/// Drops findings that repeat what another finding already says: a blank or pattern failure on
/// an empty string, and a bad screen id repeated in `routing_model` (reported at the screen).
pub fn finish(ctx: &Context, mut findings: Vec<Finding>) -> Vec<Finding> {
    let empty: Vec<String> = findings
        .iter()
        .filter(|f| f.rule == MIN_CHARS.id)
        .map(|f| f.pointer.clone())
        .collect();
    findings
        .retain(|f| !((f.rule == BLANK.id || f.rule == PATTERN.id) && empty.contains(&f.pointer)));
    let bad_ids: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule == PATTERN.id && f.pointer.starts_with("/screens/"))
        .filter(|f| f.pointer.ends_with("/id"))
        .filter_map(|f| ctx.doc.pointer(&f.pointer).and_then(Value::as_str))
        .collect();
    let repeated = |f: &Finding| {
        f.rule == PATTERN.id
            && f.pointer.starts_with("/routing_model/")
            && (bad_ids.contains(&last_segment(&f.pointer).as_str())
                || ctx
                    .doc
                    .pointer(&f.pointer)
                    .and_then(Value::as_str)
                    .is_some_and(|id| bad_ids.contains(&id)))
    };
    let keep: Vec<bool> = findings.iter().map(|f| !repeated(f)).collect();
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert((f.rule.clone(), f.pointer.clone(), f.message.clone())));
    findings
}
