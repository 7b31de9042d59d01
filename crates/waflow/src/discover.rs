//! Finding the flow files named on the command line.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Directories never searched (the same the watcher never watches).
pub use waflow_watch::SKIPPED_DIRS;

/// A path that could not be read or searched.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct PathError {
    /// The path.
    pub path: PathBuf,
    /// The cause.
    pub source: io::Error,
}

/// Why a search stopped.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// A path does not exist or cannot be read.
    #[error(transparent)]
    Io(#[from] PathError),
    /// A `waflow.toml` met on the way cannot be used.
    #[error(transparent)]
    Config(Box<waflow_project::ProjectError>),
}

/// How the configured globs take a file.
pub use waflow_project::Selection;

/// Narrows a search (configured include and exclude globs). An error (a configuration that
/// cannot be used) stops the search.
pub trait Filter {
    /// Why the filter cannot answer.
    type Error;
    /// Whether a directory is left out of the search.
    fn skip_dir(&self, dir: &Path) -> Result<bool, Self::Error>;
    /// How a file met in a search is selected.
    fn select(&self, file: &Path) -> Result<Selection, Self::Error>;
}

/// A file to check, and whether it still has to pass the flow test once read (a `.json` file
/// met in a directory search: it is a flow only if [`mentions_screens`] says so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The file (`-` for standard input).
    pub path: PathBuf,
    /// Whether the bytes decide ([`mentions_screens`]); files named explicitly, or taken by a
    /// configured include glob, are checked whatever they hold.
    pub sniff: bool,
}

/// One result of a search: a file to check, or a path that could not be read or searched.
pub type Found = Result<Candidate, PathError>;

/// The path argument that stands for standard input.
pub const STDIN: &str = "-";

/// Whether a path argument is `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// The files to check: files named explicitly are always included (unless `force` is set: then
/// they go through `filter` too); directories are searched recursively for the files `filter`
/// selects (by default `.json` files, kept when they turn out to be flows), skipping `.git`,
/// `target`, `node_modules` and the directories `filter` skips. `-` (standard input) is passed
/// through as it is. A path that cannot be read or searched is an `Err` entry in its place, and
/// the search goes on; an error of `filter` stops it. The result is sorted per argument and free
/// of repeats (paths that name the same file once resolved, such as `a.json`, `./a.json`,
/// `x/../a.json` and a link to `a.json`). Files are not read here: the caller reads each once
/// and applies [`mentions_screens`] to the candidates that ask for it.
pub fn search<F: Filter>(
    paths: &[PathBuf],
    force: bool,
    filter: &F,
) -> Result<Vec<Found>, F::Error> {
    let mut out = Vec::new();
    for path in paths {
        if is_stdin(path) {
            out.push(Met::new(Ok(Candidate {
                path: path.clone(),
                sniff: false,
            })));
            continue;
        }
        match fs::metadata(path) {
            Err(source) => out.push(Met::new(Err(PathError {
                path: path.clone(),
                source,
            }))),
            Ok(meta) if meta.is_dir() => {
                let real = fs::canonicalize(path).ok();
                walk(path, real.as_deref(), filter, &mut out)?;
            }
            Ok(_) if !force => out.push(Met::new(Ok(Candidate {
                path: path.clone(),
                sniff: false,
            }))),
            Ok(_) => {
                if let Some(sniff) = candidate(filter, path, is_regular)? {
                    out.push(Met::new(Ok(Candidate {
                        path: path.clone(),
                        sniff,
                    })));
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    Ok(out
        .into_iter()
        .filter_map(|met| {
            let key = met.real.unwrap_or_else(|| resolved(found_path(&met.found)));
            seen.insert(key).then_some(met.found)
        })
        .collect())
}

/// An entry of a search, and the file it is once links and `..` are resolved, when the search
/// knows it without asking the system (a regular file met in a directory whose own resolved
/// path is known).
struct Met {
    found: Found,
    real: Option<PathBuf>,
}

impl Met {
    fn new(found: Found) -> Met {
        Met { found, real: None }
    }
}

/// The file a path names (links and `..` resolved as the system does: `l/../a.json` through a
/// linked directory `l` is not the `a.json` beside `l`), what tells repeats apart. A path that
/// cannot be resolved (an unreadable entry) is told apart as written.
fn resolved(path: &Path) -> PathBuf {
    if is_stdin(path) {
        path.to_path_buf()
    } else {
        fs::canonicalize(path).unwrap_or_else(|_| waflow_project::paths::absolute(path))
    }
}

/// The path an entry of a search is about.
pub fn found_path(found: &Found) -> &Path {
    match found {
        Ok(candidate) => &candidate.path,
        Err(e) => &e.path,
    }
}

/// How `filter` takes a file: `None` when it is left out, `Some(sniff)` when it is taken, with
/// `sniff` telling whether its content must still pass the flow test. `is_file` is asked only
/// when the default test applies.
fn candidate<F: Filter>(
    filter: &F,
    path: &Path,
    is_file: impl FnOnce(&Path) -> bool,
) -> Result<Option<bool>, F::Error> {
    Ok(match filter.select(path)? {
        Selection::Take => Some(false),
        Selection::Skip => None,
        Selection::Sniff => {
            (path.extension().is_some_and(|e| e == "json") && is_file(path)).then_some(true)
        }
    })
}

/// How `filter` takes one file, without reading it: `None` when it is left out, `Some(sniff)`
/// when it is taken, `sniff` telling whether its content must still pass [`mentions_screens`].
pub fn taken<F: Filter>(filter: &F, path: &Path) -> Result<Option<bool>, F::Error> {
    candidate(filter, path, is_regular)
}

/// [`taken`] for content that is not on disk under `path` (standard input given a
/// `--stdin-filename`): the same test, without asking the file system.
pub fn taken_as<F: Filter>(filter: &F, path: &Path) -> Result<Option<bool>, F::Error> {
    candidate(filter, path, |_| true)
}

/// Searches `dir` (which resolves to `real`, when known) into `out`, each directory's entries in
/// the order of their names, so that the entries come in the order of their paths ([`Path`]'s
/// order: `a/b.json` before `a.json`, the files below a directory where its name goes).
fn walk<F: Filter>(
    dir: &Path,
    real: Option<&Path>,
    filter: &F,
    out: &mut Vec<Met>,
) -> Result<(), F::Error> {
    let io_err = |source| {
        Met::new(Err(PathError {
            path: dir.to_path_buf(),
            source,
        }))
    };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            out.push(io_err(source));
            return Ok(());
        }
    };
    let mut named = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => named.push((entry.file_name(), entry)),
            // Reported with the directory's path, before what lies below it.
            Err(source) => out.push(io_err(source)),
        }
    }
    named.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    for (name, entry) in named {
        let path = entry.path();
        let kind = match entry.file_type() {
            Ok(kind) => kind,
            Err(source) => {
                out.push(Met::new(Err(PathError { path, source })));
                continue;
            }
        };
        // Below a resolved directory, a directory or a file (not a link) is found by name.
        let real = real
            .filter(|_| kind.is_dir() || kind.is_file())
            .map(|r| r.join(&name));
        if kind.is_dir() {
            if !SKIPPED_DIRS.iter().any(|s| name == *s) && !filter.skip_dir(&path)? {
                walk(&path, real.as_deref(), filter, out)?;
            }
        } else if kind.is_symlink()
            && let Err(source) = fs::metadata(&path)
        {
            // A link that cannot be followed is reported as the same link named directly would
            // be, when the search would take its name; an editor's lock file is not.
            let lock = name.as_encoded_bytes().starts_with(b".#");
            if !lock && candidate(filter, &path, |_| true)?.is_some() {
                out.push(Met::new(Err(PathError { path, source })));
            }
        } else if let Some(sniff) = candidate(filter, &path, |path| {
            kind.is_file() || (kind.is_symlink() && is_regular(path))
        })? {
            out.push(Met {
                found: Ok(Candidate { path, sniff }),
                real,
            });
        }
    }
    Ok(())
}

/// Whether a file can be a flow at all: only regular files (or links to one) qualify; a socket
/// or a directory named `*.json` is not a flow. (A search reports a link that cannot be followed
/// instead, except an editor's lock file such as Emacs' `.#flow.json`, a link to nowhere.)
fn is_regular(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| meta.is_file())
}

/// The flow test on the bytes of a `.json` file met in a search: whether to check it.
///
/// A readable JSON document is a flow when it is an object with a top-level `"screens"` key
/// and is not a JSON Schema document (a top-level `"$schema"` naming a json-schema.org
/// meta-schema before that key, such as the schema `waflow init --vscode` writes). A file that
/// cannot be read as JSON is checked when it plausibly is a flow, so that the check reports why
/// Meta would refuse it instead of skipping it in silence: UTF-16 or UTF-32 text (with a byte
/// order mark or NUL-interleaved) that starts like an object, an empty file, a file that starts
/// like an object and ends too early, and a broken object that mentions `"screens"`. A UTF-8
/// byte order mark is looked past (the check reports it). The scan reads the top-level keys up
/// to `"screens"` only, and allocates nothing but the value of a `"$schema"` key.
pub fn mentions_screens(bytes: &[u8]) -> bool {
    if waflow_core::document::is_wide_json_object(bytes) {
        return true;
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut scan = TopLevel::default();
    let mut de = serde_json::Deserializer::from_slice(text);
    let parsed = serde::Deserializer::deserialize_map(&mut de, &mut scan);
    if scan.schema_document {
        return false;
    }
    if scan.screens {
        return true;
    }
    let starts_object = || text.trim_ascii_start().first() == Some(&b'{');
    match parsed {
        Ok(()) => false,
        Err(e) if e.is_eof() => text.trim_ascii().is_empty() || starts_object(),
        Err(e) if e.is_data() => false,
        Err(_) => starts_object() && text.windows(9).any(|w| w == b"\"screens\""),
    }
}

#[derive(Default)]
struct TopLevel {
    screens: bool,
    schema_document: bool,
}

impl<'de> serde::de::Visitor<'de> for &mut TopLevel {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Screens => {
                    // Decided: the rest (most of a flow) need not be read.
                    self.screens = true;
                    return Err(serde::de::Error::custom("a top-level \"screens\" key"));
                }
                Key::Schema => {
                    let value: serde_json::Value = map.next_value()?;
                    self.schema_document |= value
                        .as_str()
                        .is_some_and(|uri| uri.contains("json-schema.org/"));
                }
                Key::Other => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A top-level key, compared without being copied.
enum Key {
    Screens,
    Schema,
    Other,
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }
            fn visit_str<E>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "screens" => Key::Screens,
                    "$schema" => Key::Schema,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{Filter, Selection, mentions_screens, search};

    /// Takes everything.
    struct All;

    impl Filter for All {
        type Error = std::convert::Infallible;

        fn skip_dir(&self, _: &Path) -> Result<bool, Self::Error> {
            Ok(false)
        }

        fn select(&self, _: &Path) -> Result<Selection, Self::Error> {
            Ok(Selection::Take)
        }
    }

    #[test]
    fn one_file_written_three_ways_is_searched_once() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(dir.path().join("x")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("a.json"), "{}").unwrap_or_else(|e| panic!("{e}"));
        let paths: Vec<PathBuf> = ["a.json", "./a.json", "x/../a.json"]
            .iter()
            .map(|p| dir.path().join(p))
            .collect();
        let Ok(found) = search(&paths, false, &All);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    /// `l/../a.json` through a linked directory `l` is the file next to the link's target,
    /// not the `a.json` beside `l`: both are searched. A link to a file is that file.
    #[cfg(unix)]
    #[test]
    fn repeats_are_told_apart_by_the_file_not_by_how_it_is_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        std::fs::create_dir_all(root.join("real/sub")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("a.json"), "{}").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("real/a.json"), "{}").unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink("real/sub", root.join("l")).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink("a.json", root.join("link.json"))
            .unwrap_or_else(|e| panic!("{e}"));
        let paths: Vec<PathBuf> = ["a.json", "l/../a.json", "link.json"]
            .iter()
            .map(|p| root.join(p))
            .collect();
        let Ok(found) = search(&paths, false, &All);
        let found: Vec<&Path> = found.iter().map(super::found_path).collect();
        assert_eq!(found, [root.join("a.json"), root.join("l/../a.json")]);
    }

    /// Entries come in the order of their paths (a directory's files where its name goes, not
    /// after its siblings), and a link to a file met in the search is that file.
    #[cfg(unix)]
    #[test]
    fn a_search_is_in_path_order_and_free_of_links_to_what_it_found() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        for sub in ["a", "b/c"] {
            std::fs::create_dir_all(root.join(sub)).unwrap_or_else(|e| panic!("{e}"));
        }
        // In the order a search gives.
        let files = [
            "B.json",
            "a/x.json",
            "a-b.json",
            "a.json",
            "b/c/d.json",
            "b.json",
        ];
        for file in files {
            std::fs::write(root.join(file), "{}").unwrap_or_else(|e| panic!("{e}"));
        }
        std::os::unix::fs::symlink("a.json", root.join("l.json")).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink("b", root.join("m")).unwrap_or_else(|e| panic!("{e}"));
        let Ok(found) = search(&[root.join("."), root.join("b/c/d.json")], false, &Default);
        let found: Vec<&Path> = found.iter().map(super::found_path).collect();
        let expected: Vec<PathBuf> = files.iter().map(|f| root.join(".").join(f)).collect();
        assert_eq!(found, expected);
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found, sorted);
    }

    /// A `.json` link to nowhere met in a search is reported, as it is when named directly; an
    /// editor's lock file and a link whose name the search would not take are not.
    #[cfg(unix)]
    #[test]
    fn a_dangling_json_link_in_a_directory_is_reported() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        for name in ["x.json", ".#flow.json", "x.txt"] {
            std::os::unix::fs::symlink("/nonexistent", root.join(name))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(root.join("a.json"), "{}").unwrap_or_else(|e| panic!("{e}"));
        let Ok(found) = search(&[root.to_path_buf()], false, &Default);
        let errors: Vec<&Path> = found
            .iter()
            .filter_map(|f| f.as_ref().err())
            .map(|e| e.path.as_path())
            .collect();
        assert_eq!(errors, [root.join("x.json")], "{found:?}");
        assert_eq!(found.len(), 2, "{found:?}");
    }

    /// The default selection: `.json` files, by the flow test.
    struct Default;

    impl Filter for Default {
        type Error = std::convert::Infallible;

        fn skip_dir(&self, _: &Path) -> Result<bool, Self::Error> {
            Ok(false)
        }

        fn select(&self, _: &Path) -> Result<Selection, Self::Error> {
            Ok(Selection::Sniff)
        }
    }

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn the_flow_test_needs_a_top_level_screens_key() {
        assert!(mentions_screens(br#"{"version": "7.3", "screens": []}"#));
        assert!(
            mentions_screens(br#"{"screens": 1}"#),
            "the check says what is wrong"
        );
        assert!(
            mentions_screens(br#"{"scr\u0065ens": []}"#),
            "escapes are decoded"
        );
        assert!(!mentions_screens(br#"{"config": {"screens": []}}"#));
        assert!(!mentions_screens(br#"["screens"]"#));
        assert!(!mentions_screens(br#""screens""#));
        assert!(!mentions_screens(br#"{"name": "screens"}"#));
        assert!(!mentions_screens(br#"{"name": "x", "version": "1.0.0"}"#));
    }

    #[test]
    fn json_schema_documents_are_not_flows() {
        assert!(!mentions_screens(
            br#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"screens": {}}}"#
        ));
        assert!(!mentions_screens(
            br#"{"$schema": "http://json-schema.org/draft-07/schema#", "screens": {}}"#
        ));
        // A flow that names its schema for an editor is still a flow (Meta refuses the key).
        assert!(mentions_screens(
            br#"{"$schema": "./schemas/flow-json-7.3.schema.json", "version": "7.3", "screens": []}"#
        ));
    }

    #[test]
    fn broken_files_that_may_be_flows_are_checked() {
        assert!(mentions_screens(b""), "empty");
        assert!(mentions_screens(b" \n"), "white space only");
        assert!(
            mentions_screens(br#"{"version": "7.3", "data_api_v"#),
            "truncated"
        );
        assert!(mentions_screens(br#"{"version": "7.3",, "screens": []}"#));
        assert!(mentions_screens(br#"{"screens": [1,]}"#));
        assert!(
            mentions_screens(b"\xEF\xBB\xBF{\"screens\": []}"),
            "UTF-8 BOM"
        );
        assert!(
            mentions_screens(b"{\"title\": \"Caf\xE9\", \"screens\": []}"),
            "Latin-1"
        );
        let flow = r#"{"version": "7.3", "screens": []}"#;
        assert!(mentions_screens(
            &[&[0xFF, 0xFE][..], &utf16le(flow)].concat()
        ));
        assert!(mentions_screens(&utf16le(flow)), "UTF-16 without BOM");
        let be: Vec<u8> = flow.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(mentions_screens(&be), "UTF-16 BE without BOM");
        let utf32: Vec<u8> = flow
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        assert!(mentions_screens(
            &[&[0xFF, 0xFE, 0, 0][..], &utf32].concat()
        ));
    }

    #[test]
    fn broken_files_that_are_not_flows_are_skipped() {
        assert!(!mentions_screens(
            b"{\n  // tsconfig\n  \"compilerOptions\": {}\n}"
        ));
        assert!(!mentions_screens(br#"{"a": 1,}"#));
        assert!(!mentions_screens(br#"["screens""#), "a truncated array");
        assert!(!mentions_screens(&[0x9C, 0x01, 0x02, 0x03]), "binary");
        assert!(!mentions_screens(&utf16le(r#"["screens"]"#)));
    }
}
