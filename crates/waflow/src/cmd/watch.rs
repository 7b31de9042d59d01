//! `waflow watch`: validate every flow once, then each flow again whenever it is saved.
//!
//! The watching itself (directories, debouncing, editor save styles) is `waflow_watch`; the
//! checking is the same per-file step as `waflow check` ([`crate::config::Config::check`]) with the same
//! configuration. A file saved without a change in content is not checked again.
//!
//! `--format json` writes JSON Lines, one object per checked file and one per run (see
//! `docs/integrations/editor.md` for the shape).

use std::collections::{BTreeMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;
use rayon::prelude::*;
use serde_json::json;
use waflow_core::{FileReport, Severity};
use waflow_watch::{Change, DirFilter, Options, Watcher};

use crate::config::{self, Configs};
use crate::discover;
use crate::exit;
use crate::render::{self, Summary, plural};

/// A changed path, whether its content must still pass the flow test, and what reading it gave
/// (`None`: it stayed missing).
type SettledRead = (PathBuf, bool, io::Result<Option<Vec<u8>>>);

/// How long a file reported as changed may be missing before it counts as removed.
const SETTLE: Duration = Duration::from_millis(200);

/// Arguments of `waflow watch`.
#[derive(Args, Debug)]
#[command(
    after_help = "Runs until interrupted (Ctrl-C). Exit status 2 when the configuration or a path is unusable at start."
)]
pub struct WatchArgs {
    /// Files or directories to watch. Directories are watched recursively (new files and
    /// directories included), skipping .git, target, node_modules and configured excludes.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format: `human` (clears the screen, ends with a status line), `concise`, or
    /// `json` (JSON Lines for editor plugins).
    #[arg(long, short = 'f', value_enum, default_value_t = WatchFormat::Human)]
    pub format: WatchFormat,

    /// Do not clear the screen before each run (human format).
    #[arg(long)]
    pub no_clear: bool,

    /// Configuration file to use for every file, instead of the closest `waflow.toml`.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub profile: super::profile::ProfileArgs,

    /// Quiet time after a save before checking, in milliseconds (default: `[watch]
    /// debounce_ms` of the configuration, else 50).
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub debounce: Option<u64>,

    /// Poll for changes instead of using file system events (network file systems, some
    /// containers and WSL paths deliver none).
    #[arg(long)]
    pub poll: bool,

    /// Polling interval in milliseconds, with --poll.
    #[arg(long, value_name = "MS", default_value_t = 500, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub poll_interval: u64,
}

/// Output formats of `watch`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchFormat {
    /// Graphical findings of every watched file, then a status line.
    Human,
    /// One line per finding (`path:line:col: …`), then a status line.
    Concise,
    /// JSON Lines: one object per checked file and per run.
    Json,
}

/// Why a run was started.
#[derive(Clone, Copy, Debug)]
enum Trigger {
    Start,
    Change,
    Config,
    Rescan,
}

impl Trigger {
    fn as_str(self) -> &'static str {
        match self {
            Trigger::Start => "start",
            Trigger::Change => "change",
            Trigger::Config => "config",
            Trigger::Rescan => "rescan",
        }
    }
}

/// What happened to one file in a run.
enum Outcome {
    Checked,
    Removed,
    Unreadable(String),
}

struct Entry {
    hash: u64,
    /// The report, without its source text.
    report: FileReport,
    /// With the human format, the findings as written, rendered once when the file is checked
    /// (so no file's text is kept).
    human: Option<Vec<u8>>,
}

struct Session {
    args: WatchArgs,
    cwd: PathBuf,
    /// Directories named on the command line (absolute).
    roots: Vec<PathBuf>,
    /// Files named on the command line (absolute).
    named: HashSet<PathBuf>,
    configs: Arc<Configs>,
    entries: BTreeMap<PathBuf, Entry>,
    run: u64,
    clear: bool,
}

/// Runs `waflow watch` until interrupted; returns the exit code.
pub fn run(args: WatchArgs) -> u8 {
    match start(args) {
        Ok(()) => exit::OK,
        Err(Failure::Quiet) => exit::OK,
        Err(Failure::Usage(message)) => {
            stderr_line!("waflow: error: {message}");
            exit::USAGE
        }
    }
}

enum Failure {
    /// Standard output was closed (the editor went away): stop quietly.
    Quiet,
    /// A usage, configuration or watcher error.
    Usage(String),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::Quiet
        } else {
            Failure::Usage(format!("cannot write the report: {e}"))
        }
    }
}

fn usage(e: impl std::fmt::Display) -> Failure {
    Failure::Usage(e.to_string())
}

fn start(args: WatchArgs) -> Result<(), Failure> {
    let cwd = config::absolute(Path::new("."));
    let configs =
        Arc::new(Configs::with_profile(args.config.as_deref(), args.profile.get()).map_err(usage)?);
    let mut roots = Vec::new();
    let mut named = HashSet::new();
    for path in &args.paths {
        let abs = config::absolute(path);
        let meta =
            std::fs::metadata(&abs).map_err(|e| usage(format!("{}: {e}", path.display())))?;
        if meta.is_dir() {
            roots.push(abs);
        } else {
            named.insert(abs);
        }
    }
    let primary = configs.primary(&args.paths).map_err(usage)?;
    let debounce = args
        .debounce
        .map(Duration::from_millis)
        .or(primary.debounce)
        .unwrap_or(waflow_watch::DEFAULT_DEBOUNCE);
    let options = Options {
        debounce,
        poll: args.poll.then(|| Duration::from_millis(args.poll_interval)),
    };
    let clear = args.format == WatchFormat::Human && !args.no_clear && io::stdout().is_terminal();
    let mut session = Session {
        args,
        cwd,
        roots,
        named,
        configs,
        entries: BTreeMap::new(),
        run: 0,
        clear,
    };
    let mut watcher = Watcher::new(&options, session.dir_filter()).map_err(usage)?;
    session.watch_all(&mut watcher).map_err(usage)?;
    session.full_run(Trigger::Start).map_err(|e| match e {
        RunError::Config(m) => Failure::Usage(m),
        RunError::Io(e) => Failure::from(e),
    })?;
    loop {
        let changes = watcher.next_changes(None).map_err(usage)?;
        session.handle(changes, &mut watcher)?;
    }
}

enum RunError {
    Config(String),
    Io(io::Error),
}

impl From<io::Error> for RunError {
    fn from(e: io::Error) -> RunError {
        RunError::Io(e)
    }
}

impl Session {
    fn dir_filter(&self) -> DirFilter {
        let configs = self.configs.clone();
        Arc::new(move |dir: &Path| configs.for_path(dir).is_ok_and(|c| c.skips_dir(dir)))
    }

    /// Watches the trees, the directories of named files and of configuration files, and the
    /// directories where a new `waflow.toml` would become the closest configuration.
    fn watch_all(&self, watcher: &mut Watcher) -> Result<(), waflow_watch::WatchError> {
        for root in &self.roots {
            watcher.watch_tree(root)?;
        }
        let mut starts: Vec<&Path> = self.roots.iter().map(PathBuf::as_path).collect();
        for file in &self.named {
            if let Some(dir) = file.parent() {
                watcher.watch_dir(dir)?;
                starts.push(dir);
            }
        }
        for config in self.configs.loaded() {
            let file = config.path.as_deref().map(config::absolute);
            if let Some(parent) = file.as_deref().and_then(Path::parent) {
                watcher.watch_dir(parent)?;
            }
        }
        if self.args.config.is_none() {
            for start in starts {
                for dir in config_candidates(start) {
                    // Best effort: an ancestor that cannot be watched (no permission) only
                    // means a configuration created there is noticed at the next run.
                    let _ = watcher.watch_dir_entries(dir);
                }
            }
        }
        Ok(())
    }

    /// The path shown in reports: relative to the current directory when below it.
    fn label(&self, path: &Path) -> String {
        path.strip_prefix(&self.cwd)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    fn is_config(&self, path: &Path) -> bool {
        let named_config = self
            .args
            .config
            .as_deref()
            .is_some_and(|c| config::absolute(c) == path);
        named_config || path.file_name().is_some_and(|n| n == config::FILE_NAME)
    }

    /// Whether a changed path may be a flow this session watches: `Some(sniff)` when it is,
    /// `sniff` telling whether its content must still pass the flow test once read.
    fn watched(&self, path: &Path) -> Option<bool> {
        if self.named.contains(path) || self.entries.contains_key(path) {
            return Some(false);
        }
        if !self.roots.iter().any(|r| path.starts_with(r)) {
            return None;
        }
        self.configs.takes(path)
    }

    /// Checks every file from scratch (start, configuration change, rescan).
    fn full_run(&mut self, trigger: Trigger) -> Result<(), RunError> {
        let started = Instant::now();
        let mut paths: Vec<PathBuf> = self.roots.clone();
        paths.extend(self.named.iter().cloned());
        let files = self
            .configs
            .flow_files(&paths, false)
            .map_err(|e| RunError::Config(e.to_string()))?;
        let checked: Vec<(PathBuf, Result<Entry, String>)> = files
            .par_iter()
            .filter_map(|file| {
                let entry = self.check_path(&file.path, file.sniff).transpose()?;
                Some((file.path.clone(), entry))
            })
            .collect();
        self.entries.clear();
        let mut outcomes = Vec::new();
        for (file, result) in checked {
            match result {
                Ok(entry) => {
                    self.entries.insert(file.clone(), entry);
                    outcomes.push((file, Outcome::Checked));
                }
                Err(message) => outcomes.push((file, Outcome::Unreadable(message))),
            }
        }
        let warnings = self.configs.warnings();
        self.emit(trigger, &outcomes, &warnings, started)?;
        Ok(())
    }

    /// Reads and checks one file; the error is a message for the user.
    /// `Ok(None)` when `sniff` is set and the content is not a flow.
    fn check_path(&self, file: &Path, sniff: bool) -> Result<Option<Entry>, String> {
        let bytes = match waflow_watch::read_settled(file, SETTLE) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Err("the file disappeared".to_owned()),
            Err(e) => return Err(e.to_string()),
        };
        if sniff && !discover::mentions_screens(&bytes) {
            return Ok(None);
        }
        self.check_bytes(file, bytes).map(Some)
    }

    fn check_bytes(&self, file: &Path, bytes: Vec<u8>) -> Result<Entry, String> {
        let hash = waflow_watch::content_hash(&bytes);
        let config = self.configs.for_path(file).map_err(|e| e.to_string())?;
        let mut report = config.check(&self.label(file), file, &bytes);
        // Only the human format shows source: its findings are rendered now, and no watched
        // file keeps its text.
        let human = (self.args.format == WatchFormat::Human).then(|| {
            let mut block = Vec::new();
            // Writing into memory cannot fail.
            let _ = render::human::render_findings([&report], &mut block);
            block
        });
        report.text = Arc::default();
        Ok(Entry {
            hash,
            report,
            human,
        })
    }

    /// Handles one batch of changes.
    fn handle(&mut self, changes: Vec<Change>, watcher: &mut Watcher) -> Result<(), Failure> {
        let started = Instant::now();
        let mut written = Vec::new();
        let mut outcomes = Vec::new();
        let mut warnings = Vec::new();
        let mut reload = false;
        let mut rescan = false;
        for change in changes {
            match change {
                Change::Written(path) if self.is_config(&path) => reload = true,
                Change::Removed(path) if self.is_config(&path) => reload = true,
                Change::Written(path) => {
                    if let Some(sniff) = self.watched(&path)
                        && !written.iter().any(|(p, _)| *p == path)
                    {
                        written.push((path, sniff));
                    }
                }
                Change::Removed(path) if self.entries.contains_key(&path) => {
                    // Editors replace files in steps: reading it again waits briefly for it to
                    // come back before calling it gone.
                    if !written.iter().any(|(p, _)| *p == path) {
                        written.push((path, false));
                    }
                }
                Change::Removed(path) => {
                    // A directory: the flows below it that are gone are gone now.
                    let below: Vec<PathBuf> = self
                        .entries
                        .keys()
                        .filter(|p| p.starts_with(&path))
                        .cloned()
                        .collect();
                    for file in below {
                        if file.exists() {
                            written.push((file, false));
                        } else {
                            self.entries.remove(&file);
                            outcomes.push((file, Outcome::Removed));
                        }
                    }
                }
                Change::Rescan => rescan = true,
                Change::Trouble(message) => warnings.push(format!("file watcher: {message}")),
            }
        }
        if reload {
            return self.reload(watcher);
        }
        if rescan {
            return self
                .full_run(Trigger::Rescan)
                .or_else(|e| self.report_run_error(e));
        }
        let reads: Vec<SettledRead> = written
            .into_par_iter()
            .map(|(p, sniff)| {
                let read = waflow_watch::read_settled(&p, SETTLE);
                (p, sniff, read)
            })
            .collect();
        let mut to_check = Vec::new();
        for (path, sniff, read) in reads {
            match read {
                // A new JSON file that is not a flow (package.json, …): not watched.
                Ok(Some(bytes)) if sniff && !discover::mentions_screens(&bytes) => {}
                Ok(Some(bytes)) => {
                    let same = self
                        .entries
                        .get(&path)
                        .is_some_and(|e| e.hash == waflow_watch::content_hash(&bytes));
                    if !same {
                        to_check.push((path, bytes));
                    }
                }
                Ok(None) => {
                    if self.entries.remove(&path).is_some() {
                        outcomes.push((path, Outcome::Removed));
                    }
                }
                Err(e) => outcomes.push((path, Outcome::Unreadable(e.to_string()))),
            }
        }
        let checked: Vec<(PathBuf, Result<Entry, String>)> = to_check
            .into_par_iter()
            .map(|(path, bytes)| {
                let entry = self.check_bytes(&path, bytes);
                (path, entry)
            })
            .collect();
        for (path, result) in checked {
            match result {
                Ok(entry) => {
                    self.entries.insert(path.clone(), entry);
                    outcomes.push((path, Outcome::Checked));
                }
                Err(message) => outcomes.push((path, Outcome::Unreadable(message))),
            }
        }
        if outcomes.is_empty() && warnings.is_empty() {
            return Ok(());
        }
        self.emit(Trigger::Change, &outcomes, &warnings, started)?;
        Ok(())
    }

    /// Reads the configuration again; on error keeps the previous one and says why.
    fn reload(&mut self, watcher: &mut Watcher) -> Result<(), Failure> {
        let configs =
            match Configs::with_profile(self.args.config.as_deref(), self.args.profile.get()) {
                Ok(c) => Arc::new(c),
                Err(e) => return self.report_run_error(RunError::Config(e.to_string())),
            };
        let previous = std::mem::replace(&mut self.configs, configs);
        // Load every configuration the files need now, so errors surface before switching.
        let mut paths: Vec<PathBuf> = self.roots.clone();
        paths.extend(self.named.iter().cloned());
        if let Err(e) = self.configs.flow_files(&paths, false) {
            self.configs = previous;
            return self.report_run_error(RunError::Config(e.to_string()));
        }
        watcher.set_dir_filter(self.dir_filter());
        if let Err(e) = self.watch_all(watcher) {
            return Err(usage(e));
        }
        self.full_run(Trigger::Config)
            .or_else(|e| self.report_run_error(e))
    }

    fn report_run_error(&mut self, e: RunError) -> Result<(), Failure> {
        match e {
            RunError::Io(e) => Err(Failure::from(e)),
            RunError::Config(message) => {
                let mut out = io::stdout().lock();
                match self.args.format {
                    WatchFormat::Json => {
                        let line = json!({"type": "config_error", "message": message});
                        writeln!(out, "{line}")?;
                    }
                    WatchFormat::Human | WatchFormat::Concise => {
                        writeln!(
                            out,
                            "waflow: error: {message}\nwaflow: still using the previous configuration; watching for changes"
                        )?;
                    }
                }
                out.flush()?;
                Ok(())
            }
        }
    }

    /// Writes the result of a run.
    fn emit(
        &mut self,
        trigger: Trigger,
        outcomes: &[(PathBuf, Outcome)],
        warnings: &[String],
        started: Instant,
    ) -> io::Result<()> {
        self.run += 1;
        let totals = Summary::of(self.entries.values().map(|e| &e.report));
        let checked = outcomes
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Checked))
            .count();
        let elapsed = started.elapsed();
        let stdout = io::stdout();
        let mut out = io::BufWriter::new(stdout.lock());
        match self.args.format {
            WatchFormat::Json => {
                for message in warnings {
                    writeln!(out, "{}", json!({"type": "warning", "message": message}))?;
                }
                for (path, outcome) in outcomes {
                    let label = self.label(path);
                    let line = match outcome {
                        Outcome::Checked => match self.entries.get(path) {
                            Some(entry) => file_json(self.run, &entry.report),
                            None => continue,
                        },
                        Outcome::Removed => json!({
                            "type": "file", "run": self.run, "path": label,
                            "status": "removed", "diagnostics": [],
                        }),
                        Outcome::Unreadable(message) => json!({
                            "type": "file", "run": self.run, "path": label,
                            "status": "unreadable", "message": message, "diagnostics": [],
                        }),
                    };
                    writeln!(out, "{line}")?;
                }
                let run = json!({
                    "type": "run",
                    "run": self.run,
                    "trigger": trigger.as_str(),
                    "checked": checked,
                    "files": totals.files,
                    "errors": totals.errors,
                    "warnings": totals.warnings,
                    "infos": totals.infos,
                    "duration_ms": (elapsed.as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
                });
                writeln!(out, "{run}")?;
            }
            WatchFormat::Human | WatchFormat::Concise => {
                if self.clear {
                    // Clear the screen and the scrollback, cursor home.
                    write!(out, "\x1b[H\x1b[2J\x1b[3J")?;
                }
                // The files checked in this run come last, next to the status line, so a
                // long report of the other files does not push them off the screen.
                let this_run: HashSet<&PathBuf> = outcomes
                    .iter()
                    .filter(|(_, o)| matches!(o, Outcome::Checked))
                    .map(|(path, _)| path)
                    .collect();
                let (now, before): (Vec<_>, Vec<_>) = self
                    .entries
                    .iter()
                    .partition(|(path, _)| this_run.contains(path));
                let ordered = before.into_iter().chain(now).map(|(_, e)| e);
                if self.args.format == WatchFormat::Human {
                    for entry in ordered {
                        out.write_all(entry.human.as_deref().unwrap_or_default())?;
                    }
                } else {
                    render::concise::render(ordered.map(|e| &e.report), &mut out)?;
                }
                let mut shown = HashSet::new();
                for message in warnings.iter().chain(&self.configs.warnings()) {
                    if shown.insert(message) {
                        writeln!(out, "waflow: warning: {message}")?;
                    }
                }
                for (path, outcome) in outcomes {
                    match outcome {
                        Outcome::Checked => {}
                        Outcome::Removed => {
                            writeln!(out, "{} was removed", self.label(path))?;
                        }
                        Outcome::Unreadable(message) => {
                            writeln!(out, "waflow: cannot read {}: {message}", self.label(path))?;
                        }
                    }
                }
                writeln!(out, "{}", status_line(&totals, checked, elapsed))?;
            }
        }
        out.flush()
    }
}

/// The directories above `dir` where a new `waflow.toml` would become the closest
/// configuration of the files in `dir`: its ancestors up to the first one that holds a
/// `waflow.toml` (a new one above it would not be the closest) or `.git` (the repository root),
/// else up to the file system root. `dir` itself is watched already.
fn config_candidates(dir: &Path) -> Vec<&Path> {
    let holds = |d: &Path, name: &str| d.join(name).exists();
    if holds(dir, config::FILE_NAME) || holds(dir, ".git") {
        return Vec::new();
    }
    let mut dirs = Vec::new();
    for ancestor in dir.ancestors().skip(1) {
        dirs.push(ancestor);
        if holds(ancestor, config::FILE_NAME) || holds(ancestor, ".git") {
            break;
        }
    }
    dirs
}

/// `12 files · 1 error · 2 warnings · checked 1 file in 3.1 ms · watching (Ctrl-C to stop)`.
fn status_line(totals: &Summary, checked: usize, elapsed: Duration) -> String {
    let mark = if totals.errors > 0 { "✘" } else { "✔" };
    format!(
        "{mark} {} · {} · {} · checked {} in {:.1} ms · watching for changes (Ctrl-C to stop)",
        plural(totals.files, "file"),
        plural(totals.errors, "error"),
        plural(totals.warnings, "warning"),
        plural(checked, "file"),
        elapsed.as_secs_f64() * 1000.0
    )
}

/// The JSON Lines record of one checked file.
fn file_json(run: u64, report: &FileReport) -> serde_json::Value {
    let diagnostics: Vec<_> = report
        .diagnostics
        .iter()
        .map(render::json::diagnostic_out)
        .collect();
    json!({
        "type": "file",
        "run": run,
        "path": report.path,
        "status": "checked",
        "flow_version": report.flow_version,
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "infos": report.count(Severity::Info),
        "diagnostics": diagnostics,
    })
}
