//! Links the `waflow` program as a fixed-address (non-PIE) executable on Linux with glibc.
//! The root package builds `waflow-hook` (the same program for pre-commit) with this script too.
//!
//! A position-independent `waflow` carries about 35,000 dynamic relocations, most of them in
//! the precompiled validators' tables: the dynamic loader applies them at every start (about
//! 0.7 M instructions and 130 page faults, a tenth of a one-file check). Linked at a fixed
//! address, the program has about 200. The trade-off (the program's own code and data are no
//! longer at a random address; its libraries, stack and heap still are) is described in
//! docs/performance.md. `WAFLOW_PIE=1` at build time keeps the default, position-independent
//! link.

use std::env;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo::rerun-if-env-changed=WAFLOW_PIE");
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    println!("cargo::rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    let link = if !wants_fixed_address() {
        "position-independent"
    } else if !linker_accepts_no_pie() {
        "position-independent (the linker refuses -no-pie)"
    } else {
        println!("cargo::rustc-link-arg-bins=-no-pie");
        "fixed"
    };
    // What was decided, for the test that reads the program's ELF header.
    println!("cargo::rustc-env=WAFLOW_LINK={link}");
}

/// The linker driver rustc will use: `-C linker=` (or `--codegen linker=`) in the flags, else
/// Cargo's linker setting, else `cc`.
fn linker() -> std::ffi::OsString {
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let mut from_flags = None;
    let mut after_c = false;
    for flag in flags.split('\x1f') {
        if flag == "-C" || flag == "--codegen" {
            after_c = true;
            continue;
        }
        let option = match flag.strip_prefix("-C").or(flag.strip_prefix("--codegen=")) {
            Some(option) => option,
            None if after_c => flag,
            None => "",
        };
        after_c = false;
        if let Some(path) = option.strip_prefix("linker=") {
            from_flags = Some(path.into());
        }
    }
    from_flags
        .or_else(|| env::var_os("RUSTC_LINKER"))
        .unwrap_or_else(|| "cc".into())
}

/// Whether the target is one where a fixed-address link is the right default: Linux with
/// glibc, dynamically linked (a `crt-static` build is a static PIE, left alone), and the
/// builder did not ask for a position-independent program.
fn wants_fixed_address() -> bool {
    let var = |name: &str| env::var(name).unwrap_or_default();
    var("WAFLOW_PIE") != "1"
        && var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && !var("CARGO_CFG_TARGET_FEATURE")
            .split(',')
            .any(|feature| feature == "crt-static")
}

/// Whether the linker driver rustc will use ([`linker`]) links a small C
/// program with `-no-pie`: old drivers (GCC before 6) do not know the flag, and any failure to
/// run the probe keeps the default link.
fn linker_accepts_no_pie() -> bool {
    let Some(out_dir) = env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let linker = linker();
    let source = out_dir.join("no_pie_probe.c");
    if std::fs::write(&source, "int main(void) { return 0; }\n").is_err() {
        return false;
    }
    Command::new(linker)
        .arg("-no-pie")
        .arg(&source)
        .arg("-o")
        .arg(out_dir.join("no_pie_probe"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
