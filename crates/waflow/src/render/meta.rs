//! `--format meta`: errors in the exact shape of Meta's `validation_errors`, so local and remote
//! results compare one to one.

use std::io::{self, Write};

use serde::Serialize;
use waflow_core::FileReport;
use waflow_core::meta_errors::{self, MetaValidationError};

#[derive(Serialize)]
struct Report<'a> {
    files: Vec<FileOut<'a>>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    validation_errors: Vec<MetaValidationError>,
}

/// Writes `{"files": [{"path", "validation_errors": [...]}]}`.
pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let report = Report {
        files: reports
            .iter()
            .map(|r| FileOut {
                path: &r.path,
                validation_errors: meta_errors::from_report(r),
            })
            .collect(),
    };
    super::write_json(&report, out)
}
