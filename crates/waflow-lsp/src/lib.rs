//! waflow-lsp: the language server behind `waflow lsp`.
//!
//! It checks the editor's unsaved text of every Flow JSON file the configuration and the flow
//! test accept, with the same findings as `waflow check`, and answers hover, completion, go to
//! definition, references, rename, document symbols and code actions.
//!
//! # Why `lsp-server` and `lsp-types`
//!
//! The two maintained choices were rust-analyzer's `lsp-server` with `lsp-types` (what ruff
//! uses) and `tower-lsp-server` (the maintained fork of `tower-lsp`, what biome uses). A check is
//! synchronous CPU work of a few milliseconds, and nothing here waits on the network, so an async
//! runtime would add a scheduler, `Send` bounds and a service stack for no gain. `lsp-server` is a
//! plain message loop over channels: the order of notifications and requests is the order they
//! arrive, a burst of changes is checked once, and the in-process tests drive the very loop the
//! binary runs through [`lsp_server::Connection::memory`], with no fake client futures.
//!
//! # One parse per change
//!
//! An open document's text is loaded (`serde_json`, with its load findings) once per change,
//! into its [`analysis::Analysis`]: the diagnostics check that very document
//! ([`Project::check`] receives it, and the CLI hands it to `waflow_core`'s `check_loaded`), and
//! every request until the next change reads it too: the load records the span of every key and
//! value, which place the findings, resolve their fixes and serve the navigation features
//! (hover, completion, definition, rename, symbols). A text that does not parse is repaired
//! (closing quotes and brackets, a missing value) and the repair loaded once, for the same
//! features; nothing is parsed per request.
//!
//! # Configuration
//!
//! The configuration semantics of `waflow check` (the closest `waflow.toml`, include and exclude
//! globs, rule levels, ignores) belong to the CLI; it hands them to [`serve`] as a [`Project`].

mod actions;
mod analysis;
mod completion;
mod diagnostics;
mod hover;
mod navigation;
mod repair;
mod server;
mod spec;
mod text;
mod uri;

use std::path::{Path, PathBuf};

use waflow_core::document::Document;
use waflow_core::{FileReport, Finding};

pub use server::serve;
pub use text::Encoding;

/// Where the text of an editor buffer belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// A file (a `file:` URI), maybe with unsaved changes.
    File(&'a Path),
    /// A buffer never saved (an `untitled:` URI), by its name (`Untitled-1`): it belongs to no
    /// file, so it is checked with the configuration of the server's working directory.
    Untitled(&'a str),
}

/// What the server needs from the program that starts it: how `waflow check` treats a file.
pub trait Project {
    /// Whether `waflow check` would check `text` as the contents of `source`. For a file: its
    /// configuration takes it (include and exclude globs) and, unless a glob names it, it passes
    /// the flow test. For an untitled buffer, which no glob can name: the flow test.
    fn accepts(&self, source: Source<'_>, text: &str) -> Result<bool, ProjectError>;

    /// Checks `doc`, loaded from the contents of `source` with `load_findings`, with the
    /// configuration that applies to it (rule levels and ignores).
    fn check(
        &self,
        source: Source<'_>,
        doc: &Document,
        load_findings: &[Finding],
    ) -> Result<FileReport, ProjectError>;

    /// Forgets every configuration read so far: a `waflow.toml` changed.
    fn reload(&mut self);

    /// The `waflow.toml` that applies to `path`, when there is one.
    fn config_file(&self, path: &Path) -> Option<PathBuf>;
}

/// A configuration the project cannot use (its message names file, line and column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ProjectError {
    /// What is wrong.
    pub message: String,
}

/// Why a request or the server failed.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    /// A position that is not in the document.
    #[error("line {line}, character {character} is not in the document")]
    InvalidPosition {
        /// The position's line.
        line: u32,
        /// The position's character.
        character: u32,
    },
    /// Parameters that do not have the shape the method requires.
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
    /// A request about a document the client has not opened.
    #[error("{0} is not open")]
    NotOpen(String),
    /// The connection broke or the client broke the protocol.
    #[error("connection: {0}")]
    Protocol(String),
    /// The input ended before the client sent `initialize`.
    #[error(
        "the input ended before the client sent `initialize`: nothing to serve (an editor's language client starts `waflow lsp` and talks to it)"
    )]
    NotInitialized,
    /// The input is not a stream of Language Server Protocol messages.
    #[error(
        "the input is not a Language Server Protocol stream: {0} (each message is a `Content-Length: N` header, an empty line and N bytes of JSON-RPC)"
    )]
    Malformed(String),
}

/// Runs the server over standard input and output until the client says `exit`. Returns whether
/// the client asked for a `shutdown` first (the exit status is 0 only then).
///
/// Input that ends without `exit` ends the server ([`LspError::NotInitialized`] before
/// `initialize`, else not clean); input that is not LSP is [`LspError::Malformed`].
pub fn run_stdio(project: impl Project) -> Result<bool, LspError> {
    let (connection, threads) = lsp_server::Connection::stdio();
    let served = serve(&connection, project);
    // Past `exit` or the end of the input the reader has stopped; after another error it may
    // still wait for input, so it is not joined.
    if matches!(served, Ok(_) | Err(LspError::NotInitialized)) {
        drop(connection);
        threads.join().map_err(|e| stream_error(&e))?;
    }
    served
}

/// What went wrong with the standard streams, in the user's terms: the reader stops on input
/// that is not LSP (its message is the library's, so it is only summarised here).
fn stream_error(e: &std::io::Error) -> LspError {
    let text = e.to_string();
    let malformed = |what: &str| LspError::Malformed(what.to_owned());
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => malformed("the input ended inside a message"),
        std::io::ErrorKind::InvalidData if text.starts_with("malformed header") => {
            malformed("a header line is not `Name: value` ending in \\r\\n")
        }
        std::io::ErrorKind::InvalidData if text.starts_with("no Content-Length") => {
            malformed("a message has no Content-Length header")
        }
        std::io::ErrorKind::InvalidData if text.starts_with("malformed LSP payload") => {
            malformed("a message's content is not a JSON-RPC message")
        }
        std::io::ErrorKind::InvalidData => malformed(
            "a message's header or content cannot be read (a Content-Length that is not a number, or content that is not UTF-8)",
        ),
        _ => LspError::Protocol(text),
    }
}
