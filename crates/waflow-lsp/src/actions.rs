//! Code actions. Today one kind: "ignore this finding", an `[[ignore]]` entry in the
//! `waflow.toml` that applies, with a reason to fill in. The fixes of the rules join the list
//! [`code_actions`] builds once the rules carry them.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CreateFile,
    CreateFileOptions, Diagnostic, DiagnosticSeverity, DocumentChangeOperation, DocumentChanges,
    OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, WorkspaceEdit,
};
use serde_json::Value;

use crate::server::State;
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

/// The code actions for the diagnostics the client sends.
pub fn code_actions(
    state: &State<'_>,
    params: &CodeActionParams,
) -> Result<Vec<CodeActionOrCommand>, LspError> {
    let open = state.doc(&params.text_document.uri)?;
    let Some(path) = open.path.as_deref().filter(|_| open.flow) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
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
