//! Finding the flow files named on the command line.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Directories never searched (the same the watcher never watches).
pub use waflow_watch::SKIPPED_DIRS;

/// Why a path could not be searched.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// The path does not exist or cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// A `waflow.toml` met on the way cannot be used.
    #[error(transparent)]
    Config(Box<crate::config::ConfigError>),
}

/// What a [`Filter`] says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Check it.
    Take,
    /// Leave it out.
    Skip,
    /// Check it when it is a `.json` file that looks like a flow.
    Sniff,
}

/// Narrows a search (configured include and exclude globs).
pub trait Filter {
    /// Whether a directory is left out of the search.
    fn skip_dir(&self, dir: &Path) -> bool;
    /// How a file met in a search is selected.
    fn select(&self, file: &Path) -> Selection;
}

/// A file to check, and whether it still has to pass the flow test once read (a `.json` file
/// met in a directory search: it is a flow only if it mentions `"screens"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The file.
    pub path: PathBuf,
    /// Whether the bytes decide ([`mentions_screens`]); files named explicitly, or taken by a
    /// configured include glob, are checked whatever they hold.
    pub sniff: bool,
}

/// The files to check: files named explicitly are always included (unless `force` is set: then
/// they go through `filter` too); directories are searched recursively for the files `filter`
/// selects (by default `.json` files, kept when they turn out to mention `"screens"`), skipping
/// `.git`, `target`, `node_modules` and the directories `filter` skips. The result is sorted per
/// argument and free of repeats. Files are not read here: the caller reads each once and applies
/// [`mentions_screens`] to the candidates that ask for it.
pub fn flow_files_filtered(
    paths: &[PathBuf],
    force: bool,
    filter: &dyn Filter,
) -> Result<Vec<Candidate>, DiscoverError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|source| DiscoverError::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, filter, &mut found)?;
            found.sort_by(|a: &Candidate, b| a.path.cmp(&b.path));
            out.extend(found);
        } else if !force {
            out.push(Candidate {
                path: path.clone(),
                sniff: false,
            });
        } else if let Some(sniff) = candidate(filter, path) {
            out.push(Candidate {
                path: path.clone(),
                sniff,
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| seen.insert(c.path.clone()));
    Ok(out)
}

/// How `filter` takes a file: `None` when it is left out, `Some(sniff)` when it is taken, with
/// `sniff` telling whether its content must still pass the flow test.
fn candidate(filter: &dyn Filter, path: &Path) -> Option<bool> {
    match filter.select(path) {
        Selection::Take => Some(false),
        Selection::Skip => None,
        Selection::Sniff => {
            (path.extension().is_some_and(|e| e == "json") && is_regular(path)).then_some(true)
        }
    }
}

/// How `filter` takes one file, without reading it: `None` when it is left out, `Some(sniff)`
/// when it is taken, `sniff` telling whether its content must still pass [`mentions_screens`].
pub fn taken(filter: &dyn Filter, path: &Path) -> Option<bool> {
    candidate(filter, path)
}

fn walk(dir: &Path, filter: &dyn Filter, out: &mut Vec<Candidate>) -> Result<(), DiscoverError> {
    let io_err = |source| DiscoverError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io_err)? {
        let entry = entry.map_err(io_err)?;
        let path = entry.path();
        let kind = entry.file_type().map_err(io_err)?;
        if kind.is_dir() {
            let name = entry.file_name();
            if !SKIPPED_DIRS.iter().any(|s| name == *s) && !filter.skip_dir(&path) {
                walk(&path, filter, out)?;
            }
        } else if let Some(sniff) = candidate(filter, &path) {
            out.push(Candidate { path, sniff });
        }
    }
    Ok(())
}

/// Whether a file can be a flow at all: only regular files (or links to one) qualify; a dangling
/// link (an editor's lock file such as Emacs' `.#flow.json`) or a directory named `*.json` is not
/// a flow.
fn is_regular(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| meta.is_file())
}

/// The flow test on a JSON file's bytes: Flow JSON documents mention `"screens"`.
pub fn mentions_screens(bytes: &[u8]) -> bool {
    bytes.windows(9).any(|w| w == b"\"screens\"")
}
