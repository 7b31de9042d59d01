//! waflow-project: the project file `waflow.toml`, for every waflow command.
//!
//! - [`parse`]: one parser for the whole file (`[files]`, `[check]`, `[version]`, `[rules]`,
//!   `[[ignore]]`, `[watch]`, `[flows]`, `[env]`), refusing unknown keys and anything named like
//!   a secret; every error is a [`ProjectError`] naming file, line and column.
//! - [`closest`]: one discovery rule, the `waflow.toml` closest to each flow file (its
//!   directory, then each parent); [`Project::near`] applies it to the files of one command.
//! - [`paths`]: one path normalisation, for glob matching and the `[flows."path"]` keys.
//! - [`FailOn`]: the one decision of which findings fail a file, for `check` and `push`.
//!
//! The parsed [`Project`] is a plain value: what a run does with it (the tally of the ignores
//! that matched) belongs to the run.

mod error;
mod fail_on;
mod file;
pub mod paths;
mod project;
pub mod secret;

pub use error::ProjectError;
pub use fail_on::FailOn;
pub use file::{
    Backend, CheckSettings, EnvSettings, FileSelection, FlowSettings, Ignore, ProjectFile,
    RuleLevel, Selection, cap, parse,
};
pub use project::{Project, closest, flows_table};

/// The name of the project file.
pub const FILE_NAME: &str = "waflow.toml";
