//! What the schema spec says about the object under the cursor: its properties, their values and
//! the versions that have them, in words for hovers and completion.

use serde_json::Value;
use waflow_core::FlowVersion;
use waflow_core::schema::spec::{self, ObjSpec, Prop, Required, Ty, Versions};

use crate::analysis::{Place, Seg, place};

/// The spec of the object at `path`, when the spec has one.
pub fn object_at(doc: &Value, path: &[Seg]) -> Option<&'static ObjSpec> {
    match place(doc, path) {
        Place::Root => return Some(&spec::ROOT),
        Place::Screen(_) => return Some(&spec::SCREEN),
        Place::Layout(_) => return Some(&spec::LAYOUT),
        Place::Component { kind, .. } => return spec::component(&kind).map(|c| &c.spec),
        _ => {}
    }
    // A nested object: the row of its key in the parent object, or of its array.
    let (last, parent) = path.split_last()?;
    match last {
        Seg::Key(key) => {
            let owner = object_at(doc, parent)?;
            owner.rows(key).find_map(|row| nested(&row.ty, false))
        }
        Seg::Index(_) => {
            let (Seg::Key(key), grand) = parent.split_last()? else {
                return None;
            };
            let owner = object_at(doc, grand)?;
            owner.rows(key).find_map(|row| nested(&row.ty, true))
        }
    }
}

fn nested(ty: &Ty, item: bool) -> Option<&'static ObjSpec> {
    match (ty, item) {
        (Ty::Object(o), false) => Some(o),
        (Ty::Items { item: o, .. }, true) => Some(o),
        (Ty::Either(options), _) => options.iter().find_map(|t| nested(t, item)),
        _ => None,
    }
}

/// The rows of `key` that apply to `version`, or every row when none does.
pub fn rows_for(owner: &ObjSpec, key: &str, version: FlowVersion) -> Vec<&'static Prop> {
    let all: Vec<&'static Prop> = owner.rows(key).collect();
    let current: Vec<&'static Prop> = all
        .iter()
        .copied()
        .filter(|p| p.versions.contains(version))
        .collect();
    if current.is_empty() { all } else { current }
}

/// "since 6.2", "until 3.0", "6.0 to 7.0" or "every version".
pub fn versions_text(v: Versions) -> String {
    match (v.since == FlowVersion::V2_1, v.until) {
        (true, None) => "every version".to_owned(),
        (false, None) => format!("since {}", v.since),
        (true, Some(until)) => format!("before {until}"),
        (false, Some(until)) => format!("from {} until before {until}", v.since),
    }
}

/// The enum values a property accepts, if it is one.
pub fn enum_values(ty: &Ty) -> &'static [&'static str] {
    match ty {
        Ty::Enum { values, .. } | Ty::EnumList { values, .. } => values,
        _ => &[],
    }
}

/// What a value of type `ty` may be, in a few words.
pub fn ty_text(ty: &Ty) -> String {
    let quoted = |values: &[&str]| {
        values
            .iter()
            .map(|v| format!("`\"{v}\"`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match ty {
        Ty::Text | Ty::AnyText => "text, or a `${…}` binding".to_owned(),
        Ty::Label => "non-empty text, or a binding".to_owned(),
        Ty::Name => "a name (not a binding)".to_owned(),
        Ty::Bool => "`true`, `false` or a binding".to_owned(),
        Ty::LiteralBool => "`true` or `false`".to_owned(),
        Ty::Number {
            integer, min, max, ..
        } => {
            let mut s = if *integer {
                "a whole number"
            } else {
                "a number"
            }
            .to_owned();
            match (min, max) {
                (Some(lo), Some(hi)) => s.push_str(&format!(" from {lo} to {hi}")),
                (Some(lo), None) => s.push_str(&format!(" of at least {lo}")),
                (None, Some(hi)) => s.push_str(&format!(" of at most {hi}")),
                (None, None) => {}
            }
            s
        }
        Ty::Enum { values, .. } => format!("one of {}", quoted(values)),
        Ty::EnumList { values, .. } => format!("a list of {}", quoted(values)),
        Ty::Date => "a date (`YYYY-MM-DD`) or a binding".to_owned(),
        Ty::Dates => "a list of dates or a binding".to_owned(),
        Ty::Strings { .. } => "a list of strings".to_owned(),
        Ty::TextOrLines => "text, or a list of lines".to_owned(),
        Ty::Color => "a colour `#RRGGBB`".to_owned(),
        Ty::Image => "base64 image data or a binding".to_owned(),
        Ty::Url => "an http(s) URL or a binding".to_owned(),
        Ty::Binding => "a `${…}` binding".to_owned(),
        Ty::Condition => "a condition (`${…}` expression; a boolean from 6.0)".to_owned(),
        Ty::Object(o) => format!("an object ({})", o.name),
        Ty::StringMap => "an object of strings".to_owned(),
        Ty::Items { item, .. } => format!("a list of {} objects, or a binding", item.name),
        Ty::Either(options) => options
            .iter()
            .map(ty_text)
            .collect::<Vec<_>>()
            .join("; or "),
        Ty::Children { .. } => "a list of components".to_owned(),
        Ty::Cases => "an object of component lists, one per case".to_owned(),
        Ty::Action { .. } => "an action object".to_owned(),
        Ty::Payload => "an object of values sent with the action".to_owned(),
        Ty::FormValues => "an object keyed by field name, or a binding".to_owned(),
        Ty::Next => "`{ \"type\": \"screen\", \"name\": SCREEN_ID }`".to_owned(),
        Ty::ScreenId => "a screen id (letters and underscores)".to_owned(),
        Ty::Screens => "the list of screens".to_owned(),
        Ty::Layout => "the layout object".to_owned(),
        Ty::DataModel => "the screen's data model".to_owned(),
        Ty::RoutingModel => "screen id -> list of screen ids".to_owned(),
        Ty::DataApiVersion => "`\"3.0\"`".to_owned(),
        Ty::Version => "the Flow JSON version as a string".to_owned(),
    }
}

/// Markdown about one property: description, values, versions, whether it is required.
pub fn prop_markdown(owner: &ObjSpec, key: &str, version: FlowVersion) -> Option<String> {
    let rows = rows_for(owner, key, version);
    if rows.is_empty() {
        return None;
    }
    let mut out = format!("**{key}** ({})\n\n", owner.name);
    let describe = waflow_core::schema::descriptions::describe(owner.name, key);
    if !describe.is_empty() {
        out.push_str(describe);
        out.push_str("\n\n");
    }
    for row in rows {
        let required = match row.required {
            Required::Since(FlowVersion::V2_1) => ", required".to_owned(),
            Required::Since(v) => format!(", required since {v}"),
            Required::No => String::new(),
        };
        out.push_str(&format!(
            "- {}: {}{required}\n",
            versions_text(row.versions),
            ty_text(&row.ty)
        ));
    }
    if !rows_for(owner, key, version)
        .iter()
        .any(|r| r.versions.contains(version))
    {
        out.push_str(&format!("\nNot available in Flow JSON {version}.\n"));
    }
    Some(out)
}
