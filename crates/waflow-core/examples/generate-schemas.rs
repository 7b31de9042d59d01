//! Writes `schemas/flow-json-<version>.schema.json` for every Flow JSON version.
//!
//! Run with `cargo run -p waflow-core --example generate-schemas`.

use std::path::Path;

use waflow_core::FlowVersion;
use waflow_core::schema::{generate, render};

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    std::fs::create_dir_all(&dir)?;
    for version in FlowVersion::ALL {
        let path = dir.join(waflow_core::schema::generate::file_name(version));
        let text = render(&generate(version));
        std::fs::write(&path, text)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
