//! Completion aware of the declared version and the position: component types allowed in the
//! slot, property names, enum values, screen ids, action names, data-model fields, form field
//! names and global references.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, TextEdit,
};
use serde_json::Value;
use waflow_core::rules::walker::Ctx;
use waflow_core::schema::spec::{self, Ty};
use waflow_core::span_index::NodeKind;
use waflow_core::{FlowVersion, Span};

use crate::LspError;
use crate::analysis::{Hit, Place, Seg, hit, place};
use crate::server::{Cursor, State};
use crate::spec::{enum_values, object_at, prop_markdown, rows_for};

/// What a completion inserts and where.
struct Out<'c> {
    cursor: &'c Cursor<'c>,
    /// Analysis range replaced by each item.
    replace: (usize, usize),
    items: Vec<CompletionItem>,
}

impl Out<'_> {
    fn add(&mut self, label: &str, insert: String, kind: CompletionItemKind, doc: Option<String>) {
        if self.items.iter().any(|i| i.label == label) {
            return;
        }
        let range = self.cursor.range(self.replace.0, self.replace.1);
        self.items.push(CompletionItem {
            label: label.to_owned(),
            kind: Some(kind),
            filter_text: Some(insert.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, insert))),
            documentation: doc.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            ..CompletionItem::default()
        });
    }
}

/// The completion items at a position.
pub fn completion(
    state: &State<'_>,
    params: &CompletionParams,
) -> Result<Option<CompletionResponse>, LspError> {
    let Some(cursor) = state.cursor(&params.text_document_position)? else {
        return Ok(None);
    };
    let Some(value) = cursor.analysis.value() else {
        return Ok(None);
    };
    let spans = cursor.analysis.spans();
    let Some(h) = hit(&spans, cursor.at) else {
        return Ok(None);
    };
    let mut out = Out {
        cursor: &cursor,
        replace: (cursor.at, cursor.at),
        items: Vec::new(),
    };
    let version = cursor.analysis.version;
    let ctx = Ctx::new(version, value);
    let node = spans.node(h.node).value;
    if !h.in_key
        && let Some(decoded) = h.string(&spans, cursor.analysis.text())
        && references(&mut out, &ctx, &h, node, &decoded)
    {
        return Ok(Some(CompletionResponse::Array(out.items)));
    }
    if h.in_key {
        let (start, end) = h.key_range.unwrap_or((cursor.at, cursor.at));
        out.replace = (start, end);
        let parent = &h.path[..h.path.len() - 1];
        keys(&mut out, &ctx, value, parent, version);
    } else if spans.kind(h.node) == NodeKind::Object {
        let inside = node.start < cursor.at && cursor.at < node.end;
        if inside {
            keys(&mut out, &ctx, value, &h.path, version);
        }
    } else if let Some((last, parent)) = h.path.split_last() {
        out.replace = (node.start, node.end);
        values(&mut out, &ctx, value, last, parent, version);
    }
    Ok(Some(CompletionResponse::Array(out.items)))
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Property names of the object at `path`, leaving out those present.
fn keys(out: &mut Out<'_>, ctx: &Ctx<'_>, doc: &Value, path: &[Seg], version: FlowVersion) {
    let present = doc.pointer(&crate::analysis::pointer_of(path));
    let has = |k: &str| present.and_then(|p| p.get(k)).is_some();
    let here = place(doc, path);
    if here == Place::RoutingModel {
        for s in &ctx.screens {
            if let Some(id) = s.id.filter(|id| !has(id)) {
                out.add(id, quoted(id), CompletionItemKind::CLASS, None);
            }
        }
        return;
    }
    let in_form = matches!(&here, Place::Component { in_form: true, .. });
    if let Place::Component { .. } = here
        && !has("type")
    {
        out.add("type", quoted("type"), CompletionItemKind::PROPERTY, None);
    }
    let Some(owner) = object_at(doc, path) else {
        return;
    };
    for p in owner.props.iter().filter(|p| p.applies(version, in_form)) {
        if !has(p.name) {
            let doc = prop_markdown(owner, p.name, version);
            out.add(p.name, quoted(p.name), CompletionItemKind::PROPERTY, doc);
        }
    }
}

/// Values for the member `last` of the object at `parent` (or an item of its array).
fn values(
    out: &mut Out<'_>,
    ctx: &Ctx<'_>,
    doc: &Value,
    last: &Seg,
    parent: &[Seg],
    version: FlowVersion,
) {
    let screen_ids = |out: &mut Out<'_>| {
        for s in &ctx.screens {
            if let Some(id) = s.id {
                out.add(id, quoted(id), CompletionItemKind::CLASS, None);
            }
        }
    };
    let owner_place = place(doc, parent);
    let key = match last {
        Seg::Key(k) => k.as_str(),
        Seg::Index(_) => {
            // An item of a routing-model list.
            if let Some((Seg::Key(_), grand)) = parent.split_last()
                && place(doc, grand) == Place::RoutingModel
            {
                screen_ids(out);
            }
            return;
        }
    };
    match (&owner_place, key) {
        (Place::Component { slot, .. }, "type") => {
            for c in spec::COMPONENTS
                .iter()
                .filter(|c| c.allowed_in(*slot, version))
            {
                let doc = format!("{}\n\nSince Flow JSON {}.", c.summary, c.versions.since);
                out.add(c.name, quoted(c.name), CompletionItemKind::CLASS, Some(doc));
            }
            return;
        }
        (Place::Next(_), "name") => return screen_ids(out),
        (Place::Root, "version") => {
            for v in FlowVersion::ALL.iter().rev() {
                out.add(
                    v.as_str(),
                    quoted(v.as_str()),
                    CompletionItemKind::VALUE,
                    None,
                );
            }
            return;
        }
        _ => {}
    }
    let Some(owner) = object_at(doc, parent) else {
        // An action's `name`: the actions its slot allows.
        if let (Place::Action(_), "name") = (&owner_place, key) {
            action_names(out, doc, parent, version);
        }
        return;
    };
    for row in rows_for(owner, key, version) {
        for v in enum_values(&row.ty) {
            out.add(v, quoted(v), CompletionItemKind::ENUM_MEMBER, None);
        }
        match row.ty {
            Ty::Bool | Ty::LiteralBool => {
                for b in ["true", "false"] {
                    out.add(b, b.to_owned(), CompletionItemKind::VALUE, None);
                }
            }
            Ty::DataApiVersion => out.add("3.0", quoted("3.0"), CompletionItemKind::VALUE, None),
            _ => {}
        }
    }
}

/// The action names the slot of the action at `path` allows in `version`.
fn action_names(out: &mut Out<'_>, doc: &Value, path: &[Seg], version: FlowVersion) {
    let Some((Seg::Key(slot), component)) = path.split_last() else {
        return;
    };
    let Some(owner) = object_at(doc, component) else {
        return;
    };
    for row in rows_for(owner, slot, version) {
        if let Ty::Action { names, .. } = row.ty {
            for n in names.iter().filter(|n| n.since() <= version) {
                out.add(
                    n.as_str(),
                    quoted(n.as_str()),
                    CompletionItemKind::FUNCTION,
                    None,
                );
            }
        }
    }
}

/// Completion inside a `${…}` being typed in the string `node` (its span, its `decoded` text);
/// `false` when the cursor is not in one.
fn references(out: &mut Out<'_>, ctx: &Ctx<'_>, h: &Hit, r: Span, decoded: &str) -> bool {
    let raw = out
        .cursor
        .analysis
        .text()
        .get(r.start..out.cursor.at)
        .unwrap_or("");
    // Only strings without escapes before the cursor: there raw and decoded text agree.
    if raw.contains('\\') || raw.is_empty() {
        return false;
    }
    let before = &decoded[..(raw.len() - 1).min(decoded.len())];
    let Some(open) = before.rfind("${") else {
        return false;
    };
    let typed = &before[open + 2..];
    if typed.contains('}') {
        return false;
    }
    let word_start = typed.rfind('.').map_or(0, |i| i + 1);
    let start = out.cursor.at - (typed.len() - word_start);
    out.replace = (start, out.cursor.at);
    let own = match h.path.as_slice() {
        [Seg::Key(k), Seg::Index(i), ..] if k == "screens" => Some(*i),
        _ => None,
    };
    let screen =
        |index: Option<usize>| index.and_then(|i| ctx.screens.iter().find(|s| s.index == i));
    let fields = |out: &mut Out<'_>, index: Option<usize>, form: bool| {
        let Some(s) = screen(index) else { return };
        if form {
            // A Form's own name is not a value.
            let mut names: Vec<&str> = s
                .names
                .iter()
                .filter(|(_, c)| ctx.components[**c].kind != "Form")
                .map(|(n, _)| *n)
                .collect();
            names.sort_unstable();
            for n in names {
                out.add(n, n.to_owned(), CompletionItemKind::FIELD, None);
            }
        } else {
            for k in s.data.iter().flat_map(|d| d.keys()) {
                out.add(k, k.clone(), CompletionItemKind::FIELD, None);
            }
        }
    };
    let parts: Vec<&str> = typed.split('.').collect();
    match parts.as_slice() {
        [_] => {
            for scope in ["data", "form", "screen"] {
                out.add(scope, scope.to_owned(), CompletionItemKind::MODULE, None);
            }
        }
        ["data", _] => fields(out, own, false),
        ["form", _] => fields(out, own, true),
        ["screen", _] => {
            for s in &ctx.screens {
                if let Some(id) = s.id {
                    out.add(id, id.to_owned(), CompletionItemKind::CLASS, None);
                }
            }
        }
        ["screen", _, _] => {
            for scope in ["data", "form"] {
                out.add(scope, scope.to_owned(), CompletionItemKind::MODULE, None);
            }
        }
        ["screen", id, scope, _] => {
            let index = ctx.screen_by_id(id).map(|s| s.index);
            fields(out, index, *scope == "form");
        }
        _ => {}
    }
    true
}
