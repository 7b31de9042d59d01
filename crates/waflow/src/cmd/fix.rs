//! `waflow check --fix`, `--unsafe-fixes` and `--diff`: the automatic fixes of the findings,
//! written back to the files atomically or shown as a unified diff.

use std::io;
use std::path::{Path, PathBuf};

use similar::TextDiff;
use waflow_core::FileReport;
use waflow_core::fix::{Applicability, Applied, Dropped, fix_file};

use crate::render;
use crate::report_file;

/// A file the fixes changed, or whose fixes were dropped (then `before` and `after` are equal).
#[derive(Debug)]
pub struct FileFix {
    /// The file on disk; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The path as reports show it.
    pub label: String,
    /// The text before fixing.
    pub before: String,
    /// The text after fixing.
    pub after: String,
    /// The fixes applied.
    pub applied: Vec<Applied>,
    /// The fixes not applied because they would add an error.
    pub dropped: Vec<Dropped>,
}

impl FileFix {
    /// Whether the fixes changed the text.
    fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// Checks `bytes` with `check` and, when fixes up to `allowed` are wanted, fixes them first: the
/// report is that of the fixed text, and the change comes back when there is one (or a fix was
/// dropped). A file that is not UTF-8 is only checked (its finding has no fix).
pub fn check_fixed(
    allowed: Option<Applicability>,
    path: Option<&Path>,
    label: &str,
    bytes: &[u8],
    check: &dyn Fn(&[u8]) -> FileReport,
) -> (FileReport, Option<FileFix>) {
    // Only fixes need the bytes as text: the check alone does not pay for a UTF-8 test.
    let text = allowed.and_then(|_| std::str::from_utf8(bytes).ok());
    let (Some(allowed), Some(text)) = (allowed, text) else {
        return (check(bytes), None);
    };
    let fixed = fix_file(text, allowed, &|t: &str| check(t.as_bytes()));
    let change = (fixed.changed() || !fixed.dropped.is_empty()).then(|| FileFix {
        path: path.map(Path::to_path_buf),
        label: label.to_owned(),
        before: text.to_owned(),
        after: fixed.text,
        applied: fixed.applied,
        dropped: fixed.dropped,
    });
    (fixed.report, change)
}

/// Writes each fixed file over the original, atomically (a temporary file renamed over it, with
/// the original's permissions). Returns the files that could not be written, with the reason.
pub fn write(fixes: &[FileFix]) -> Vec<(String, io::Error)> {
    let mut failed = Vec::new();
    for fix in fixes.iter().filter(|f| f.changed()) {
        let Some(path) = &fix.path else { continue };
        if let Err(e) = report_file::write(path, |out| out.write_all(fix.after.as_bytes())) {
            failed.push((fix.label.clone(), e));
        }
    }
    failed
}

/// The unified diff of the fixes, file by file (`a/` and `b/` before the label, as Git shows).
pub fn diff(fixes: &[FileFix]) -> String {
    let mut out = String::new();
    for fix in fixes.iter().filter(|f| f.changed()) {
        let label = render::printable(&fix.label);
        let text = TextDiff::from_lines(&fix.before, &fix.after);
        let unified = text
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{label}"), &format!("b/{label}"))
            .to_string();
        out.push_str(&unified);
        if !unified.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The summary line: how many fixes were applied (or would be, with `--diff`) in how many files,
/// and how many more `--unsafe-fixes` would apply.
pub fn summary(
    fixes: &[FileFix],
    reports: &[FileReport],
    allowed: Applicability,
    dry: bool,
) -> String {
    let count: usize = fixes.iter().map(|f| f.applied.len()).sum();
    let files = fixes.iter().filter(|f| f.changed()).count();
    let verb = if dry { "would fix" } else { "fixed" };
    let mut line = match count {
        0 => "nothing to fix".to_owned(),
        _ => format!(
            "{verb} {count} {} in {files} {}",
            plural(count, "finding", "findings"),
            plural(files, "file", "files")
        ),
    };
    if allowed == Applicability::Safe {
        let unsafe_left = reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| {
                d.finding
                    .fix
                    .as_deref()
                    .is_some_and(|f| f.applicability == Applicability::Unsafe)
            })
            .count();
        if unsafe_left > 0 {
            line.push_str(&format!(
                "; {unsafe_left} more {} an unsafe fix (--unsafe-fixes)",
                plural(unsafe_left, "finding has", "findings have")
            ));
        }
    }
    line
}

/// Whether any file changed (or would, with `--diff`).
pub fn any_change(fixes: &[FileFix]) -> bool {
    fixes.iter().any(FileFix::changed)
}

/// One line per dropped fix: the file, the rule whose fix was not applied, what it would have
/// done and the rules of the errors it would have added.
pub fn dropped(fixes: &[FileFix]) -> Vec<String> {
    fixes
        .iter()
        .flat_map(|f| f.dropped.iter().map(move |d| (f, d)))
        .map(|(f, d)| {
            let added: Vec<&str> = d
                .added
                .iter()
                .map(|r| {
                    if r == "past the cap" {
                        "more errors past --max-findings"
                    } else {
                        r.as_str()
                    }
                })
                .collect();
            format!(
                "{}: the fix of {} was not applied ({}): it would add {} {}",
                render::printable(&f.label),
                d.rule,
                render::printable(&d.title),
                plural(added.len(), "an error:", "errors:"),
                added.join(", ")
            )
        })
        .collect()
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
