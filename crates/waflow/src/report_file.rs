//! Writing a report to the file named by `--output`, atomically.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The report file an `--output` value names: `None` (standard output) for `-`, as for most
/// command-line tools, rather than a file named `-`.
pub fn named(output: Option<PathBuf>) -> Option<PathBuf> {
    output.filter(|path| path.as_os_str() != "-")
}

/// Writes a report to `path` through `write`. A regular file (or a new one) is written as a
/// temporary file in the same directory, then renamed over it: a failed write leaves the old
/// file as it was, never a truncated report. A link is followed, so the file it points at is
/// replaced and the link stays. Anything else (`/dev/stdout`, a named pipe) is written directly.
pub fn write(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let target = match fs::canonicalize(path) {
        Ok(real) => real,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let existing = fs::metadata(&target).ok();
    if existing.as_ref().is_some_and(|meta| !meta.is_file()) {
        let mut out = BufWriter::new(fs::File::create(&target)?);
        write(&mut out)?;
        return out.flush();
    }
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".waflow-report-").suffix(".tmp");
    // The report gets the old file's permissions, or those File::create would give a new one.
    let permissions = existing.map(|meta| meta.permissions());
    #[cfg(unix)]
    let permissions = permissions.or_else(|| {
        use std::os::unix::fs::PermissionsExt as _;
        Some(fs::Permissions::from_mode(0o666))
    });
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    // A missing directory is said as the system says it, before `tempfile` wraps the error.
    fs::metadata(&dir)?;
    let temp = builder.tempfile_in(&dir).map_err(plain)?;
    let mut out = BufWriter::new(temp);
    write(&mut out)?;
    let temp = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| plain(e.error))?;
    Ok(())
}

/// The error without the temporary file's name that `tempfile` adds to its messages (the
/// caller names the report file): the system's error when it is at hand, else its kind
/// (`tempfile` keeps the system's error in a private wrapper).
fn plain(e: io::Error) -> io::Error {
    match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None if e.get_ref().is_some() => io::Error::from(e.kind()),
        None => e,
    }
}
