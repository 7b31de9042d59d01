//! A loaded `waflow.toml`, and the one rule that finds it.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::paths::{self, absolute};
use crate::{EnvSettings, FILE_NAME, FlowSettings, ProjectError, ProjectFile};

/// The `waflow.toml` that applies to `path` (a file or a directory): the closest one in the
/// directory of the file (the directory itself), then each parent; `None` when there is none.
/// The one discovery rule of every command.
pub fn closest(path: &Path) -> Option<PathBuf> {
    let abs = absolute(path);
    let start = if abs.is_dir() {
        abs.as_path()
    } else {
        abs.parent().unwrap_or(&abs)
    };
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// A loaded `waflow.toml`.
#[derive(Debug, Clone)]
pub struct Project {
    /// The file, as found or given.
    pub path: PathBuf,
    /// The file as messages name it (relative to the working directory when it can be).
    pub label: PathBuf,
    /// Its directory, absolute ([`paths::absolute`]): globs and flow paths are relative to it.
    pub root: PathBuf,
    /// Its tables.
    pub file: ProjectFile,
}

impl Project {
    /// Reads and checks the file at `path`; a file that does not exist is
    /// [`ProjectError::NoFile`] (its name is not repeated: it may be a key given by mistake).
    pub fn load(path: &Path) -> Result<Project, ProjectError> {
        let label = paths::shown(path);
        let text = std::fs::read_to_string(path).map_err(|source| {
            if source.kind() == io::ErrorKind::NotFound {
                ProjectError::NoFile
            } else {
                ProjectError::Read {
                    path: label.clone(),
                    source,
                }
            }
        })?;
        let abs = absolute(path);
        let root = abs
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        Project::parse(&text, path, root)
    }

    /// Parses `text` as the file at `path` whose globs and flow paths are relative to `root`
    /// (absolute).
    pub fn parse(text: &str, path: &Path, root: PathBuf) -> Result<Project, ProjectError> {
        let label = paths::shown(path);
        let file = crate::parse(&label, text)?;
        Ok(Project {
            path: path.to_path_buf(),
            label,
            root,
            file,
        })
    }

    /// The project of `path` ([`closest`]), loaded; `None` when there is none.
    pub fn discover(path: &Path) -> Result<Option<Project>, ProjectError> {
        closest(path).map(|found| Project::load(&found)).transpose()
    }

    /// The project of the flow files of one command: the closest `waflow.toml` to each file
    /// ([`closest`]), which must be the same for all ([`ProjectError::TwoProjects`]); the one
    /// of the working directory when no file is given.
    pub fn near(files: &[PathBuf]) -> Result<Option<Project>, ProjectError> {
        let Some((first, rest)) = files.split_first() else {
            return Project::discover(Path::new("."));
        };
        let found = closest(first);
        if let Some(other) = rest.iter().find(|file| closest(file) != found) {
            return Err(ProjectError::TwoProjects {
                first: first.clone(),
                other: other.clone(),
            });
        }
        found.map(|path| Project::load(&path)).transpose()
    }

    /// `file` relative to the project's directory ([`paths::within`]); its absolute path when
    /// it lies outside.
    pub fn relative(&self, file: &Path) -> PathBuf {
        paths::within(&self.root, &absolute(file)).to_path_buf()
    }

    /// The key of `file`'s table in this project: its path relative to the project's
    /// directory, with `/` separators.
    pub fn table_path(&self, file: &Path) -> String {
        paths::slashed(&self.relative(file))
    }

    /// The `[env.<name>]` table.
    pub fn env(&self, name: &str) -> Result<&EnvSettings, ProjectError> {
        self.file
            .env
            .get(name)
            .ok_or_else(|| ProjectError::UnknownEnv {
                name: name.to_owned(),
                path: self.label.clone(),
                available: if self.file.env.is_empty() {
                    "none".to_owned()
                } else {
                    self.file.env.keys().cloned().collect::<Vec<_>>().join(", ")
                },
            })
    }

    /// The settings of the flow file `file`: `[flows."…"]`, overridden by
    /// `[env.<env>.flows."…"]`. Paths are compared relative to the project's directory.
    pub fn flow_settings(&self, file: &Path, env: Option<&str>) -> FlowSettings {
        let wanted = self.relative(file);
        let find = |table: &BTreeMap<String, FlowSettings>| {
            table
                .iter()
                .find(|(k, _)| paths::clean(Path::new(k)) == wanted)
                .map(|(_, v)| v.clone())
        };
        let base = find(&self.file.flows).unwrap_or_default();
        match env
            .and_then(|e| self.file.env.get(e))
            .and_then(|e| find(&e.flows))
        {
            Some(over) => base.overridden_by(&over),
            None => base,
        }
    }
}

/// The header of the `waflow.toml` table of the flow file `path`, `[flows."path"]`, with the
/// path written as a TOML string (so that it can be pasted into the file as it is).
pub fn flows_table(path: &str) -> String {
    let mut quoted = String::with_capacity(path.len() + 2);
    for c in path.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    format!("[flows.\"{quoted}\"]")
}
