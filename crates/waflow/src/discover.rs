//! Finding the flow files named on the command line.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Directories never searched.
pub const SKIPPED_DIRS: [&str; 3] = [".git", "target", "node_modules"];

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
}

/// The files to check: files named explicitly are always included; directories are searched
/// recursively for `.json` files that look like Flow JSON (they mention `"screens"`), skipping
/// `.git`, `target` and `node_modules`. The result is sorted per argument and free of repeats.
pub fn flow_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, DiscoverError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|source| DiscoverError::Io {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), DiscoverError> {
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
            if !SKIPPED_DIRS.iter().any(|s| name == *s) {
                walk(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "json") && looks_like_flow(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// A cheap test that a JSON file is meant as a Flow JSON document.
fn looks_like_flow(path: &Path) -> bool {
    fs::read(path)
        .map(|bytes| bytes.windows(9).any(|w| w == b"\"screens\""))
        .unwrap_or(true)
}
