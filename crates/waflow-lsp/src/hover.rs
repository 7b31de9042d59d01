//! Hover: a finding's rule documentation; a component type or property from the schema spec; a
//! `${data.…}`, `${form.…}` or `${screen.…}` reference and what it resolves to.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use serde_json::Value;
use waflow_core::rules::walker::Ctx;
use waflow_core::schema::spec::{self, Slot};

use crate::LspError;
use crate::analysis::{Place, hit, place};
use crate::diagnostics::rule_doc_url;
use crate::navigation::{Sym, resolve_at};
use crate::server::{Cursor, State};
use crate::spec::{object_at, prop_markdown, versions_text};

/// The hover at a position.
pub fn hover(state: &State<'_>, params: &HoverParams) -> Result<Option<Hover>, LspError> {
    let Some(cursor) = state.cursor(&params.text_document_position_params)? else {
        return Ok(None);
    };
    let mut parts = findings(&cursor);
    parts.extend(reference(&cursor).or_else(|| schema(&cursor)));
    if parts.is_empty() {
        return Ok(None);
    }
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: None,
    }))
}

/// The findings under the cursor, each with its rule's documentation.
fn findings(cursor: &Cursor<'_>) -> Vec<String> {
    cursor
        .open
        .findings
        .iter()
        .filter(|l| l.start <= cursor.offset && cursor.offset <= l.end)
        .map(|l| {
            let f = &l.finding;
            let mut out = format!("**{}** `{}`: {}", f.code, f.rule, f.message);
            if let Some(help) = &f.help {
                out.push_str(&format!("\n\nhelp: {help}"));
            }
            if let Some(rule) = waflow_core::rules::lookup(&f.rule).first() {
                out.push_str(&format!(
                    "\n\n{}\n\n**Why.** {}",
                    rule.summary(),
                    rule.why()
                ));
                let notes = rule.notes();
                if !notes.is_empty() {
                    out.push_str(&format!("\n\n**Notes.** {notes}"));
                }
            }
            out.push_str(&format!(
                "\n\n[Rule documentation]({}) · `waflow explain {}`",
                rule_doc_url(&f.rule),
                f.rule
            ));
            out
        })
        .collect()
}

/// A reference under the cursor: what it names and what that is.
fn reference(cursor: &Cursor<'_>) -> Option<String> {
    let analysis = cursor.analysis;
    let (sym, decl) = resolve_at(analysis, cursor.at)?;
    let value = analysis.value()?;
    let ctx = Ctx::new(analysis.version, value);
    let screen_label = |index: usize| {
        ctx.screens
            .iter()
            .find(|s| s.index == index)
            .map_or_else(|| format!("screens[{index}]"), |s| s.label())
    };
    let missing = if decl.is_none() {
        "\n\nNot declared: this reference resolves to nothing."
    } else {
        ""
    };
    let text = match &sym {
        Sym::Screen(id) => {
            let title = ctx
                .screen_by_id(id)
                .and_then(|s| s.value.get("title"))
                .and_then(Value::as_str)
                .map(|t| format!(", titled \"{t}\""))
                .unwrap_or_default();
            format!("Screen `{id}`{title}.{missing}")
        }
        Sym::Data(screen, name) => {
            let field = value
                .pointer(&format!("/screens/{screen}/data"))
                .and_then(|d| d.get(name));
            let ty = field
                .and_then(|f| f.get("type"))
                .and_then(Value::as_str)
                .unwrap_or("unknown");
            let example = field
                .and_then(|f| f.get("__example__"))
                .map(|e| format!("\n\nExample: `{e}`"))
                .unwrap_or_default();
            format!(
                "Data-model field `{name}` of screen `{}`: {ty}.{example}{missing}",
                screen_label(*screen)
            )
        }
        Sym::Form(screen, name) => {
            let component = ctx
                .components
                .iter()
                .find(|c| ctx.screens[c.screen].index == *screen && c.name == Some(name.as_str()));
            let what = component.map_or_else(String::new, |c| {
                let label = c
                    .value
                    .get("label")
                    .and_then(Value::as_str)
                    .map(|l| format!(" labelled \"{l}\""))
                    .unwrap_or_default();
                format!(": the value of the {}{label}", c.kind)
            });
            format!(
                "Form field `{name}` of screen `{}`{what}.{missing}",
                screen_label(*screen)
            )
        }
    };
    Some(text)
}

/// A property key or a component type under the cursor, from the schema spec.
fn schema(cursor: &Cursor<'_>) -> Option<String> {
    let analysis = cursor.analysis;
    let value = analysis.value()?;
    let spans = analysis.spans();
    let h = hit(&spans, cursor.at)?;
    let (last, parent) = h.path.split_last()?;
    let key = last.key()?;
    if h.in_key {
        let owner = object_at(value, parent)?;
        return prop_markdown(owner, key, analysis.version);
    }
    // The value of `type` in a component.
    if key == "type"
        && let Place::Component { slot, .. } = place(value, parent)
        && let Some(s) = h.string(&spans, analysis.text())
    {
        return component_markdown(&s, slot, analysis.version);
    }
    None
}

fn component_markdown(name: &str, slot: Slot, version: waflow_core::FlowVersion) -> Option<String> {
    let c = spec::component(name)?;
    let mut out = format!("**{}**\n\n{}\n\n", c.name, c.summary);
    out.push_str(&format!(
        "- Flow JSON versions: {}\n",
        versions_text(c.versions)
    ));
    let places: Vec<&str> = Slot::ALL
        .iter()
        .filter(|s| c.allowed_in(**s, version))
        .map(|s| s.phrase())
        .collect();
    if places.is_empty() {
        out.push_str(&format!("- Not available in Flow JSON {version}\n"));
    } else {
        out.push_str(&format!("- Allowed {}\n", places.join(", ")));
    }
    if !c.allowed_in(slot, version) {
        out.push_str(&format!("- Not allowed {} in {version}\n", slot.phrase()));
    }
    Some(out)
}
