//! One path normalisation for every use of the project file: discovery, glob matching and the
//! `[flows."path"]` keys all compare absolute paths without `.` and `..` components (links
//! are not resolved, so a project reached through a link keeps the paths its user typed; only a
//! `..` after a link is applied where the link leads, as the system does).

use std::path::{Component, Path, PathBuf};

/// The absolute form of `path` (against the working directory), with `.` components dropped and
/// `..` components applied to the path as written, except that a `..` after a symbolic link
/// leads to the parent of the link's target (`link/../a.json` is the `a.json` beside the
/// target, the file the system opens).
pub fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    normalise(&abs, true)
}

/// `path` without `.` components, with each `..` removing the component before it (kept when
/// there is none to remove).
pub fn clean(path: &Path) -> PathBuf {
    normalise(path, false)
}

/// [`clean`], and with `follow_links` a component that is a symbolic link replaced by its target
/// before a `..` removes it.
fn normalise(path: &Path, follow_links: bool) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_))
                    if follow_links
                        && out
                            .symlink_metadata()
                            .is_ok_and(|m| m.file_type().is_symlink()) =>
                {
                    if let Ok(target) = out.canonicalize() {
                        out = target;
                    }
                    out.pop();
                }
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `/..` is `/`.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out
}

/// An [`absolute`] path relative to the directory `root`; the path itself when it lies outside
/// `root` (the form globs and ignore entries are matched against).
pub fn within<'a>(root: &Path, abs: &'a Path) -> &'a Path {
    abs.strip_prefix(root).unwrap_or(abs)
}

/// `path` with `/` separators, as `[flows."path"]` keys and globs are written.
pub fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// A path as messages show it: a relative path as given; an absolute one relative to the
/// working directory when it lies below it (`flows/waflow.toml`) or in one of its ancestors
/// (`../waflow.toml`), else as it is.
pub fn shown(path: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir() else {
        return path.to_path_buf();
    };
    if path.is_relative() {
        return path.to_path_buf();
    }
    if let Ok(below) = path.strip_prefix(&cwd) {
        return below.to_path_buf();
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) if cwd.starts_with(dir) && dir.parent().is_some() => {
            let ups = cwd.components().count() - dir.components().count();
            let mut rel: PathBuf = std::iter::repeat_n("..", ups).collect();
            rel.push(name);
            rel
        }
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_is_relative_inside_the_root_and_whole_outside() {
        let root = Path::new("/p/flows");
        assert_eq!(
            within(root, Path::new("/p/flows/a/b.json")),
            Path::new("a/b.json")
        );
        assert_eq!(within(root, Path::new("/p/flows")), Path::new(""));
        assert_eq!(
            within(root, Path::new("/p/flowsx/b.json")),
            Path::new("/p/flowsx/b.json")
        );
        assert_eq!(within(root, Path::new("/q/b.json")), Path::new("/q/b.json"));
    }

    #[test]
    fn clean_drops_dots_and_applies_parents() {
        assert_eq!(clean(Path::new("/p/./a/../b.json")), Path::new("/p/b.json"));
        assert_eq!(
            clean(Path::new("./flows/a.json")),
            Path::new("flows/a.json")
        );
        assert_eq!(clean(Path::new("../a.json")), Path::new("../a.json"));
        assert_eq!(clean(Path::new("/..")), Path::new("/"));
    }

    #[test]
    fn relative_paths_are_the_same_however_written() {
        let root = absolute(Path::new("."));
        for written in ["flows/a.json", "./flows/a.json", "flows/x/../a.json"] {
            assert_eq!(
                within(&root, &absolute(Path::new(written))),
                Path::new("flows/a.json"),
                "{written}"
            );
        }
        let outside = absolute(Path::new("b.json"));
        assert_eq!(within(&root.join("flows"), &outside), outside);
        assert_eq!(slashed(Path::new("flows/x/a.json")), "flows/x/a.json");
    }

    #[cfg(unix)]
    #[test]
    #[allow(clippy::expect_used)]
    fn a_parent_after_a_link_is_the_parent_of_its_target() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(root.join("deep/target")).expect("dirs");
        std::os::unix::fs::symlink(root.join("deep/target"), root.join("l")).expect("link");
        // The system opens deep/a.json for l/../a.json, not the a.json beside l.
        assert_eq!(
            absolute(&root.join("l/../a.json")),
            root.join("deep/a.json")
        );
        // A link without `..` after it stays as written.
        assert_eq!(absolute(&root.join("l/a.json")), root.join("l/a.json"));
        assert_eq!(
            absolute(&root.join("deep/x/../a.json")),
            root.join("deep/a.json")
        );
    }
}
