//! `waflow check`: validate flow files and report in the chosen format.

use std::io;
use std::path::{Path, PathBuf};

use clap::Args;
use rayon::prelude::*;
use waflow_core::{FileReport, Severity};

use crate::config::{ConfigError, Configs, FailOnSetting};
use crate::discover;
use crate::exit;
use crate::render::{self, Format};

/// Arguments of `waflow check`.
#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 no error, 1 at least one finding at the --fail-on level, 2 usage or I/O error."
)]
pub struct CheckArgs {
    /// Files or directories to check. Directories are searched recursively for Flow JSON files
    /// (`.json` files with a "screens" key), skipping .git, target and node_modules.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Lowest severity that makes the command fail (exit 1). Default: `fail_on` of the
    /// configuration, else `error`.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Configuration file to use for every file, instead of the closest `waflow.toml`.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Apply the configured include/exclude globs (and the flow test) to files named explicitly
    /// too, as pre-commit needs: it passes every staged JSON file.
    #[arg(long)]
    pub force_exclude: bool,
}

impl From<FailOnSetting> for FailOn {
    fn from(setting: FailOnSetting) -> FailOn {
        match setting {
            FailOnSetting::Error => FailOn::Error,
            FailOnSetting::Warning => FailOn::Warning,
        }
    }
}

/// The lowest severity that fails a run.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
}

impl FailOn {
    /// Whether any report holds a finding at or above this level, counting the findings past
    /// the cap; a report whose check stopped at the cap (so that its counts are a lower bound)
    /// fails at either level.
    pub fn fails(self, reports: &[FileReport]) -> bool {
        let threshold = match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        };
        reports.iter().any(|r| {
            r.omitted.lower_bound
                || r.omitted.errors > 0
                || (threshold == Severity::Warning && r.omitted.warnings > 0)
                || r.diagnostics
                    .iter()
                    .any(|d| d.finding.severity >= threshold)
        })
    }
}

/// Why some files could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// A path could not be searched.
    #[error(transparent)]
    Discover(#[from] discover::DiscoverError),
    /// A configuration file cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: io::Error,
    },
}

/// Checks every file (in parallel), each with its configuration, and returns the reports in
/// file order. `force_exclude` filters files named explicitly through the configuration too.
pub fn check_paths(
    paths: &[PathBuf],
    configs: &Configs,
    force_exclude: bool,
) -> Result<Vec<FileReport>, CheckError> {
    let files = configs.flow_files(paths, force_exclude)?;
    let check_one = |file: &discover::Candidate| {
        let bytes = std::fs::read(&file.path).map_err(|source| CheckError::Read {
            path: file.path.display().to_string(),
            source,
        })?;
        if file.sniff && !discover::mentions_screens(&bytes) {
            return Ok(None);
        }
        check_file(configs, &file.path, &bytes).map(Some)
    };
    // A single file is checked on this thread: starting a thread pool would cost more than the
    // check itself.
    let reports: Vec<Option<FileReport>> = if files.len() == 1 {
        files.iter().map(check_one).collect::<Result<_, _>>()?
    } else {
        files.par_iter().map(check_one).collect::<Result<_, _>>()?
    };
    Ok(reports.into_iter().flatten().collect())
}

/// Checks one file's bytes with its configuration (levels and ignores).
pub fn check_file(configs: &Configs, file: &Path, bytes: &[u8]) -> Result<FileReport, CheckError> {
    let config = configs.for_path(file)?;
    Ok(config.check(&file.display().to_string(), file, bytes))
}

/// Runs `waflow check` and returns the exit code.
pub fn run(args: CheckArgs) -> u8 {
    let configs = match Configs::new(args.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            stderr_line!("waflow: error: {e}");
            return exit::USAGE;
        }
    };
    let reports = match check_paths(&args.paths, &configs, args.force_exclude) {
        Ok(r) => r,
        Err(e) => {
            stderr_line!("waflow: error: {e}");
            return exit::USAGE;
        }
    };
    for warning in configs.warnings() {
        stderr_line!("waflow: warning: {warning}");
    }
    if reports.is_empty() && !args.force_exclude {
        stderr_line!(
            "waflow: warning: no Flow JSON files found (directories are searched for .json files that contain a \"screens\" key)"
        );
    }
    let fail_on = match args.fail_on {
        Some(flag) => flag,
        None => match configs.primary(&args.paths) {
            Ok(config) => config.fail_on.map_or(FailOn::Error, FailOn::from),
            Err(e) => {
                stderr_line!("waflow: error: {e}");
                return exit::USAGE;
            }
        },
    };
    if let Err(e) = render::render_to(args.format, &reports, args.output.as_deref()) {
        stderr_line!("waflow: error: cannot write the report: {e}");
        return exit::USAGE;
    }
    if fail_on.fails(&reports) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
