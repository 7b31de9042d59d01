//! The `waflow` CLI that the end-to-end tests run as a process.
//!
//! Cargo tells a package's tests where that package's own binaries are, and only those. These
//! tests belong to the root package, whose binary `waflow-hook` is the CLI under another name
//! (`crates/waflow/hook/main.rs` calls the same `waflow::run()` as `waflow`), so they run it:
//! `cargo test --workspace` and `cargo test -p waflow-pre-commit` both build it first.

/// The path of the CLI binary.
pub const WAFLOW: &str = env!("CARGO_BIN_EXE_waflow-hook");
