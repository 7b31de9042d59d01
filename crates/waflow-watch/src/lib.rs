//! waflow-watch: reports which files changed under a set of directories, in a way that survives
//! every editor's save style.
//!
//! Directories are watched, never files: editors save by writing a temporary file and renaming
//! it over the original, or by renaming the original to a backup and writing a new file, and a
//! watch on the file's inode goes dead after the first such save. Each directory is watched on
//! its own (non-recursively), so `.git`, `target`, `node_modules` and configured excludes are
//! never watched at all; directories created later inside a watched tree are added as they
//! appear. A directory where only files coming and going matter (say, an ancestor that could
//! receive a configuration file) can be watched more cheaply with
//! [`Watcher::watch_dir_entries`]. Events are debounced (a batch ends after a quiet period) and turned into [`Change`]s
//! by looking at the file system after the dust settles, not by interpreting event kinds: a path
//! that exists was written, a path that does not was removed. That makes rename stitching and
//! file-id tracking unnecessary, so the debouncing is a blocking wait on the event channel: an
//! idle watcher uses no CPU at all (no periodic tick, unlike `notify-debouncer-full`).
//!
//! ```no_run
//! use std::path::Path;
//! use std::sync::Arc;
//! use std::time::Duration;
//! use waflow_watch::{Change, Options, Watcher};
//!
//! let mut watcher = Watcher::new(&Options::default(), Arc::new(|_: &Path| false))?;
//! watcher.watch_tree(Path::new("flows"))?;
//! loop {
//!     for change in watcher.next_changes(None)? {
//!         if let Change::Written(path) = change {
//!             let bytes = waflow_watch::read_settled(&path, Duration::from_millis(200))?;
//!             println!("{} changed ({:?} bytes)", path.display(), bytes.map(|b| b.len()));
//!         }
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};

/// Directory names never watched nor reported.
pub const SKIPPED_DIRS: [&str; 3] = [".git", "target", "node_modules"];

/// The default quiet time after the last event before changes are reported.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(50);

/// Why watching failed.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The platform watcher could not be started or could not watch a directory.
    #[error("cannot watch {}: {source}", path.display())]
    Notify {
        /// The directory (empty when starting the watcher failed).
        path: PathBuf,
        /// The cause.
        source: notify::Error,
    },
    /// A directory could not be listed.
    #[error("cannot list {}: {source}", path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The watcher thread stopped.
    #[error("the file watcher stopped")]
    Stopped,
}

/// How to watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Quiet time after the last event before the changes are reported.
    pub debounce: Duration,
    /// Poll the file system at this interval instead of relying on change events (network file
    /// systems, some containers and WSL paths deliver no events). Every watched file is read at
    /// each interval, so this costs CPU in proportion to the size of the tree.
    pub poll: Option<Duration>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            debounce: DEFAULT_DEBOUNCE,
            poll: None,
        }
    }
}

/// What happened to a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The file exists and may have new contents (created, written, renamed into place).
    Written(PathBuf),
    /// The path no longer exists (a file, or a directory and everything below it).
    Removed(PathBuf),
    /// The watcher lost track (event queue overflow): everything should be looked at again.
    Rescan,
    /// The platform watcher reported a problem; watching goes on.
    Trouble(String),
}

/// Decides whether a directory is left out (configured excludes); [`SKIPPED_DIRS`] are always
/// left out.
pub type DirFilter = Arc<dyn Fn(&Path) -> bool + Send + Sync>;

/// A batch never waits longer than this many debounce periods for the events to stop (a large
/// copy or checkout keeps producing events).
const MAX_BATCH_PERIODS: u32 = 20;

enum Backend {
    Native(RecommendedWatcher),
    /// The poller of trees and directories (comparing contents), and a lighter one for
    /// [`Watcher::watch_dir_entries`] (names, sizes and times only).
    Poll(PollWatcher, PollWatcher),
}

impl Backend {
    fn watch(&mut self, dir: &Path, scope: Scope) -> notify::Result<()> {
        use notify::Watcher as _;
        match (self, scope) {
            (Backend::Native(w), _) => w.watch(dir, RecursiveMode::NonRecursive),
            (Backend::Poll(_, w), Scope::Entries) | (Backend::Poll(w, _), _) => {
                w.watch(dir, RecursiveMode::NonRecursive)
            }
        }
    }
}

/// Watches directories and reports debounced [`Change`]s. Dropping it stops watching.
pub struct Watcher {
    backend: Backend,
    events: Receiver<notify::Result<Event>>,
    debounce: Duration,
    /// Watched directories and how.
    watched: HashMap<PathBuf, Scope>,
    skip_dir: DirFilter,
    /// Subdirectories that could not be watched, reported with the next batch.
    troubles: Vec<String>,
}

/// How a directory is watched, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    /// [`Watcher::watch_dir_entries`]: entries appearing, disappearing or changing.
    Entries,
    /// [`Watcher::watch_dir`]: its files, contents included.
    Dir,
    /// Inside a [`Watcher::watch_tree`] tree: new subdirectories get watched too.
    Tree,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("watched", &self.watched.len())
            .finish_non_exhaustive()
    }
}

impl Watcher {
    /// Starts a watcher. `skip_dir` leaves configured directories out of trees.
    pub fn new(options: &Options, skip_dir: DirFilter) -> Result<Watcher, WatchError> {
        let (tx, events) = mpsc::channel();
        let start_err = |source| WatchError::Notify {
            path: PathBuf::new(),
            source,
        };
        let backend = match options.poll {
            None => Backend::Native(notify::recommended_watcher(tx).map_err(start_err)?),
            Some(interval) => Backend::Poll(
                PollWatcher::new(
                    tx.clone(),
                    // The poller's modification times have a resolution of one second, so
                    // two saves within a second would look alike: compare contents as well.
                    notify::Config::default()
                        .with_poll_interval(interval)
                        .with_compare_contents(true),
                )
                .map_err(start_err)?,
                PollWatcher::new(tx, notify::Config::default().with_poll_interval(interval))
                    .map_err(start_err)?,
            ),
        };
        Ok(Watcher {
            backend,
            events,
            debounce: options.debounce,
            watched: HashMap::new(),
            skip_dir,
            troubles: Vec::new(),
        })
    }

    /// Replaces the directory filter (after the configuration changed). Directories already
    /// watched stay watched.
    pub fn set_dir_filter(&mut self, skip_dir: DirFilter) {
        self.skip_dir = skip_dir;
    }

    /// Number of directories watched.
    pub fn watched_dirs(&self) -> usize {
        self.watched.len()
    }

    fn skipped(&self, dir: &Path) -> bool {
        dir.file_name()
            .is_some_and(|n| SKIPPED_DIRS.iter().any(|s| n == *s))
            || (self.skip_dir)(dir)
    }

    /// Watches one directory (its direct entries only), e.g. the directory of a file named on
    /// the command line or of a configuration file.
    pub fn watch_dir(&mut self, dir: &Path) -> Result<(), WatchError> {
        self.watch_one(dir, Scope::Dir)
    }

    /// Watches one directory for entries that appear, disappear or change, at a lower cost
    /// than [`Watcher::watch_dir`] when polling: contents are not compared, so two writes of
    /// the same size within one second may look alike. Meant for directories where only the
    /// coming and going of a few small files matters, such as the ancestors of a watched
    /// directory that could hold a configuration file. With change events it is the same as
    /// [`Watcher::watch_dir`].
    pub fn watch_dir_entries(&mut self, dir: &Path) -> Result<(), WatchError> {
        self.watch_one(dir, Scope::Entries)
    }

    fn watch_one(&mut self, dir: &Path, scope: Scope) -> Result<(), WatchError> {
        if self.watched.get(dir) >= Some(&scope) {
            return Ok(());
        }
        self.backend
            .watch(dir, scope)
            .map_err(|source| WatchError::Notify {
                path: dir.to_path_buf(),
                source,
            })?;
        self.watched.insert(dir.to_path_buf(), scope);
        Ok(())
    }

    /// Watches a directory and every subdirectory not skipped, now and as they are created.
    /// Returns the files found in directories that were not watched before. Only a failure on
    /// `root` itself is an error; a subdirectory that cannot be watched or listed is left out
    /// and reported as [`Change::Trouble`] with the next batch.
    pub fn watch_tree(&mut self, root: &Path) -> Result<Vec<PathBuf>, WatchError> {
        let mut files = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            if self.watched.get(&dir) == Some(&Scope::Tree) {
                continue;
            }
            let listed = self
                .backend
                .watch(&dir, Scope::Tree)
                .map_err(|source| WatchError::Notify {
                    path: dir.clone(),
                    source,
                })
                .and_then(|()| {
                    fs::read_dir(&dir).map_err(|source| WatchError::Io {
                        path: dir.clone(),
                        source,
                    })
                });
            let entries = match listed {
                Ok(entries) => entries,
                Err(e) if dir == root => return Err(e),
                Err(e) => {
                    self.troubles.push(e.to_string());
                    continue;
                }
            };
            self.watched.insert(dir.clone(), Scope::Tree);
            for entry in entries {
                let Ok(entry) = entry else { continue };
                let path = entry.path();
                match entry.file_type() {
                    Ok(t) if t.is_dir() => {
                        if !self.skipped(&path) {
                            stack.push(path);
                        }
                    }
                    Ok(_) => files.push(path),
                    Err(_) => {}
                }
            }
        }
        files.sort();
        Ok(files)
    }

    /// Waits for the next debounced batch of changes (at most `timeout` for its first event, or
    /// forever) and returns it; an empty list means the time ran out. A batch ends when no event
    /// came for the debounce period. Paths are reported once per batch, in the order first seen;
    /// new directories inside watched trees are watched and their files reported as written.
    pub fn next_changes(&mut self, timeout: Option<Duration>) -> Result<Vec<Change>, WatchError> {
        let first = match timeout {
            None => self.events.recv().map_err(|_| WatchError::Stopped)?,
            Some(t) => match self.events.recv_timeout(t) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => return Ok(Vec::new()),
                Err(RecvTimeoutError::Disconnected) => return Err(WatchError::Stopped),
            },
        };
        let mut events = vec![first];
        let give_up = Instant::now() + self.debounce * MAX_BATCH_PERIODS;
        loop {
            let quiet = self
                .debounce
                .min(give_up.saturating_duration_since(Instant::now()));
            match self.events.recv_timeout(quiet) {
                Ok(event) if Instant::now() < give_up => events.push(event),
                Ok(event) => {
                    events.push(event);
                    break;
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Err(WatchError::Stopped),
            }
        }
        let mut paths = Vec::new();
        let mut seen = HashSet::new();
        let mut changes: Vec<Change> = self.troubles.drain(..).map(Change::Trouble).collect();
        for event in events {
            match event {
                Ok(event) => {
                    if event.need_rescan() {
                        changes.push(Change::Rescan);
                    }
                    if matches!(event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    for path in event.paths {
                        if seen.insert(path.clone()) {
                            paths.push(path);
                        }
                    }
                }
                Err(e) => changes.push(Change::Trouble(e.to_string())),
            }
        }
        for path in paths {
            self.classify(path, &mut changes);
        }
        Ok(changes)
    }

    fn classify(&mut self, path: PathBuf, changes: &mut Vec<Change>) {
        if path
            .components()
            .any(|c| SKIPPED_DIRS.iter().any(|s| c.as_os_str() == *s))
        {
            return;
        }
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                let in_tree = path
                    .parent()
                    .is_some_and(|p| self.watched.get(p) == Some(&Scope::Tree));
                if in_tree && !self.watched.contains_key(&path) && !self.skipped(&path) {
                    match self.watch_tree(&path) {
                        Ok(files) => changes.extend(files.into_iter().map(Change::Written)),
                        // The directory went away again before it could be watched.
                        Err(_) if !path.exists() => {}
                        Err(e) => changes.push(Change::Trouble(e.to_string())),
                    }
                }
            }
            Ok(_) => changes.push(Change::Written(path)),
            Err(_) => {
                self.watched.retain(|dir, _| !dir.starts_with(&path));
                changes.push(Change::Removed(path));
            }
        }
    }
}

/// Reads a file that was just reported as changed. Editors replace files in several steps, so
/// a missing file is retried for up to `wait` before it is declared gone (`Ok(None)`), and an
/// empty file (truncated, not yet rewritten) is read once more after a short pause.
pub fn read_settled(path: &Path, wait: Duration) -> io::Result<Option<Vec<u8>>> {
    let deadline = Instant::now() + wait;
    let pause = Duration::from_millis(15);
    loop {
        match fs::read(path) {
            Ok(bytes) if bytes.is_empty() && Instant::now() < deadline => {
                std::thread::sleep(pause);
                return match fs::read(path) {
                    Ok(b) => Ok(Some(b)),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(e),
                };
            }
            Ok(bytes) => return Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if Instant::now() >= deadline {
                    return Ok(None);
                }
                std::thread::sleep(pause);
            }
            Err(e) => return Err(e),
        }
    }
}

/// A hash of a file's contents, to skip revalidating a file saved without changes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use std::fs;

    use super::*;

    fn no_skip() -> DirFilter {
        Arc::new(|_: &Path| false)
    }

    /// Collects changes until `want` holds or two seconds pass.
    fn wait_for(w: &mut Watcher, want: impl Fn(&[Change]) -> bool) -> Vec<Change> {
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut all = Vec::new();
        while Instant::now() < deadline && !want(&all) {
            all.extend(
                w.next_changes(Some(Duration::from_millis(100)))
                    .expect("watching"),
            );
        }
        all
    }

    #[test]
    fn atomic_save_new_dirs_and_removal() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().canonicalize().expect("canonical");
        let flow = root.join("flow.json");
        fs::write(&flow, "{}").expect("write");
        fs::create_dir(root.join("node_modules")).expect("mkdir");
        let mut w = Watcher::new(&Options::default(), no_skip()).expect("watcher");
        let files = w.watch_tree(&root).expect("watch");
        assert_eq!(files, vec![flow.clone()]);
        assert_eq!(w.watched_dirs(), 1, "node_modules is not watched");

        // Atomic save: write a temporary file, rename it over the original, twice.
        for round in 0..2 {
            let tmp_file = root.join(format!(".flow.json.{round}.tmp"));
            fs::write(&tmp_file, format!("{{\"n\":{round}}}")).expect("write tmp");
            fs::rename(&tmp_file, &flow).expect("rename");
            let got = wait_for(&mut w, |c| c.contains(&Change::Written(flow.clone())));
            assert!(got.contains(&Change::Written(flow.clone())), "{got:?}");
        }

        // A directory created later, with a file written right away.
        let sub = root.join("sub");
        fs::create_dir(&sub).expect("mkdir");
        fs::write(sub.join("b.json"), "{}").expect("write");
        let b = sub.join("b.json");
        let got = wait_for(&mut w, |c| c.contains(&Change::Written(b.clone())));
        assert!(got.contains(&Change::Written(b.clone())), "{got:?}");
        fs::write(&b, "{\"x\":1}").expect("write");
        let got = wait_for(&mut w, |c| c.contains(&Change::Written(b.clone())));
        assert!(got.contains(&Change::Written(b.clone())), "{got:?}");

        fs::remove_file(&flow).expect("remove");
        let got = wait_for(&mut w, |c| c.contains(&Change::Removed(flow.clone())));
        assert!(got.contains(&Change::Removed(flow.clone())), "{got:?}");

        // Nothing under skipped directories is reported.
        fs::write(root.join("node_modules").join("x.json"), "{}").expect("write");
        let got = w
            .next_changes(Some(Duration::from_millis(300)))
            .expect("watching");
        assert!(
            got.iter().all(
                |c| !matches!(c, Change::Written(p) if p.starts_with(root.join("node_modules")))
            ),
            "{got:?}"
        );
    }

    /// A watcher polling every 50 ms, and a temporary directory (by its canonical path).
    fn polling() -> (tempfile::TempDir, PathBuf, Watcher) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().canonicalize().expect("canonical");
        let options = Options {
            debounce: Duration::from_millis(20),
            poll: Some(Duration::from_millis(50)),
        };
        let w = Watcher::new(&options, no_skip()).expect("watcher");
        (tmp, root, w)
    }

    /// Asserts that `path` is reported as written within two seconds.
    fn assert_written(w: &mut Watcher, path: &Path) {
        let written = Change::Written(path.to_path_buf());
        let got = wait_for(w, |c| c.contains(&written));
        assert!(got.contains(&written), "{got:?}");
    }

    #[test]
    fn polling_sees_writes() {
        let (_tmp, root, mut w) = polling();
        w.watch_tree(&root).expect("watch");
        let flow = root.join("flow.json");
        fs::write(&flow, "{}").expect("write");
        assert_written(&mut w, &flow);
        // A second save of the same size within the same second is seen too.
        fs::write(&flow, "[]").expect("write");
        assert_written(&mut w, &flow);
    }

    #[test]
    fn entries_of_a_directory_are_watched_cheaply_then_fully() {
        let (_tmp, root, mut w) = polling();
        w.watch_dir_entries(&root).expect("watch");
        let config = root.join("waflow.toml");
        fs::write(&config, "a").expect("write");
        assert_written(&mut w, &config);
        // Watched fully from now on: a same-size rewrite within the second is seen too.
        w.watch_dir(&root).expect("watch");
        w.watch_dir_entries(&root).expect("a no-op now");
        assert_eq!(w.watched_dirs(), 1);
        std::thread::sleep(Duration::from_millis(120));
        fs::write(&config, "b").expect("write");
        assert_written(&mut w, &config);
    }

    #[test]
    fn read_settled_waits_for_a_file_being_replaced() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("late.json");
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(40));
                fs::write(path, "{}").expect("write");
            })
        };
        let got = read_settled(&path, Duration::from_millis(500)).expect("read");
        writer.join().expect("writer");
        assert_eq!(got.as_deref(), Some(&b"{}"[..]));
        let gone =
            read_settled(&tmp.path().join("never.json"), Duration::from_millis(30)).expect("read");
        assert_eq!(gone, None);
    }

    #[test]
    fn hash_tells_contents_apart() {
        assert_eq!(content_hash(b"{}"), content_hash(b"{}"));
        assert_ne!(content_hash(b"{}"), content_hash(b"{ }"));
    }
}
