//! `waflow check`: validate flow files and report in the chosen format.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;
use waflow_core::{CheckOptions, FileReport, Severity};

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

    /// Lowest severity that makes the command fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
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
    /// Whether any report holds a finding at or above this level.
    pub fn fails(self, reports: &[FileReport]) -> bool {
        let threshold = match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        };
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| d.finding.severity >= threshold)
    }
}

/// Why some files could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// A path could not be searched.
    #[error(transparent)]
    Discover(#[from] discover::DiscoverError),
    /// A file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: io::Error,
    },
}

/// Checks every file (in parallel) and returns the reports in file order.
pub fn check_paths(
    paths: &[PathBuf],
    options: &CheckOptions,
) -> Result<Vec<FileReport>, CheckError> {
    let files = discover::flow_files(paths)?;
    files
        .par_iter()
        .map(|file| {
            let label = file.display().to_string();
            let bytes = std::fs::read(file).map_err(|source| CheckError::Read {
                path: label.clone(),
                source,
            })?;
            Ok(waflow_core::check(&label, &bytes, options))
        })
        .collect()
}

/// Runs `waflow check` and returns the exit code.
pub fn run(args: CheckArgs) -> u8 {
    let options = CheckOptions::default();
    let reports = match check_paths(&args.paths, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("waflow: error: {e}");
            return exit::USAGE;
        }
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if let Err(e) = render::render(args.format, &reports, &mut out).and_then(|()| out.flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("waflow: error: cannot write the report: {e}");
            return exit::USAGE;
        }
    }
    if args.fail_on.fails(&reports) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
