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

/// The files to check: files named explicitly are always included (unless `force` is set: then
/// they go through `filter` too); directories are searched recursively for the files `filter`
/// selects (by default `.json` files that look like Flow JSON: they mention `"screens"`),
/// skipping `.git`, `target`, `node_modules` and the directories `filter` skips. The result is
/// sorted per argument and free of repeats.
pub fn flow_files_filtered(
    paths: &[PathBuf],
    force: bool,
    filter: &dyn Filter,
) -> Result<Vec<PathBuf>, DiscoverError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|source| DiscoverError::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, filter, &mut found)?;
            found.sort();
            out.extend(found);
        } else if !force || selected(filter, path) {
            out.push(path.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

/// Whether `filter` selects a file (sniffing it when the filter leaves that to the default).
pub fn selected(filter: &dyn Filter, path: &Path) -> bool {
    match filter.select(path) {
        Selection::Take => true,
        Selection::Skip => false,
        Selection::Sniff => path.extension().is_some_and(|e| e == "json") && looks_like_flow(path),
    }
}

fn walk(dir: &Path, filter: &dyn Filter, out: &mut Vec<PathBuf>) -> Result<(), DiscoverError> {
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
        } else if selected(filter, &path) {
            out.push(path);
        }
    }
    Ok(())
}

/// A cheap test that a JSON file is meant as a Flow JSON document. Only regular files (or links
/// to one) qualify: a dangling link (an editor's lock file such as Emacs' `.#flow.json`) or a
/// directory named `*.json` is not a flow. A file that cannot be read is taken, so that the check
/// reports why.
fn looks_like_flow(path: &Path) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => fs::read(path)
            .map(|bytes| bytes.windows(9).any(|w| w == b"\"screens\""))
            .unwrap_or(true),
        _ => false,
    }
}
