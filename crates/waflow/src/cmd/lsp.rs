//! `waflow lsp`: the language server over standard input and output, with the configuration
//! semantics of `waflow check` (the closest `waflow.toml`, or `--config`).

use std::path::{Path, PathBuf};

use clap::Args;
use waflow_core::document::Document;
use waflow_core::{FileReport, Finding};
use waflow_lsp::{Project, ProjectError, Source};

use crate::config::Configs;
use crate::discover::{self, Selection};
use crate::exit;

/// Options of `waflow lsp`.
#[derive(Args, Debug)]
pub struct LspArgs {
    /// Use this configuration for every file instead of the closest waflow.toml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    #[command(flatten)]
    profile: super::profile::ProfileArgs,
}

/// Serves one editor until it says `exit`.
pub fn run(args: LspArgs) -> u8 {
    let project = CliProject {
        configs: Configs::with_profile(args.config.as_deref(), args.profile.get())
            .map_err(|e| e.to_string()),
        fixed: args.config,
        profile: args.profile.get(),
    };
    match waflow_lsp::run_stdio(project) {
        Ok(true) => exit::OK,
        Ok(false) => exit::FINDINGS,
        // Like an end without `exit`: the editor went away (or there was none).
        Err(e @ waflow_lsp::LspError::NotInitialized) => {
            stderr_line!("waflow lsp: {e}");
            exit::FINDINGS
        }
        Err(e) => {
            stderr_line!("waflow lsp: {e}");
            exit::USAGE
        }
    }
}

/// The configurations of the editor's files, read again when a `waflow.toml` changes.
struct CliProject {
    /// `--config`, when given.
    fixed: Option<PathBuf>,
    /// `--profile`, when given.
    profile: Option<waflow_core::options::Profile>,
    /// The configurations, or why `--config` cannot be used.
    configs: Result<Configs, String>,
}

impl CliProject {
    fn config(&self, path: &Path) -> Result<std::sync::Arc<crate::config::Config>, ProjectError> {
        let problem = |message: String| ProjectError { message };
        let configs = self.configs.as_ref().map_err(|e| problem(e.clone()))?;
        configs.for_path(path).map_err(|e| problem(e.to_string()))
    }
}

/// The path an untitled buffer is checked as: a file of the working directory named after the
/// buffer, so that the configuration there applies (and only an ignore whose glob matches every
/// file, such as `**`, can cover it).
fn untitled_path(name: &str) -> PathBuf {
    Path::new(".").join(name)
}

impl Project for CliProject {
    fn accepts(&self, source: Source<'_>, text: &str) -> Result<bool, ProjectError> {
        let path = match source {
            Source::File(path) => path,
            Source::Untitled(name) => {
                self.config(&untitled_path(name))?;
                return Ok(discover::mentions_screens(text.as_bytes()));
            }
        };
        Ok(match self.config(path)?.select(path) {
            Selection::Take => true,
            Selection::Skip => false,
            Selection::Sniff => {
                path.extension().is_some_and(|e| e == "json")
                    && discover::mentions_screens(text.as_bytes())
            }
        })
    }

    fn check(
        &self,
        source: Source<'_>,
        doc: &Document,
        load_findings: &[Finding],
    ) -> Result<FileReport, ProjectError> {
        let (path, label) = match source {
            Source::File(path) => (path.to_path_buf(), path.display().to_string()),
            Source::Untitled(name) => (untitled_path(name), name.to_owned()),
        };
        let config = self.config(&path)?;
        Ok(config.check_loaded(&label, &path, doc, load_findings.to_vec()))
    }

    fn reload(&mut self) {
        self.configs =
            Configs::with_profile(self.fixed.as_deref(), self.profile).map_err(|e| e.to_string());
    }

    fn config_file(&self, path: &Path) -> Option<PathBuf> {
        self.config(path).ok()?.path.clone()
    }
}
