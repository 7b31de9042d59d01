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

use waflow_core::FileReport;

pub use server::serve;
pub use text::Encoding;

/// What the server needs from the program that starts it: how `waflow check` treats a file.
pub trait Project {
    /// Whether `waflow check` would check the file at `path` holding `text`: its configuration
    /// takes it (include and exclude globs) and, unless a glob names it, it passes the flow test.
    fn accepts(&self, path: &Path, text: &str) -> Result<bool, ProjectError>;

    /// Checks `text` as the contents of `path`, with the configuration that applies to it (rule
    /// levels and ignores).
    fn check(&self, path: &Path, text: &str) -> Result<FileReport, ProjectError>;

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
}

/// Runs the server over standard input and output until the client says `exit`. Returns whether
/// the client asked for a `shutdown` first (the exit status is 0 only then).
pub fn run_stdio(project: impl Project) -> Result<bool, LspError> {
    let (connection, threads) = lsp_server::Connection::stdio();
    let clean = serve(&connection, project)?;
    drop(connection);
    threads
        .join()
        .map_err(|e| LspError::Protocol(e.to_string()))?;
    Ok(clean)
}
