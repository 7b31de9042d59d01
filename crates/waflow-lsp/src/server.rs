//! The message loop: initialize, text sync, diagnostics, requests, shutdown.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{RegisterCapability, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, OneOf, PositionEncodingKind,
    PublishDiagnosticsParams, Registration, RegistrationParams, RenameOptions, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::analysis::Analysis;
use crate::diagnostics::{self, Located};
use crate::text::{Encoding, Text};
use crate::{LspError, Project, Source, actions, completion, hover, navigation, uri};

/// An open document.
pub(crate) struct Open {
    /// The editor's text.
    pub text: Text,
    /// The version the client gave it.
    pub version: i32,
    /// Its path, for a `file:` URI.
    pub path: Option<PathBuf>,
    /// Its name, for an `untitled:` URI (a buffer never saved).
    pub untitled: Option<String>,
    /// Whether it is a flow `waflow check` would check (only then are requests answered).
    pub flow: bool,
    /// Its findings, as last published.
    pub findings: Vec<Located>,
    /// What the code actions worked out about those findings.
    pub worked: actions::Worked,
    /// The analysis of `text`, made by the first request that needs it after a change.
    analysis: OnceCell<Analysis>,
}

impl Open {
    /// The analysis of the current text: requests between two edits share one parse.
    pub fn analysis(&self) -> &Analysis {
        self.analysis
            .get_or_init(|| Analysis::new(self.text.as_str()))
    }

    /// Where its text belongs; `None` for a scheme other than `file:` and `untitled:`.
    pub fn source(&self) -> Option<Source<'_>> {
        match (&self.path, &self.untitled) {
            (Some(path), _) => Some(Source::File(path)),
            (None, Some(name)) => Some(Source::Untitled(name)),
            (None, None) => None,
        }
    }
}

/// What a request handler sees.
pub(crate) struct State<'p> {
    /// The project.
    pub project: &'p dyn Project,
    /// The negotiated position encoding.
    pub encoding: Encoding,
    /// The open documents.
    pub docs: &'p HashMap<Uri, Open>,
}

impl State<'_> {
    /// The open document `uri`.
    pub fn doc(&self, uri: &Uri) -> Result<&Open, LspError> {
        self.docs
            .get(uri)
            .ok_or_else(|| LspError::NotOpen(uri.as_str().to_owned()))
    }

    /// The flow document and offset of a request's position; `None` when the document is not a
    /// flow (requests about other files get empty answers).
    pub fn cursor(&self, at: &TextDocumentPositionParams) -> Result<Option<Cursor<'_>>, LspError> {
        let open = self.doc(&at.text_document.uri)?;
        let offset = open.text.offset(at.position, self.encoding)?;
        if !open.flow {
            return Ok(None);
        }
        let analysis = open.analysis();
        let at = analysis.to_analysis(offset);
        Ok(Some(Cursor {
            open,
            analysis,
            offset,
            at,
            encoding: self.encoding,
        }))
    }
}

/// A request's position in a flow document.
pub(crate) struct Cursor<'s> {
    /// The document.
    pub open: &'s Open,
    /// Its analysis.
    pub analysis: &'s Analysis,
    /// The byte offset in the document.
    pub offset: usize,
    /// The byte offset in the analysis text.
    pub at: usize,
    /// The negotiated encoding.
    pub encoding: Encoding,
}

impl Cursor<'_> {
    /// The LSP range of an analysis byte range.
    pub fn range(&self, start: usize, end: usize) -> lsp_types::Range {
        let a = self.analysis;
        self.open
            .text
            .range(a.to_document(start), a.to_document(end), self.encoding)
    }
}

/// How many documents keep their analysis between messages (see `Server::touch`).
const KEPT_ANALYSES: usize = 4;

struct Server<'c, P: Project> {
    connection: &'c Connection,
    project: P,
    encoding: Encoding,
    docs: HashMap<Uri, Open>,
    /// Documents changed since their diagnostics were last published.
    dirty: BTreeSet<Uri>,
    /// The documents touched last (changed or asked about), most recent first: only these keep
    /// their analysis between messages.
    recent: VecDeque<Uri>,
    shutdown: bool,
    next_request: i32,
}

/// Serves one client over `connection` until it says `exit`: the initialize handshake, then the
/// message loop. Returns whether the client asked for a `shutdown` before `exit`.
pub fn serve(connection: &Connection, project: impl Project) -> Result<bool, LspError> {
    let protocol = |e: lsp_server::ProtocolError| LspError::Protocol(e.to_string());
    let (id, params) = connection.initialize_start().map_err(|e| {
        if e.channel_is_disconnected() {
            LspError::NotInitialized
        } else {
            protocol(e)
        }
    })?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(p) => p,
        Err(e) => {
            let message = format!("invalid initialize parameters: {e}");
            let _ = connection.sender.send(
                Response::new_err(id, ErrorCode::InvalidParams as i32, message.clone()).into(),
            );
            return Err(LspError::InvalidParams(message));
        }
    };
    let encoding = negotiate(&params);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": ServerInfo {
            name: "waflow".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    });
    match connection.initialize_finish(id, result) {
        Ok(()) => {}
        // The client went away without `initialized` (and without `exit`).
        Err(e) if e.channel_is_disconnected() => return Ok(false),
        Err(e) => return Err(protocol(e)),
    }
    let mut server = Server {
        connection,
        project,
        encoding,
        docs: HashMap::new(),
        dirty: BTreeSet::new(),
        recent: VecDeque::new(),
        shutdown: false,
        next_request: 0,
    };
    if watches_files(&params) {
        server.watch_configs();
    }
    server.run()
}

/// UTF-8 when the client offers it, else the protocol's UTF-16.
fn negotiate(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn watches_files(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false)
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_owned(), ".".to_owned(), "{".to_owned()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

fn params<T: DeserializeOwned>(value: Value) -> Result<T, LspError> {
    serde_json::from_value(value).map_err(|e| LspError::InvalidParams(e.to_string()))
}

impl<P: Project> Server<'_, P> {
    fn send(&self, message: impl Into<Message>) -> Result<(), LspError> {
        self.connection
            .sender
            .send(message.into())
            .map_err(|e| LspError::Protocol(e.to_string()))
    }

    /// Asks the client to tell us about changes to any `waflow.toml`.
    fn watch_configs(&mut self) {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/waflow.toml".to_owned()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "waflow-config".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let request = Request::new(
            RequestId::from(self.next_request),
            RegisterCapability::METHOD.to_owned(),
            params,
        );
        let _ = self.send(request);
    }

    fn run(mut self) -> Result<bool, LspError> {
        loop {
            let message = match self.connection.receiver.recv() {
                Ok(m) => m,
                // The client went away without `exit`.
                Err(_) => return Ok(false),
            };
            match message {
                Message::Request(request) => {
                    self.publish_dirty()?;
                    self.request(request)?;
                }
                Message::Notification(n) if n.method == "exit" => return Ok(self.shutdown),
                Message::Notification(n) => self.notification(n)?,
                Message::Response(_) => {}
            }
            // A burst of changes is checked once, when the queue is empty.
            if self.connection.receiver.is_empty() {
                self.publish_dirty()?;
            }
        }
    }

    fn request(&mut self, request: Request) -> Result<(), LspError> {
        let id = request.id.clone();
        if self.shutdown {
            let err = Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_owned(),
            );
            return self.send(err);
        }
        if request.method == "shutdown" {
            self.shutdown = true;
            return self.send(Response::new_ok(id, ()));
        }
        let state = State {
            project: &self.project,
            encoding: self.encoding,
            docs: &self.docs,
        };
        let about = request
            .params
            .pointer("/textDocument/uri")
            .and_then(|u| serde_json::from_value::<Uri>(u.clone()).ok());
        let outcome = catch_unwind(AssertUnwindSafe(|| dispatch(&state, request)));
        if let Some(uri) = about {
            self.touch(uri);
        }
        let response = match outcome {
            Ok(Ok(Some(result))) => Response::new_ok(id, result),
            Ok(Ok(None)) => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                "waflow does not answer this method".to_owned(),
            ),
            Ok(Err(e)) => {
                let code = match e {
                    LspError::InvalidPosition { .. } | LspError::InvalidParams(_) => {
                        ErrorCode::InvalidParams
                    }
                    _ => ErrorCode::RequestFailed,
                };
                Response::new_err(id, code as i32, e.to_string())
            }
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "internal error while answering this request".to_owned(),
            ),
        };
        self.send(response)
    }

    fn notification(&mut self, n: Notification) -> Result<(), LspError> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = params::<DidOpenTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let doc = p.text_document;
                let open = Open {
                    path: uri::to_path(&doc.uri),
                    untitled: uri::untitled_name(&doc.uri),
                    text: Text::new(doc.text),
                    version: doc.version,
                    flow: false,
                    findings: Vec::new(),
                    worked: actions::Worked::default(),
                    analysis: OnceCell::new(),
                };
                self.docs.insert(doc.uri.clone(), open);
                self.dirty.insert(doc.uri);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = params::<DidChangeTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let uri = p.text_document.uri;
                let Some(open) = self.docs.get_mut(&uri) else {
                    return Ok(());
                };
                open.version = p.text_document.version;
                open.analysis = OnceCell::new();
                for change in p.content_changes {
                    if open.text.apply(change, self.encoding).is_err() {
                        // A range outside the text: the rest of the batch cannot apply either.
                        // The text stays as it was until the client sends it whole again.
                        break;
                    }
                }
                self.dirty.insert(uri);
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = params::<DidCloseTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let uri = p.text_document.uri;
                self.dirty.remove(&uri);
                self.recent.retain(|u| *u != uri);
                if self.docs.remove(&uri).is_some() {
                    self.publish(uri, Vec::new(), None)?;
                }
            }
            DidSaveTextDocument::METHOD => {
                let Ok(p) = params::<DidSaveTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                if is_config(&p.text_document.uri) {
                    self.reload();
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let Ok(p) = params::<DidChangeWatchedFilesParams>(n.params) else {
                    return Ok(());
                };
                if p.changes.iter().any(|c| is_config(&c.uri)) {
                    self.reload();
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A configuration changed: read it again and check every open document again.
    fn reload(&mut self) {
        self.project.reload();
        self.dirty.extend(self.docs.keys().cloned());
    }

    /// Marks `uri` as touched last; the analysis of a document no longer among the
    /// [`KEPT_ANALYSES`] touched last is dropped (its value is most of an open document's
    /// memory), to be made again by the next request about it.
    fn touch(&mut self, uri: Uri) {
        self.recent.retain(|u| *u != uri);
        self.recent.push_front(uri);
        while self.recent.len() > KEPT_ANALYSES {
            if let Some(old) = self.recent.pop_back()
                && let Some(open) = self.docs.get_mut(&old)
            {
                open.analysis = OnceCell::new();
            }
        }
    }

    fn publish_dirty(&mut self) -> Result<(), LspError> {
        for uri in std::mem::take(&mut self.dirty) {
            let Some(open) = self.docs.get_mut(&uri) else {
                continue;
            };
            let text = open.text.as_str();
            let outcome = match open.source() {
                None => Ok(None),
                Some(source) => match self.project.accepts(source, text) {
                    Ok(false) => Ok(None),
                    Ok(true) => diagnostics::findings(&self.project, source, open).map(Some),
                    Err(e) => Err(e),
                },
            };
            let lsp = match outcome {
                Ok(found) => {
                    open.flow = found.is_some();
                    let (findings, errors) = found.unwrap_or_default();
                    open.findings = findings;
                    open.worked = actions::Worked::new(errors);
                    open.findings
                        .iter()
                        .map(|l| diagnostics::to_lsp(l, &uri, &open.text, self.encoding))
                        .collect()
                }
                Err(e) => {
                    open.flow = false;
                    open.findings.clear();
                    open.worked = actions::Worked::default();
                    vec![actions::config_problem(&e)]
                }
            };
            let version = Some(open.version);
            self.publish(uri.clone(), lsp, version)?;
            self.touch(uri);
        }
        Ok(())
    }

    fn publish(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), LspError> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_owned(),
            params,
        ))
    }
}

fn is_config(uri: &Uri) -> bool {
    uri.as_str().ends_with("/waflow.toml")
}

fn answer<R: Serialize>(result: Result<R, LspError>) -> Result<Option<Value>, LspError> {
    result.map(|r| Some(serde_json::to_value(r).unwrap_or(Value::Null)))
}

/// Runs the handler of `request`; `Ok(None)` for a method waflow does not answer.
fn dispatch(state: &State<'_>, request: Request) -> Result<Option<Value>, LspError> {
    use lsp_types::request::{
        CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest,
        PrepareRenameRequest, References, Rename,
    };
    let p = request.params;
    match request.method.as_str() {
        HoverRequest::METHOD => answer(hover::hover(state, &params(p)?)),
        Completion::METHOD => answer(completion::completion(state, &params(p)?)),
        GotoDefinition::METHOD => answer(navigation::definition(state, &params(p)?)),
        References::METHOD => answer(navigation::references(state, &params(p)?)),
        PrepareRenameRequest::METHOD => answer(navigation::prepare_rename(state, &params(p)?)),
        Rename::METHOD => answer(navigation::rename(state, &params(p)?)),
        DocumentSymbolRequest::METHOD => answer(navigation::symbols(state, &params(p)?)),
        CodeActionRequest::METHOD => answer(actions::code_actions(state, &params(p)?)),
        _ => Ok(None),
    }
}
