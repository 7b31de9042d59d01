//! How the program is built for a fast start (docs/performance.md, "One file: the program's
//! start-up").
#![allow(clippy::expect_used, clippy::unwrap_used)]

/// The ELF file type of an executable: 2 for a fixed-address one, 3 for a position-independent
/// one (or a shared library).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn elf_type(path: &str) -> u16 {
    use std::io::Read as _;
    // The header only: a debug build of the program is hundreds of megabytes.
    let mut header = [0_u8; 18];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .expect("read the program's header");
    assert_eq!(&header[..4], b"\x7fELF", "{path} is not an ELF file");
    u16::from_le_bytes([header[16], header[17]])
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_program_is_linked_at_a_fixed_address() {
    // The dynamic loader would otherwise apply ~35,000 relocations at every start. build.rs
    // links at a fixed address unless asked not to (WAFLOW_PIE=1), the build is crt-static, or
    // the linker refuses -no-pie, and says what it decided.
    let decided = env!("WAFLOW_LINK");
    let expected = if decided == "fixed" { 2 } else { 3 };
    assert_eq!(
        elf_type(env!("CARGO_BIN_EXE_waflow")),
        expected,
        "build.rs decided: {decided}"
    );
    if std::env::var("WAFLOW_PIE").as_deref() != Ok("1") && std::env::var("CI").is_ok() {
        // CI builds with the defaults on Linux/glibc and a current GCC: the fixed link.
        assert_eq!(
            decided, "fixed",
            "CI's build should be linked at a fixed address"
        );
    }
}
