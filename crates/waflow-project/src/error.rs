//! The one error type of the project file.

use std::io;
use std::path::PathBuf;

/// Why a project file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// The project file given with `--config` does not exist; its name is not repeated (it
    /// may be a key pasted by mistake).
    #[error(
        "the project file given with --config does not exist (its name is not repeated here in case it is a secret)"
    )]
    NoFile,
    /// The file cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file, as messages show it.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The file is not valid TOML, or holds an unknown key or a bad value.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        /// The file, as messages show it.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem, in characters.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file holds a setting named like an API key or another secret.
    #[error("{}:{line}:{column}: {}", path.display(), crate::secret::refusal(at))]
    KeyInFile {
        /// The file, as messages show it.
        path: PathBuf,
        /// 1-based line of the setting.
        line: usize,
        /// 1-based column of the setting, in characters.
        column: usize,
        /// The dotted key (never its value).
        at: String,
    },
    /// `--env` names a table the file does not define.
    #[error("no [env.{name}] table in {} (defined: {available})", path.display())]
    UnknownEnv {
        /// The name asked for.
        name: String,
        /// The file, as messages show it.
        path: PathBuf,
        /// The names defined, or `none`.
        available: String,
    },
    /// The files of one command have different closest project files.
    #[error(
        "{} and {} have different waflow.toml files; push them in separate commands (or name one with --config)",
        first.display(),
        other.display()
    )]
    TwoProjects {
        /// The first file named.
        first: PathBuf,
        /// The first file whose project differs.
        other: PathBuf,
    },
    /// A backend name (`--backend`, `WAFLOW_BACKEND`) is neither `partner` nor `graph`.
    #[error("unknown backend (--backend, WAFLOW_BACKEND): expected \"partner\" or \"graph\"")]
    UnknownBackend,
}
