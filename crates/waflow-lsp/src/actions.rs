//! Code actions: each fixable finding's fix (a quick fix; the safe ones preferred), "fix all"
//! (`source.fixAll`: every safe fix, applied until nothing more can be fixed, as `check --fix`
//! does) and "ignore this finding", an `[[ignore]]` entry in the `waflow.toml` that applies,
//! with a reason to fill in.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CreateFile,
    CreateFileOptions, Diagnostic, DiagnosticSeverity, DocumentChangeOperation, DocumentChanges,
    OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, Uri, WorkspaceEdit,
};
use serde_json::Value;
use waflow_core::fix::{Applicability, ErrorCounts, TextEdit as ByteEdit, apply_edits, fix_file};
use waflow_core::{CheckOptions, FileReport, check, document};

use crate::server::{Open, State};
use crate::text::Text;
use crate::{LspError, ProjectError, uri};

/// The reason written into a new ignore entry, for the author to replace.
pub const REASON_PLACEHOLDER: &str = "TODO: say why this finding is accepted";

/// The one diagnostic of a document whose configuration cannot be used.
pub fn config_problem(e: &ProjectError) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("waflow".to_owned()),
        message: format!("the configuration cannot be used, so this file is not checked: {e}"),
        ..Diagnostic::default()
    }
}

/// The code actions for the diagnostics the client sends, of the kinds it asks for.
pub fn code_actions(
    state: &State<'_>,
    params: &CodeActionParams,
) -> Result<Vec<CodeActionOrCommand>, LspError> {
    let uri = &params.text_document.uri;
    let open = state.doc(uri)?;
    if !open.flow {
        return Ok(Vec::new());
    }
    let wanted = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|k| {
                kind.as_str() == k.as_str()
                    || kind
                        .as_str()
                        .strip_prefix(k.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    };
    let mut out = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX) {
        out.extend(fix_actions(state, uri, open, params).map(CodeActionOrCommand::CodeAction));
    }
    if wanted(&CodeActionKind::SOURCE_FIX_ALL)
        && let Some(action) = fix_all(state, uri, open)
    {
        out.push(CodeActionOrCommand::CodeAction(action));
    }
    let Some(path) = open
        .path
        .as_deref()
        .filter(|_| wanted(&CodeActionKind::QUICKFIX))
    else {
        return Ok(out);
    };
    for diagnostic in &params.context.diagnostics {
        let Some(data) = diagnostic.data.as_ref() else {
            continue;
        };
        let field = |k: &str| data.get(k).and_then(Value::as_str);
        let (Some(rule), Some(pointer)) = (field("rule"), field("pointer")) else {
            continue;
        };
        if let Some(action) = ignore_action(state, path, rule, pointer, diagnostic) {
            out.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    Ok(out)
}

/// What the code actions worked out about a document's published findings, kept until they are
/// published again (after a change or a configuration reload): an editor asks for the code
/// actions again each time the cursor moves, and each answer costs checks of the whole text.
#[derive(Debug, Default)]
pub(crate) struct Worked {
    /// The errors of the published check, which a fix must not add to.
    errors: ErrorCounts,
    /// Whether the fix of each finding (by its index in the published findings) adds no error.
    offered: RefCell<HashMap<usize, bool>>,
    /// "Fix all": its edit and the number of fixes applied; `None` when there is none.
    fix_all: OnceCell<Option<(ByteEdit, usize)>>,
}

impl Worked {
    /// Nothing worked out yet for findings whose check counted `errors`.
    pub fn new(errors: ErrorCounts) -> Worked {
        Worked {
            errors,
            ..Worked::default()
        }
    }
}

/// The quick fixes of the client's diagnostics that carry a fix which applies to the text and
/// adds no error (the check `--fix` and "fix all" make, per fix): each fix is checked once per
/// publication of the findings.
fn fix_actions<'a>(
    state: &'a State<'_>,
    uri: &'a Uri,
    open: &'a Open,
    params: &'a CodeActionParams,
) -> impl Iterator<Item = CodeAction> + 'a {
    params
        .context
        .diagnostics
        .iter()
        .filter_map(move |diagnostic| {
            let data = diagnostic.data.as_ref()?;
            let field = |k: &str| data.get(k).and_then(Value::as_str);
            let (rule, pointer) = (field("rule")?, field("pointer")?);
            let index = open.findings.iter().position(|l| {
                l.finding.rule == rule && l.finding.pointer == pointer && l.finding.fix.is_some()
            })?;
            let located = &open.findings[index];
            let (fix, edits) = (located.finding.fix.as_deref()?, located.edits.clone()?);
            let known = open.worked.offered.borrow().get(&index).copied();
            let offered = match known {
                Some(offered) => offered,
                None => {
                    let failed = Cell::new(false);
                    let check = checker(state, open, &failed)?;
                    let after = check(&apply_edits(open.text.as_str(), &edits));
                    let offered = !failed.get() && !open.worked.errors.added_in(&after);
                    open.worked.offered.borrow_mut().insert(index, offered);
                    offered
                }
            };
            if !offered {
                return None;
            }
            let safe = fix.applicability == Applicability::Safe;
            let title = match safe {
                true => format!("Fix: {}", fix.title),
                false => format!("Fix (unsafe): {}", fix.title),
            };
            Some(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(text_edits(state, uri, &open.text, edits)),
                is_preferred: Some(safe),
                ..CodeAction::default()
            })
        })
}

/// "Fix all": the safe fixes of the whole document, applied until nothing more can be fixed,
/// as one edit of the part of the text that changes. `None` when there is nothing to fix or the
/// configuration cannot be used. Worked out once per publication of the findings.
fn fix_all(state: &State<'_>, uri: &Uri, open: &Open) -> Option<CodeAction> {
    let (edit, applied) = open
        .worked
        .fix_all
        .get_or_init(|| safe_fixes(state, open))
        .clone()?;
    Some(CodeAction {
        title: format!("Fix all safely fixable waflow findings ({applied})"),
        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
        edit: Some(text_edits(state, uri, &open.text, vec![edit])),
        ..CodeAction::default()
    })
}

/// The edit of "fix all" and the number of fixes it applies.
fn safe_fixes(state: &State<'_>, open: &Open) -> Option<(ByteEdit, usize)> {
    if !open.findings.iter().any(|l| {
        l.finding
            .fix
            .as_deref()
            .is_some_and(|f| f.allowed(Applicability::Safe))
    }) {
        return None;
    }
    let failed = Cell::new(false);
    let check = checker(state, open, &failed)?;
    let text = open.text.as_str();
    let fixed = fix_file(text, Applicability::Safe, &check);
    if failed.get() || !fixed.changed() {
        return None;
    }
    Some((changed_part(text, &fixed.text), fixed.applied.len()))
}

/// The check of a text as the document's, with its configuration; sets `failed` when the
/// configuration cannot be used (the report is then the default configuration's). `None` when the
/// document has no source to check as.
fn checker<'a>(
    state: &'a State<'_>,
    open: &'a Open,
    failed: &'a Cell<bool>,
) -> Option<impl Fn(&str) -> FileReport + 'a> {
    let source = open.source()?;
    Some(move |text: &str| {
        let (doc, findings) = document::load(text.as_bytes());
        match state.project.check(source, &doc, &findings) {
            Ok(report) => report,
            Err(_) => {
                failed.set(true);
                check::check_loaded("", &doc, findings, &CheckOptions::default())
            }
        }
    })
}

/// The one edit that turns `before` into `after`: the part between their common start and end.
fn changed_part(before: &str, after: &str) -> ByteEdit {
    let prefix = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len().min(after.len()), |((i, _), _)| i);
    let suffix = before[prefix..]
        .chars()
        .rev()
        .zip(after[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    ByteEdit {
        start: prefix,
        end: before.len() - suffix,
        text: after[prefix..after.len() - suffix].to_owned(),
    }
}

/// A workspace edit of the document at `uri` made of byte edits of its text.
fn text_edits(state: &State<'_>, uri: &Uri, text: &Text, edits: Vec<ByteEdit>) -> WorkspaceEdit {
    let edits = edits
        .into_iter()
        .map(|e| TextEdit::new(text.range(e.start, e.end, state.encoding), e.text))
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters with a meaning in globs, escaped so that the glob names exactly one file.
fn glob_literal(path: &str) -> String {
    path.chars()
        .map(|c| match c {
            '*' | '?' | '[' | ']' | '{' | '}' => format!("[{c}]"),
            c => c.to_string(),
        })
        .collect()
}

fn ignore_action(
    state: &State<'_>,
    path: &Path,
    rule: &str,
    pointer: &str,
    diagnostic: &Diagnostic,
) -> Option<CodeAction> {
    let existing = state.project.config_file(path);
    let config = existing
        .clone()
        .or_else(|| path.parent().map(|d| d.join("waflow.toml")))?;
    let root = config.parent()?;
    let relative = path.strip_prefix(root).ok()?.to_str()?.replace('\\', "/");
    let entry = format!(
        "[[ignore]]\nfiles = {}\npointer = {}\nrules = [{}]\nreason = {}\n",
        toml_string(&glob_literal(&relative)),
        toml_string(pointer),
        toml_string(rule),
        toml_string(REASON_PLACEHOLDER),
    );
    let config_uri = uri::from_path(&config)?;
    let edit = match existing {
        Some(file) => {
            // The configuration's text: the editor's when it is open there, else the file's.
            let text = match state.docs.get(&config_uri) {
                Some(open) => open.text.clone(),
                None => Text::new(std::fs::read_to_string(&file).ok()?),
            };
            let end = text.position(text.as_str().len(), state.encoding);
            let separator = match text.as_str() {
                "" => "",
                t if t.ends_with("\n\n") => "",
                t if t.ends_with('\n') => "\n",
                _ => "\n\n",
            };
            WorkspaceEdit {
                changes: Some(HashMap::from([(
                    config_uri,
                    vec![TextEdit::new(
                        Range::new(end, end),
                        format!("{separator}{entry}"),
                    )],
                )])),
                ..WorkspaceEdit::default()
            }
        }
        None => WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: config_uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: config_uri,
                        version: None,
                    },
                    edits: vec![OneOf::Left(TextEdit::new(
                        Range::new(Position::new(0, 0), Position::new(0, 0)),
                        entry,
                    ))],
                }),
            ])),
            ..WorkspaceEdit::default()
        },
    };
    Some(CodeAction {
        title: format!("Ignore this finding ({rule}) in waflow.toml"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(edit),
        ..CodeAction::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_and_globs_are_escaped() {
        assert_eq!(toml_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(glob_literal("flows/a*[1].json"), "flows/a[*][[]1[]].json");
    }
}
