//! `--format meta`: errors in the exact shape of Meta's `validation_errors`, so local and remote
//! results compare one to one.

use std::io::{self, Write};

use serde::Serialize;
use waflow_core::meta_errors::{self, MetaValidationError};
use waflow_core::{FileReport, Omitted};

#[derive(Serialize)]
struct Report<'a> {
    files: Vec<FileOut<'a>>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    validation_errors: Vec<MetaValidationError>,
    /// The errors past the cap on findings per file (only when there are any).
    #[serde(skip_serializing_if = "Option::is_none")]
    omitted_errors: Option<OmittedErrors>,
}

/// How many errors a file had past the cap, and whether that count is a minimum.
#[derive(Serialize)]
struct OmittedErrors {
    count: usize,
    lower_bound: bool,
}

impl OmittedErrors {
    fn of(omitted: &Omitted) -> Option<OmittedErrors> {
        (omitted.errors > 0 || omitted.lower_bound).then_some(OmittedErrors {
            count: omitted.errors,
            lower_bound: omitted.lower_bound,
        })
    }
}

/// Writes `{"files": [{"path", "validation_errors": [...]}]}`.
pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let report = Report {
        files: reports
            .iter()
            .map(|r| FileOut {
                path: &r.path,
                validation_errors: meta_errors::from_report(r),
                omitted_errors: OmittedErrors::of(&r.omitted),
            })
            .collect(),
    };
    super::write_json(&report, out)
}
