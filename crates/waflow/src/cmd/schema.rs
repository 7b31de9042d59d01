//! `waflow schema`: print the JSON Schema of a Flow JSON version, byte for byte as in `schemas/`.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use waflow_core::FlowVersion;

use crate::cmd::init::parse_version;
use crate::exit;

/// Arguments of `waflow schema`.
#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Flow JSON version (the latest by default).
    #[arg(long = "version", value_name = "X.Y", value_parser = parse_version, default_value = FlowVersion::LATEST.as_str())]
    pub flow_version: FlowVersion,

    /// Write the schema to FILE instead of standard output (`-`: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `waflow schema` and returns the exit code.
pub fn run(args: SchemaArgs) -> u8 {
    let text = waflow_core::schema::schema_text(args.flow_version);
    let written = match &crate::report_file::named(args.output) {
        Some(path) => std::fs::write(path, text),
        None => {
            let mut out = io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            }
        }
    };
    match written {
        Ok(()) => exit::OK,
        Err(e) => {
            stderr_line!("waflow: error: cannot write the schema: {e}");
            exit::USAGE
        }
    }
}
