//! The reference material next to the repository (`../shared`, read-only; CI has it there).
//! A test that needs it gets its paths from [`shared`]. When it is missing the test says so on
//! the terminal and skips what needs it, except under CI (`CI` set to anything but empty,
//! `false` or `0`), where it fails: CI must not lose that coverage silently.
//!
//! Include it with `#[path = "…/waflow-core/tests/support/shared.rs"] mod shared;` from any
//! crate under `crates/` or from the root package's `tests/` (`../shared` is found from the
//! including package's manifest directory).

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// `../shared/REL` next to the repository, when it exists. Otherwise `None`, after a line on
/// standard error; under CI it panics instead.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The root package's directory holds `crates/`; any other package is two levels below it.
    let up = if manifest.join("crates").is_dir() {
        ".."
    } else {
        "../../.."
    };
    let path = manifest.join(up).join("shared").join(rel);
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "false" | "0"));
    present_or_skip(path, ci)
}

/// `path` when it exists; else panics when `ci`, or says that the test skips and returns `None`.
pub fn present_or_skip(path: PathBuf, ci: bool) -> Option<PathBuf> {
    if path.exists() {
        return Some(path);
    }
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    assert!(
        !ci,
        "{test}: the shared material is missing at {} (CI must have ../shared next to the repository)",
        path.display()
    );
    // Straight to the process's standard error: the test harness captures `eprintln!`, and a
    // skip nobody sees looks like a pass.
    let _ = writeln!(
        std::io::stderr(),
        "{test}: SKIPPED what needs {}: it is missing (it lives next to the repository)",
        path.display()
    );
    None
}
