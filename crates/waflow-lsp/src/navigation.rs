//! Screen ids, form fields and data-model fields: where each is declared and used, for go to
//! definition, references, rename and document symbols.

use std::collections::HashMap;

use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Location, PrepareRenameResponse, ReferenceParams, RenameParams,
    SymbolKind, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};
use serde_json::Value;
use waflow_core::diagnostic::Locator;
use waflow_core::expr;
use waflow_core::rules::walker::Ctx;
use waflow_core::span_index::SpanIndex;
use waflow_core::{Anchor, Finding};

use crate::LspError;
use crate::analysis::{Analysis, Seg, pointer_of};
use crate::server::{Cursor, State};

/// Something that has a name in a flow.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Sym {
    /// A screen, by id.
    Screen(String),
    /// A form field (a named component) of the screen at this index of `screens`.
    Form(usize, String),
    /// A data-model field of the screen at this index of `screens`.
    Data(usize, String),
}

/// One place a name is written: the bytes of the name itself (analysis offsets).
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// What it names.
    pub sym: Sym,
    /// First byte of the name.
    pub start: usize,
    /// Just after the name.
    pub end: usize,
    /// Whether this is the declaration.
    pub decl: bool,
}

/// The byte range of the contents of the string at `pointer` (inside the quotes), when the
/// string has no escapes (names never need them).
fn inner(spans: &SpanIndex<'_>, text: &str, pointer: &str, key: bool) -> Option<(usize, usize)> {
    let (node, full) = spans.lookup(pointer)?;
    let span = if key { node.key? } else { node.value };
    let raw = text.get(span.start..span.end)?;
    (full && raw.len() >= 2 && raw.starts_with('"') && !raw.contains('\\'))
        .then_some((span.start + 1, span.end - 1))
}

/// Every declaration and use of a name in the document.
pub fn occurrences(analysis: &Analysis) -> Vec<Occurrence> {
    let Some(value) = analysis.value() else {
        return Vec::new();
    };
    let text = analysis.text();
    let spans = analysis.spans();
    let ctx = Ctx::new(analysis.version, value);
    let mut out = Vec::new();
    let mut push = |sym: Sym, range: Option<(usize, usize)>, decl: bool| {
        if let Some((start, end)) = range {
            out.push(Occurrence {
                sym,
                start,
                end,
                decl,
            });
        }
    };
    for screen in &ctx.screens {
        if let Some(id) = screen.id {
            let range = inner(&spans, text, &format!("{}/id", screen.pointer), false);
            push(Sym::Screen(id.to_owned()), range, true);
        }
        for field in screen.data.iter().flat_map(|d| d.keys()) {
            let pointer = waflow_core::pointer::push(&format!("{}/data", screen.pointer), field);
            push(
                Sym::Data(screen.index, field.clone()),
                inner(&spans, text, &pointer, true),
                true,
            );
        }
    }
    for c in &ctx.components {
        if let Some(name) = c.name {
            let index = ctx.screens[c.screen].index;
            let range = inner(&spans, text, &format!("{}/name", c.pointer), false);
            push(Sym::Form(index, name.to_owned()), range, true);
        }
    }
    for action in &ctx.actions {
        if let Some(target) = action.navigate_target() {
            let range = inner(&spans, text, &action.pointer_to("next/name"), false);
            push(Sym::Screen(target.to_owned()), range, false);
        }
    }
    if let Some(routing) = ctx.routing_model {
        for (from, targets) in routing {
            let pointer = waflow_core::pointer::push("/routing_model", from);
            push(
                Sym::Screen(from.clone()),
                inner(&spans, text, &pointer, true),
                false,
            );
            for (i, target) in targets.as_array().into_iter().flatten().enumerate() {
                if let Some(id) = target.as_str() {
                    let item = waflow_core::pointer::push_index(&pointer, i);
                    push(
                        Sym::Screen(id.to_owned()),
                        inner(&spans, text, &item, false),
                        false,
                    );
                }
            }
        }
    }
    let screen_index = |id: &str| ctx.screen_by_id(id).map(|s| s.index);
    let mut locator = Locator::new(analysis.doc());
    for_each_string(value, &mut Vec::new(), &mut |path, s| {
        if !s.contains("${") {
            return;
        }
        let own = match path.as_slice() {
            [Seg::Key(k), Seg::Index(i), ..] if k == "screens" => Some(*i),
            _ => None,
        };
        let pointer = pointer_of(path);
        let mut raw = |span: &std::ops::Range<usize>| {
            let probe = Finding::error("", "", pointer.clone(), "").with_anchor(Anchor::InString {
                start: span.start,
                end: span.end,
            });
            let d = locator.locate(probe);
            (d.span.start, d.span.end)
        };
        for r in expr::references(s) {
            let screen = match &r.screen {
                Some((id, span)) => {
                    push(Sym::Screen(id.clone()), Some(raw(span)), false);
                    screen_index(id)
                }
                None => own,
            };
            let (Some(screen), Some(name), Some(span)) =
                (screen, r.path.first(), r.path_spans.first())
            else {
                continue;
            };
            let sym = match r.scope {
                expr::Scope::Data => Sym::Data(screen, name.clone()),
                expr::Scope::Form => Sym::Form(screen, name.clone()),
            };
            push(sym, Some(raw(span)), false);
        }
    });
    out.sort_by_key(|o| o.start);
    out
}

/// Calls `f` with the path and text of every string value.
fn for_each_string(node: &Value, path: &mut Vec<Seg>, f: &mut dyn FnMut(&Vec<Seg>, &str)) {
    match node {
        Value::String(s) => f(path, s),
        Value::Object(members) => {
            for (key, value) in members {
                path.push(Seg::Key(key.clone()));
                for_each_string(value, path, f);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                for_each_string(v, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The occurrence under the cursor, and all occurrences.
fn at_cursor(cursor: &Cursor<'_>) -> (Option<Occurrence>, Vec<Occurrence>) {
    let all = occurrences(cursor.analysis);
    let here = all
        .iter()
        .find(|o| o.start <= cursor.at && cursor.at <= o.end)
        .cloned();
    (here, all)
}

/// Go to definition: the declaration of the screen id, form field or data field under the cursor.
pub fn definition(
    state: &State<'_>,
    params: &GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, LspError> {
    let at = &params.text_document_position_params;
    let Some(cursor) = state.cursor(at)? else {
        return Ok(None);
    };
    let (Some(here), all) = at_cursor(&cursor) else {
        return Ok(None);
    };
    let targets: Vec<Location> = all
        .iter()
        .filter(|o| o.decl && o.sym == here.sym)
        .map(|o| Location::new(at.text_document.uri.clone(), cursor.range(o.start, o.end)))
        .collect();
    Ok((!targets.is_empty()).then_some(GotoDefinitionResponse::Array(targets)))
}

/// Every use of the name under the cursor (with its declaration when asked).
pub fn references(
    state: &State<'_>,
    params: &ReferenceParams,
) -> Result<Option<Vec<Location>>, LspError> {
    let at = &params.text_document_position;
    let Some(cursor) = state.cursor(at)? else {
        return Ok(None);
    };
    let (Some(here), all) = at_cursor(&cursor) else {
        return Ok(None);
    };
    let with_decl = params.context.include_declaration;
    Ok(Some(
        all.iter()
            .filter(|o| o.sym == here.sym && (with_decl || !o.decl))
            .map(|o| Location::new(at.text_document.uri.clone(), cursor.range(o.start, o.end)))
            .collect(),
    ))
}

/// Whether a rename may start here: the range of the name under the cursor.
pub fn prepare_rename(
    state: &State<'_>,
    params: &TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, LspError> {
    let Some(cursor) = state.cursor(params)? else {
        return Ok(None);
    };
    let (here, _) = at_cursor(&cursor);
    Ok(here.map(|o| PrepareRenameResponse::Range(cursor.range(o.start, o.end))))
}

/// Renames a screen id, form field or data field everywhere it is written.
pub fn rename(state: &State<'_>, params: &RenameParams) -> Result<Option<WorkspaceEdit>, LspError> {
    let at = &params.text_document_position;
    let Some(cursor) = state.cursor(at)? else {
        return Ok(None);
    };
    let (Some(here), all) = at_cursor(&cursor) else {
        return Ok(None);
    };
    let name = &params.new_name;
    let valid = match here.sym {
        Sym::Screen(_) => {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        }
        _ => !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
    };
    if !valid {
        return Err(LspError::InvalidParams(format!(
            "\"{name}\" cannot be used: screen ids take ASCII letters and underscores, field names also digits"
        )));
    }
    let edits = all
        .iter()
        .filter(|o| o.sym == here.sym)
        .map(|o| TextEdit::new(cursor.range(o.start, o.end), name.clone()))
        .collect();
    Ok(Some(WorkspaceEdit {
        changes: Some(HashMap::from([(at.text_document.uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }))
}

/// The outline: screens, and in each its components as nested in the layout.
pub fn symbols(
    state: &State<'_>,
    params: &DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>, LspError> {
    let open = state.doc(&params.text_document.uri)?;
    if !open.flow {
        return Ok(None);
    }
    let analysis = open.analysis();
    let Some(value) = analysis.value() else {
        return Ok(None);
    };
    let spans = analysis.spans();
    let ctx = Ctx::new(analysis.version, value);
    let range = |pointer: &str, key: bool| {
        let (node, _) = spans.lookup(pointer)?;
        let span = if key {
            node.key.unwrap_or(node.value)
        } else {
            node.value
        };
        Some(open.text.range(
            analysis.to_document(span.start),
            analysis.to_document(span.end),
            state.encoding,
        ))
    };
    let mut screens = Vec::new();
    for screen in &ctx.screens {
        let Some(whole) = range(&screen.pointer, false) else {
            continue;
        };
        let select = range(&screen.id_pointer(), false).unwrap_or(whole);
        // Components, innermost first, attached to their parent (Form, If, Switch) or the screen.
        let mut built: HashMap<usize, DocumentSymbol> = HashMap::new();
        let mut top = Vec::new();
        for c in ctx.components[screen.components.clone()].iter().rev() {
            let Some(whole) = range(&c.pointer, false) else {
                continue;
            };
            let select = range(&format!("{}/type", c.pointer), false).unwrap_or(whole);
            let mut children: Vec<DocumentSymbol> = Vec::new();
            let mut kids: Vec<usize> = built
                .keys()
                .copied()
                .filter(|k| ctx.components[*k].parent == Some(c.index))
                .collect();
            kids.sort_unstable();
            for k in kids {
                children.extend(built.remove(&k));
            }
            let kind = if c.kind.is_empty() {
                "component"
            } else {
                c.kind
            };
            #[allow(deprecated)]
            let symbol = DocumentSymbol {
                name: match c.name {
                    Some(name) => format!("{kind} {name}"),
                    None => kind.to_owned(),
                },
                detail: c
                    .value
                    .get("label")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                kind: if c.name.is_some() {
                    SymbolKind::FIELD
                } else {
                    SymbolKind::OBJECT
                },
                tags: None,
                deprecated: None,
                range: whole,
                selection_range: select,
                children: (!children.is_empty()).then_some(children),
            };
            match c.parent {
                Some(_) => {
                    built.insert(c.index, symbol);
                }
                None => top.push(symbol),
            }
        }
        top.reverse();
        #[allow(deprecated)]
        screens.push(DocumentSymbol {
            name: screen.label(),
            detail: screen
                .value
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_owned),
            kind: SymbolKind::CLASS,
            tags: None,
            deprecated: None,
            range: whole,
            selection_range: select,
            children: (!top.is_empty()).then_some(top),
        });
    }
    Ok(Some(DocumentSymbolResponse::Nested(screens)))
}

/// The declaration a `${…}` reference under the cursor resolves to, with the reference's range.
pub fn resolve_at(analysis: &Analysis, at: usize) -> Option<(Sym, Option<(usize, usize)>)> {
    let all = occurrences(analysis);
    let here = all
        .iter()
        .find(|o| !o.decl && o.start <= at && at <= o.end)?;
    let decl = all
        .iter()
        .find(|o| o.decl && o.sym == here.sym)
        .map(|o| (o.start, o.end));
    Some((here.sym.clone(), decl))
}
