//! Help lines and messages that need the spec tables: unknown keys and component types.

use serde_json::Value;

use super::Context;
use super::suggest::{Help, nearest};
use super::words;
use crate::schema::rule_list::{MISPLACED_COMPONENT, SchemaRuleInfo, UNKNOWN_COMPONENT};
use crate::schema::spec::{self, COMPONENTS, ObjSpec, Slot, Where};
use crate::version::FlowVersion;

/// The spec object whose schema is the `$defs` entry or root named by a schema path, and whether
/// it is the inside-a-Form variant. `segs` are the schema path segments up to the object.
fn spec_of(segs: &[String]) -> Option<(&'static ObjSpec, bool)> {
    match segs {
        [] => Some((&spec::ROOT, false)),
        [defs, name] if defs == "$defs" => match name.as_str() {
            "screen" => Some((&spec::SCREEN, false)),
            "layout" => Some((&spec::LAYOUT, false)),
            other => {
                let (base, in_form) = match other.strip_suffix("-in-form") {
                    Some(base) => (base, true),
                    None => (other, false),
                };
                spec::component(base).map(|c| (&c.spec, in_form))
            }
        },
        _ => None,
    }
}

/// Why `key` is not allowed in the object whose schema sits at `segs` (`node` is that schema).
pub fn unknown_key(ctx: &Context, segs: &[String], node: &Value, key: &str) -> Option<Help> {
    let v = ctx.version;
    if let Some((obj, in_form)) = spec_of(segs) {
        let rows: Vec<_> = obj.rows(key).collect();
        if rows
            .iter()
            .any(|r| r.versions.contains(v) && r.place == Where::OutsideForm)
            && in_form
        {
            let plural = if key == "init-value" {
                "init-values"
            } else {
                "error-messages"
            };
            return Some(
                format!(
                    "`{key}` is only allowed outside a Form; inside a Form use the Form's `{plural}`"
                )
                .into(),
            );
        }
        let known_now = rows.iter().any(|r| r.versions.contains(v));
        let later = rows
            .iter()
            .map(|r| r.versions.since)
            .filter(|s| *s > v)
            .min();
        let removed = rows
            .iter()
            .filter_map(|r| r.versions.until)
            .find(|u| *u <= v);
        match (known_now, later, removed) {
            (false, Some(since), _) => {
                return Some(format!("`{key}` needs Flow JSON {since} or later").into());
            }
            (false, None, Some(until)) => {
                return Some(format!("`{key}` was removed in Flow JSON {until}").into());
            }
            _ => {}
        }
        if segs.is_empty() && key == "$schema" {
            return Some(
                "Meta rejects unknown top-level keys; map the schema in your editor settings \
                 instead (json.schemas, see docs/schemas.md)"
                    .to_owned()
                    .into(),
            );
        }
    }
    let allowed = node.get("properties").and_then(Value::as_object)?;
    nearest(key, allowed.keys().map(String::as_str)).map(|k| Help::did_you_mean(k, true, None))
}

/// Rule, message and help for a component `type` that is not allowed in `slot`.
pub fn component_type(
    version: FlowVersion,
    slot: Slot,
    value: &Value,
) -> (SchemaRuleInfo, String, Option<Help>) {
    let allowed: Vec<&str> = COMPONENTS
        .iter()
        .filter(|c| c.allowed_in(slot, version))
        .map(|c| c.name)
        .collect();
    let allowed_line = format!(
        "allowed {} in Flow JSON {version}: {}",
        slot.phrase(),
        allowed.join(", ")
    );
    let Some(name) = value.as_str() else {
        return (
            UNKNOWN_COMPONENT,
            format!(
                "a component \"type\" must be a component name, not {}",
                words::show(value)
            ),
            Some(allowed_line.into()),
        );
    };
    match spec::component(name) {
        Some(c) if !c.versions.contains(version) => (
            UNKNOWN_COMPONENT,
            format!("{name} does not exist in Flow JSON {version}"),
            Some(
                format!(
                    "{name} needs Flow JSON {} or later; this flow declares {version}",
                    c.versions.since
                )
                .into(),
            ),
        ),
        Some(c) => {
            let later = c
                .places
                .iter()
                .filter(|p| p.slot == slot && p.versions.since > version)
                .map(|p| p.versions.since.max(c.versions.since))
                .min();
            let help = match later {
                Some(since) => format!(
                    "{name} may be used {} from Flow JSON {since}",
                    slot.phrase()
                ),
                None if slot == Slot::Layout && version < FlowVersion::V4_0 => {
                    "before Flow JSON 4.0 input components must be inside a Form".into()
                }
                None => allowed_line,
            };
            (
                MISPLACED_COMPONENT,
                format!("{name} cannot be used {}", slot.phrase()),
                Some(help.into()),
            )
        }
        None => {
            let guess = nearest(name, COMPONENTS.iter().map(|c| c.name));
            let help = match guess {
                Some(g) => Help::did_you_mean(g, false, Some(&allowed_line)),
                None => allowed_line.into(),
            };
            (
                UNKNOWN_COMPONENT,
                format!("\"{name}\" is not a Flow JSON component"),
                Some(help),
            )
        }
    }
}
