//! `waflow check`: validate flow files and report in the chosen format.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal as _, Read as _};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use clap::{ArgGroup, Args};
use waflow_core::{CheckOptions, FileReport, Finding, check, document};

use waflow_core::fix::Applicability;

use crate::cmd::fix::{self, FileFix};
use crate::config::{ConfigError, Configs, locked};
use crate::discover::{self, Found};
use crate::exit;
use crate::render::{self, ColorChoice, Format};

/// Arguments of `waflow check`.
#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 no error, 1 at least one finding at the --fail-on level, 2 usage, configuration or I/O error.",
    group = ArgGroup::new("fixing").args(["fix", "diff"]).multiple(true)
)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Directories are searched
    /// recursively for Flow JSON files (`.json` files with a top-level "screens" key), skipping
    /// .git, target and node_modules.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Lowest severity that makes the command fail (exit 1). Default: `fail_on` of each file's
    /// configuration, else `error`.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    #[command(flatten)]
    pub profile: super::profile::ProfileArgs,

    /// Configuration file to use for every file, instead of the closest `waflow.toml`.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Write the report to FILE instead of standard output (`-`: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Apply the configured include/exclude globs (and the flow test) to files named explicitly
    /// too, as pre-commit needs: it passes every staged JSON file.
    #[arg(long)]
    pub force_exclude: bool,

    /// The most findings reported per file (0: no cap); the rest are counted, not shown.
    /// Default: `max_findings` of the configuration, else 1000.
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,

    /// The path that standard input (`-`) stands for: the name in the report, and the file whose
    /// closest `waflow.toml` (globs, ignores, `--force-exclude`) applies. It need not exist.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Print the files that would be checked, one per line, and exit.
    #[arg(long, conflicts_with_all = ["show_settings", "output"])]
    pub show_files: bool,

    /// Print the configuration that applies to the first path (or to `--stdin-filename`), as
    /// `waflow.toml` text, and exit.
    #[arg(long, conflicts_with = "output")]
    pub show_settings: bool,

    /// Print the findings only: no summary line and nothing at all for clean files (human,
    /// concise, github), no warnings on standard error.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Print the number of findings per rule instead of the findings (with --format human,
    /// concise, github or json).
    #[arg(long)]
    pub statistics: bool,

    /// When the human format uses colour: auto (on a terminal unless NO_COLOR is set;
    /// CLICOLOR_FORCE or FORCE_COLOR force it), always or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Apply the safe automatic fixes to the files (written atomically; unchanged files are not
    /// touched), then report what remains.
    #[arg(long, conflicts_with_all = ["show_files", "show_settings"])]
    pub fix: bool,

    /// Also apply the unsafe fixes (with --fix or --diff).
    #[arg(long, requires = "fixing")]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff and write nothing (exit 1 when there is something to
    /// fix or a finding remains).
    #[arg(long, conflicts_with_all = ["show_files", "show_settings", "output"])]
    pub diff: bool,
}

impl CheckArgs {
    /// Whether the report shows source text: the human format (not its statistics).
    fn shows_source(&self) -> bool {
        self.format == Format::Human && !self.statistics
    }

    /// Whether the report is written while the files are checked ([`check_paths`]): the human
    /// and concise formats (not their statistics), unless files are only listed or fixed (the
    /// findings that remain after the fixes are written after them).
    fn streams(&self) -> bool {
        matches!(self.format, Format::Human | Format::Concise)
            && !self.statistics
            && !self.show_files
            && self.fixes().is_none()
    }

    /// The fixes wanted: none, safe ones (`--fix`, `--diff`), or all (`--unsafe-fixes` too).
    fn fixes(&self) -> Option<Applicability> {
        match (self.fix || self.diff, self.unsafe_fixes) {
            (false, _) => None,
            (true, false) => Some(Applicability::Safe),
            (true, true) => Some(Applicability::Unsafe),
        }
    }
}

/// The lowest severity that fails a file: `--fail-on`, else the `fail_on` of the file's own
/// configuration ([`crate::config::Config::fail_on`], the same decision `waflow push` makes).
pub use crate::config::FailOn;

/// Why a run stopped before reporting.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// A configuration file cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Standard input could not be read.
    #[error("standard input: {0}")]
    Stdin(io::Error),
}

/// The rule id of the finding that stands for a path that could not be read.
pub const UNREADABLE_RULE: &str = "io/unreadable";

/// What a run checked.
#[derive(Debug, Default)]
pub struct Checked {
    /// One report per file, in the order of [`discover::search`]; a path that could not be
    /// read has a report with one `io/unreadable` error. Empty when the report is written as it
    /// comes ([`CheckArgs::streams`]): then only `summary` is kept of the reports, so that memory
    /// grows with the number of files by their paths only (`labels`, `files`), not their reports.
    pub reports: Vec<FileReport>,
    /// The totals over every report, kept or not.
    pub summary: render::Summary,
    /// The paths checked (or listed), as reports show them, in the same order.
    pub labels: Vec<String>,
    /// The files on disk whose content was checked (not standard input, not unreadable paths).
    pub files: Vec<PathBuf>,
    /// The paths that could not be read, with the reason, for standard error.
    pub unreadable: Vec<discover::PathError>,
    /// The files the fixes changed or whose fixes were dropped (`--fix`, `--diff`), in the same
    /// order.
    pub fixes: Vec<FileFix>,
    /// Whether a file has a finding at the level that fails it ([`crate::config::Config::fail_on`]
    /// with `--fail-on`), or could not be read.
    pub fails: bool,
}

/// A file's findings in the report's format (human or concise), as the thread that checked it
/// rendered them.
pub type Rendered = io::Result<Vec<u8>>;

/// The outcome for one entry of a search.
enum Outcome {
    /// Checked (or, when only listing, taken): its label, its report unless only listing (with
    /// its findings rendered when the report streams), for a file on disk its path, its fix, and
    /// whether it fails at its `fail_on` level.
    Taken(
        String,
        Option<(FileReport, Option<Rendered>)>,
        Option<PathBuf>,
        Option<Box<FileFix>>,
        bool,
    ),
    /// Could not be read.
    Unreadable(discover::PathError),
    /// A `.json` file that is not a flow.
    NotAFlow,
}

/// Finds the files under `args.paths` and checks each (in parallel) with its configuration;
/// with `list_only`, the files are read and put to the flow test but not checked (the reports
/// are left out). Paths that cannot be read do not stop the run: each gets an `io/unreadable`
/// report in its place.
///
/// Each report is handed to `on_report` as soon as its turn comes (in the order of the search),
/// with, when the report is written as it comes ([`CheckArgs::streams`]), its findings in the
/// report's format, rendered by the thread that checked the file; `on_report` gets `None` when
/// the check waits for the file whose turn it is ([`Handed`]). `terminal` is whether a streamed
/// report goes to a terminal (the human format's style). Only the human format shows
/// source, and only for files with findings: every report drops its text as soon as it is made,
/// except when the human report is written at the end (with fixes). A report written as it
/// comes is then only counted ([`Checked::summary`]); the others are kept without their text.
/// Memory then follows the findings of the reports kept, not the number or size of the files.
pub fn check_paths(
    args: &CheckArgs,
    configs: &Configs,
    list_only: bool,
    terminal: bool,
    on_report: &mut dyn FnMut(Handed<'_>),
) -> Result<Checked, CheckError> {
    let shows_source = args.shows_source();
    let streams = args.streams();
    let style = (streams && args.format == Format::Human).then(|| human_style(args, terminal));
    let render = |report: &FileReport| {
        streams.then(|| {
            let mut block = Vec::new();
            match style {
                Some(style) => render::human::render_file(report, &mut block, style),
                None => render::concise::render([report], &mut block),
            }
            .map(|()| block)
        })
    };
    let found = configs.search(&args.paths, args.force_exclude)?;
    let stdin = match found
        .iter()
        .any(|f| matches!(f, Ok(c) if discover::is_stdin(&c.path)))
    {
        true => Some(read_stdin(args, configs)?),
        false => None,
    };
    let check_one = |entry: Found| -> Result<Outcome, ConfigError> {
        let candidate = match entry {
            Ok(candidate) => candidate,
            Err(e) => return Ok(Outcome::Unreadable(e)),
        };
        let (file, bytes, sniff) = if discover::is_stdin(&candidate.path) {
            let Some((name, bytes, sniff)) = &stdin else {
                return Ok(Outcome::NotAFlow);
            };
            let Some(sniff) = sniff else {
                return Ok(Outcome::NotAFlow);
            };
            (
                name.as_path(),
                std::borrow::Cow::Borrowed(&bytes[..]),
                *sniff,
            )
        } else {
            match std::fs::read(&candidate.path) {
                Ok(bytes) => (
                    candidate.path.as_path(),
                    std::borrow::Cow::Owned(bytes),
                    candidate.sniff,
                ),
                Err(source) => {
                    return Ok(Outcome::Unreadable(discover::PathError {
                        path: candidate.path.clone(),
                        source,
                    }));
                }
            }
        };
        if sniff && !discover::mentions_screens(&bytes) {
            return Ok(Outcome::NotAFlow);
        }
        let on_disk = (!discover::is_stdin(&candidate.path)).then(|| candidate.path.clone());
        let shown = label(file);
        if list_only {
            return Ok(Outcome::Taken(shown, None, on_disk, None, false));
        }
        let config = configs.for_file(file)?;
        let (mut report, fixed) =
            fix::check_fixed(args.fixes(), on_disk.as_deref(), &shown, &bytes, &|b| {
                config.check_capped(&shown, file, b, args.max_findings)
            });
        let fails = config.fail_on(args.fail_on).fails_report(&report);
        let block = render(&report);
        if !shows_source || streams || report.diagnostics.is_empty() {
            report.text = Arc::default();
        }
        Ok(Outcome::Taken(
            shown,
            Some((report, block)),
            on_disk,
            fixed.map(Box::new),
            fails,
        ))
    };
    let mut checked = Checked::default();
    let keep = |checked: &mut Checked, report: FileReport| {
        checked.summary = checked.summary.add(&report);
        if !streams {
            checked.reports.push(report);
        }
    };
    let mut take = |outcome: Option<Outcome>| match outcome {
        None => on_report(None),
        Some(Outcome::Taken(shown, report, file, fixed, fails)) => {
            checked.fails |= fails;
            checked.labels.push(shown);
            if let Some((report, block)) = report {
                on_report(Some((&report, block)));
                keep(&mut checked, report);
            }
            checked.files.extend(file);
            checked.fixes.extend(fixed.map(|f| *f));
        }
        Some(Outcome::Unreadable(e)) => {
            checked.fails = true;
            let report = unreadable(&e);
            on_report(Some((&report, render(&report))));
            keep(&mut checked, report);
            checked.unreadable.push(e);
        }
        Some(Outcome::NotAFlow) => {}
    };
    let threads = threads(found.len(), std::env::var_os(THREADS_VAR).as_deref());
    in_order(found, threads, &check_one, &mut take)?;
    Ok(checked)
}

/// What [`check_paths`] hands over as the check goes: a report at its turn, with its findings
/// rendered when the report is written as it comes; `None` when nothing is ready because the
/// check waits for the file whose turn it is (a slow file, a FIFO), so that what waits to be
/// written had best be written now.
pub type Handed<'a> = Option<(&'a FileReport, Option<Rendered>)>;

/// The environment variable that sets how many threads check the files: rayon's, which
/// `waflow watch` honours through its rayon pool.
const THREADS_VAR: &str = "RAYON_NUM_THREADS";

/// How many threads check `files` files: one for a single file (without asking how many cores
/// there are), else `setting` ([`THREADS_VAR`]) when it is a positive number, as rayon reads
/// it, else one per core.
fn threads(files: usize, setting: Option<&std::ffi::OsStr>) -> usize {
    if files < 2 {
        return 1;
    }
    setting
        .and_then(|s| s.to_str()?.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// How many results [`in_order`] lets wait for their turn, at the least ([`window`]).
const RESULTS_IN_FLIGHT: usize = 32;

/// How many results [`in_order`] lets wait for their turn with `threads` threads: at least
/// [`RESULTS_IN_FLIGHT`], and twice the threads, so that every thread has work while one item
/// is slow.
fn window(threads: usize) -> usize {
    RESULTS_IN_FLIGHT.max(threads.saturating_mul(2))
}

/// What the threads of [`in_order`] share: the items not yet taken up and the results waiting
/// for their turn.
struct Pending<T, R> {
    /// The items not yet taken up, with their places.
    items: std::iter::Enumerate<std::vec::IntoIter<T>>,
    /// The place of the next item to take up.
    claimed: usize,
    /// The results waiting for their turn, by place.
    done: BTreeMap<usize, R>,
    /// The place of the next result to hand over.
    next: usize,
    /// How many results may be ahead of their turn ([`window`]).
    window: usize,
    /// Set when no more items are to be taken up: an error was handed over, or a thread
    /// panicked.
    stop: bool,
    /// Whether the calling thread waits for the result at `next`.
    caller_waits: bool,
    /// How many helper threads wait for room (fewer than `window` ahead).
    helpers_wait: usize,
}

impl<T, R> Pending<T, R> {
    /// The next item, unless it would put more than `window` results ahead of their turn.
    /// `Err(())` when there is none left (or the work stopped).
    fn claim(&mut self) -> Result<Option<(usize, T)>, ()> {
        if self.stop {
            return Err(());
        }
        if self.claimed - self.next >= self.window {
            return Ok(None);
        }
        let item = self.items.next().ok_or(())?;
        self.claimed += 1;
        Ok(Some(item))
    }
}

/// The state of [`in_order`]: [`Pending`] under its lock, and one condition variable for each
/// kind of waiter, so that a finished result wakes the calling thread alone and room in the
/// window wakes the helpers alone.
struct Shared<T, R> {
    /// The items and results.
    pending: Mutex<Pending<T, R>>,
    /// Where the calling thread waits for the result whose turn it is.
    caller: Condvar,
    /// Where the helpers wait for room in the window.
    helpers: Condvar,
}

impl<T, R> Shared<T, R> {
    /// Takes up no more items and wakes every thread, so that none waits for the others.
    fn stop(&self) {
        locked(&self.pending).stop = true;
        self.caller.notify_all();
        self.helpers.notify_all();
    }
}

/// Stops the work of [`in_order`] when the thread that holds it panics, so that no other thread
/// waits for it.
struct StopOnPanic<'a, T, R>(&'a Shared<T, R>);

impl<T, R> Drop for StopOnPanic<'_, T, R> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// What the calling thread of [`in_order`] does next.
enum Turn<T> {
    /// Hand over the results that are ready.
    Hand,
    /// Work on this item.
    Work(usize, T),
    /// Tell `take` that it is about to wait.
    Wait,
}

/// Runs `work` on every item on `threads` threads (this one and helpers) and hands each result
/// to `take`, on this thread, in the order of the items, as soon as the results before it are
/// taken. The first error (in that order) stops the work and the taking and is returned.
/// Before this thread waits for a result whose turn it is, `take` gets `None` (once after each
/// batch of results), so that it can write what it holds instead of letting it wait too.
///
/// Items are taken up one at a time in their order; a thread that would put more than
/// [`window`] results ahead of their turn waits instead (when `take` is slower than the work,
/// or one item is slow), so that memory stays bounded. Threads wake each other only when one
/// waits: the common case costs two uncontended locks per item.
fn in_order<T: Send, R: Send, E: Send>(
    items: Vec<T>,
    threads: usize,
    work: &(dyn Fn(T) -> Result<R, E> + Sync),
    take: &mut dyn FnMut(Option<R>),
) -> Result<(), E> {
    let helpers = threads.min(items.len()).saturating_sub(1);
    let shared = Shared {
        pending: Mutex::new(Pending {
            items: items.into_iter().enumerate(),
            claimed: 0,
            done: BTreeMap::new(),
            next: 0,
            window: window(threads),
            stop: false,
            caller_waits: false,
            helpers_wait: 0,
        }),
        caller: Condvar::new(),
        helpers: Condvar::new(),
    };
    let helper = || {
        let _stop = StopOnPanic(&shared);
        loop {
            let (i, item) = {
                let mut p = locked(&shared.pending);
                loop {
                    match p.claim() {
                        Ok(Some(item)) => break item,
                        Ok(None) => {
                            p.helpers_wait += 1;
                            p = shared
                                .helpers
                                .wait(p)
                                .unwrap_or_else(PoisonError::into_inner);
                            p.helpers_wait -= 1;
                        }
                        Err(()) => return,
                    }
                }
            };
            let result = work(item);
            let mut p = locked(&shared.pending);
            p.done.insert(i, result);
            if p.caller_waits && i == p.next {
                shared.caller.notify_one();
            }
        }
    };
    let mut failed = None;
    std::thread::scope(|scope| {
        for _ in 0..helpers {
            scope.spawn(helper);
        }
        let _stop = StopOnPanic(&shared);
        let mut ready = Vec::new();
        // Whether `take` was told of a wait since it last had results.
        let mut told = false;
        loop {
            let turn = {
                let mut p = locked(&shared.pending);
                loop {
                    let q = &mut *p;
                    while let Some(result) = q.done.remove(&q.next) {
                        q.next += 1;
                        ready.push(result);
                    }
                    if !ready.is_empty() {
                        if p.helpers_wait > 0 {
                            shared.helpers.notify_all();
                        }
                        break Turn::Hand;
                    }
                    match p.claim() {
                        Ok(Some((i, item))) => break Turn::Work(i, item),
                        // Every item is taken up, and every result handed over.
                        Err(()) if p.next == p.claimed || p.stop => return,
                        // A helper has the next one.
                        Ok(None) | Err(()) if !told => break Turn::Wait,
                        Ok(None) | Err(()) => {
                            p.caller_waits = true;
                            p = shared
                                .caller
                                .wait(p)
                                .unwrap_or_else(PoisonError::into_inner);
                            p.caller_waits = false;
                        }
                    }
                }
            };
            match turn {
                Turn::Hand => told = false,
                Turn::Work(i, item) => {
                    let result = work(item);
                    locked(&shared.pending).done.insert(i, result);
                }
                Turn::Wait => {
                    told = true;
                    take(None);
                }
            }
            for result in ready.drain(..) {
                match result {
                    Ok(r) if failed.is_none() => take(Some(r)),
                    Ok(_) => {}
                    Err(e) => {
                        failed.get_or_insert(e);
                        shared.stop();
                    }
                }
            }
        }
    });
    failed.map_or(Ok(()), Err)
}

/// The most bytes [`Streamed`] gathers before writing them to a pipe or a file.
const STREAM_BLOCK: usize = 64 * 1024;

/// How long [`Streamed`] lets findings wait for more before writing them to a pipe or a file.
const STREAM_DELAY: Duration = Duration::from_millis(100);

/// The report written while the files are checked (human or concise): to standard output (`W`,
/// a buffer in tests), or into a buffer when it goes to a file (`--output`), which
/// [`Streamed::finish`] writes at the end. On a terminal each file's findings are written at
/// once; into a pipe or a file they are gathered and written when [`STREAM_BLOCK`] bytes have
/// come, at the next file's turn [`STREAM_DELAY`] after the first of them, or when the check
/// waits for a file ([`Streamed::waiting`]), so that a run with many findings makes a few
/// writes, not one per file, and findings do not wait for a slow file.
struct Streamed<W> {
    /// Standard output.
    out: W,
    /// The whole report, for `--output`.
    buffer: Option<Vec<u8>>,
    /// What waits to be written to standard output.
    pending: Vec<u8>,
    /// When the first of it came.
    since: Option<Instant>,
    /// Whether standard output is a terminal.
    terminal: bool,
    /// Whether the report ends with the summary line (the human format).
    summary: bool,
    /// The first write error; nothing more is written after it.
    failed: Option<io::Error>,
}

impl<W: io::Write> Streamed<W> {
    /// A report to `out` (a terminal or not), or to a file; `summary` for the human format.
    fn new(out: W, to_file: bool, terminal: bool, summary: bool) -> Streamed<W> {
        Streamed {
            out,
            buffer: to_file.then(Vec::new),
            pending: Vec::new(),
            since: None,
            terminal,
            summary,
            failed: None,
        }
    }

    /// Writes the rendered findings of a file (or gathers them, see [`Streamed`]).
    fn write(&mut self, block: Rendered) {
        self.write_at(block, Instant::now);
    }

    /// [`Streamed::write`] with the clock `now`, asked only once findings wait.
    fn write_at(&mut self, block: Rendered, now: impl FnOnce() -> Instant) {
        if self.failed.is_some() {
            return;
        }
        let block = match block {
            Ok(block) => block,
            Err(e) => {
                self.failed = Some(e);
                return;
            }
        };
        if let Some(buffer) = &mut self.buffer {
            buffer.extend_from_slice(&block);
            return;
        }
        self.pending.extend_from_slice(&block);
        // A clean file's turn does not start the wait, but it ends one that is over.
        if self.pending.is_empty() {
            return;
        }
        let now = now();
        let since = *self.since.get_or_insert(now);
        if self.terminal
            || self.pending.len() >= STREAM_BLOCK
            || now.saturating_duration_since(since) >= STREAM_DELAY
        {
            self.flush_or_fail();
        }
    }

    /// The check waits for a file whose turn it is: writes what waits to a pipe or a file
    /// rather than hold it for as long as that file takes.
    fn waiting(&mut self) {
        if self.failed.is_none() {
            self.flush_or_fail();
        }
    }

    /// [`Streamed::flush`], keeping its error.
    fn flush_or_fail(&mut self) {
        if let Err(e) = self.flush() {
            self.failed = Some(e);
        }
    }

    /// Writes what waits to standard output.
    fn flush(&mut self) -> io::Result<()> {
        self.since = None;
        if self.pending.is_empty() {
            return Ok(());
        }
        let written = self
            .out
            .write_all(&self.pending)
            .and_then(|()| self.out.flush());
        self.pending.clear();
        written
    }

    /// Ends the report with the summary line of `totals` (human, unless `quiet`) and, for a
    /// report file, writes the file. A closed standard output is not an error.
    fn finish(
        mut self,
        totals: render::Summary,
        output: Option<&Path>,
        quiet: bool,
    ) -> io::Result<()> {
        let with_summary = self.summary;
        let summary = |out: &mut dyn io::Write| match with_summary {
            true => render::human::render_summary(totals, out, quiet),
            false => Ok(()),
        };
        let result = match (self.failed.take(), self.buffer.take(), output) {
            (Some(e), _, _) => Err(e),
            (None, Some(buffer), Some(path)) => crate::report_file::write(path, |file| {
                file.write_all(&buffer)?;
                summary(file)
            }),
            _ => self
                .flush()
                .and_then(|()| summary(&mut self.out))
                .and_then(|()| self.out.flush()),
        };
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

/// The style of the human report: for a terminal on standard output (`terminal`), plain for a
/// file.
fn human_style(args: &CheckArgs, terminal: bool) -> render::human::Style {
    match &args.output {
        Some(_) => render::human::Style::new(render::file_color(args.color), false),
        None => render::human::Style::new(args.color, terminal),
    }
}

/// Standard input for `-`: the path it stands for (`--stdin-filename`, else `-`), its bytes,
/// and how it is taken: `None` when `--force-exclude` leaves it out, else `Some(sniff)`.
fn read_stdin(
    args: &CheckArgs,
    configs: &Configs,
) -> Result<(PathBuf, Vec<u8>, Option<bool>), CheckError> {
    let name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from(discover::STDIN));
    let taken = match (&args.stdin_filename, args.force_exclude) {
        (Some(name), true) => configs.takes_stdin(name)?,
        _ => Some(false),
    };
    let mut bytes = Vec::new();
    if taken.is_some() {
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(CheckError::Stdin)?;
    }
    Ok((name, bytes, taken))
}

/// The report for a path that could not be read: one `io/unreadable` error at 1:1.
fn unreadable(e: &discover::PathError) -> FileReport {
    let (empty, _) = document::load(b"");
    let finding = Finding::error(
        UNREADABLE_RULE,
        "WAFLOW_UNREADABLE_FILE",
        "",
        format!("cannot read this path: {}", e.source),
    );
    check::check_loaded(
        &label(&e.path),
        &empty,
        vec![finding],
        &CheckOptions::default(),
    )
}

/// A path as reports show it: without leading `./` (`./flows/a.json` is `flows/a.json`).
pub fn label(path: &Path) -> String {
    let mut components = path.components().peekable();
    while components.peek() == Some(&Component::CurDir) {
        components.next();
    }
    let rest: PathBuf = components.collect();
    if rest.as_os_str().is_empty() {
        path.display().to_string()
    } else {
        rest.display().to_string()
    }
}

/// The checked file that `output` is (the same file, through any link), if any.
fn written_input<'a>(output: &Path, files: &'a [PathBuf]) -> Option<&'a PathBuf> {
    let target = file_id(output)?;
    files.iter().find(|f| file_id(f).as_ref() == Some(&target))
}

/// What identifies a file whatever the path to it: device and inode (links, hard links).
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// What identifies a file whatever the path to it: its canonical path.
#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// The path whose configuration `--show-settings` shows: the first path, or the file standard
/// input stands for.
fn primary_path(args: &CheckArgs) -> PathBuf {
    match args.paths.first() {
        Some(first) if discover::is_stdin(first) => {
            args.stdin_filename.clone().unwrap_or_else(|| first.clone())
        }
        Some(first) => first.clone(),
        None => PathBuf::from("."),
    }
}

/// Runs `waflow check` and returns the exit code.
pub fn run(args: CheckArgs) -> u8 {
    let args = CheckArgs {
        output: crate::report_file::named(args.output),
        ..args
    };
    if args.statistics && !render::stats::supports(args.format) {
        stderr_line!("waflow: error: {}", render::stats::UNSUPPORTED);
        return exit::USAGE;
    }
    if args.stdin_filename.is_some() && !args.paths.iter().any(|p| discover::is_stdin(p)) {
        stderr_line!(
            "waflow: error: --stdin-filename names what standard input stands for, but no path is `-`: add `-` to read standard input"
        );
        return exit::USAGE;
    }
    let configs = match Configs::with_profile(args.config.as_deref(), args.profile.get()) {
        Ok(c) => c,
        Err(e) => {
            stderr_line!("waflow: error: {e}");
            return exit::USAGE;
        }
    };
    let primary = match configs.for_path(&primary_path(&args)) {
        Ok(config) => config,
        Err(e) => {
            stderr_line!("waflow: error: {e}");
            return exit::USAGE;
        }
    };
    if args.show_settings {
        let fail_on = primary.fail_on(args.fail_on);
        stdout_line!(
            "{}",
            primary
                .describe(&primary_path(&args), fail_on, args.max_findings)
                .trim_end()
        );
        return exit::OK;
    }
    if args.fix && !args.diff && args.paths.iter().any(|p| discover::is_stdin(p)) {
        stderr_line!(
            "waflow: error: --fix writes the fixed files; standard input cannot be fixed in place (use --diff)"
        );
        return exit::USAGE;
    }
    // The human and concise formats are written as the files are checked, each file's findings
    // when its turn comes (to standard output, or to a buffer for --output, which is written at
    // the end).
    // With fixes, the findings that remain are written after the fixes, as before.
    // Whether standard output is a terminal matters only then, and is asked once.
    let streams = args.streams();
    let terminal = streams && args.output.is_none() && io::stdout().is_terminal();
    let mut streamed = Streamed::new(
        io::stdout(),
        args.output.is_some(),
        terminal,
        args.format == Format::Human,
    );
    let mut on_report = |handed: Handed<'_>| match handed {
        Some((_, Some(block))) => streamed.write(block),
        Some((_, None)) => {}
        None => streamed.waiting(),
    };
    let checked = match check_paths(&args, &configs, args.show_files, terminal, &mut on_report) {
        Ok(r) => r,
        Err(e) => {
            stderr_line!("waflow: error: {e}");
            return exit::USAGE;
        }
    };
    for e in &checked.unreadable {
        stderr_line!("waflow: error: {}: {}", label(&e.path), e.source);
    }
    for warning in configs.warnings().into_iter().filter(|_| !args.quiet) {
        stderr_line!("waflow: warning: {warning}");
    }
    if args.show_files {
        for shown in &checked.labels {
            stdout_line!("{}", render::printable(shown));
        }
        return if checked.unreadable.is_empty() {
            exit::OK
        } else {
            exit::USAGE
        };
    }
    let reports = checked.reports;
    if checked.summary.files == 0 && !args.force_exclude && !args.quiet {
        stderr_line!(
            "waflow: warning: no Flow JSON files found (directories are searched for .json files with a top-level \"screens\" key)"
        );
    }
    if let Some(output) = &args.output
        && let Some(input) = written_input(output, &checked.files)
    {
        let through = if input == output {
            String::new()
        } else {
            format!(" (as {})", input.display())
        };
        stderr_line!(
            "waflow: error: --output {}{through} is one of the files being checked; nothing was written (choose another report file)",
            output.display(),
        );
        return exit::USAGE;
    }
    if let Some(allowed) = args.fixes() {
        let summary = fix::summary(&checked.fixes, &reports, allowed, args.diff);
        if args.diff {
            let diff = fix::diff(&checked.fixes);
            if !diff.is_empty() {
                stdout_line!("{}", diff.trim_end_matches('\n'));
            }
            if !args.quiet {
                for line in fix::dropped(&checked.fixes) {
                    stderr_line!("waflow: {line}");
                }
                stderr_line!("waflow: {summary}");
            }
            return if !checked.unreadable.is_empty() {
                exit::USAGE
            } else if fix::any_change(&checked.fixes) || checked.fails {
                exit::FINDINGS
            } else {
                exit::OK
            };
        }
        let failed = fix::write(&checked.fixes);
        for (file, e) in &failed {
            stderr_line!(
                "waflow: error: cannot write the fixed {}: {e}",
                render::printable(file)
            );
        }
        if !args.quiet {
            for line in fix::dropped(&checked.fixes) {
                stderr_line!("waflow: {line}");
            }
            stderr_line!("waflow: {summary}");
        }
        if !failed.is_empty() {
            return exit::USAGE;
        }
    }
    let options = render::Options {
        quiet: args.quiet,
        statistics: args.statistics,
        color: args.color,
    };
    let written = match streams {
        true => streamed.finish(checked.summary, args.output.as_deref(), args.quiet),
        false => render::render_with(args.format, &reports, args.output.as_deref(), &options),
    };
    if let Err(e) = written {
        match &args.output {
            Some(output) => stderr_line!(
                "waflow: error: cannot write the report to {}: {e}",
                output.display()
            ),
            None => stderr_line!("waflow: error: cannot write the report: {e}"),
        }
        return exit::USAGE;
    }
    if !checked.unreadable.is_empty() {
        exit::USAGE
    } else if checked.fails {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: CheckArgs,
    }

    #[test]
    fn results_are_taken_in_order_until_the_first_error() {
        let items: Vec<usize> = (0..500).collect();
        let mut taken = Vec::new();
        let work = |i: usize| if i == 300 || i == 400 { Err(i) } else { Ok(i) };
        let result = in_order(items, 2, &work, &mut |i| taken.extend(i));
        assert_eq!(result, Err(300));
        assert_eq!(taken, (0..300).collect::<Vec<_>>());
    }

    #[test]
    fn no_more_than_the_results_in_flight_wait_for_a_slow_first_item() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let started = AtomicUsize::new(0);
        let work = |i: usize| -> Result<usize, ()> {
            let now = started.fetch_add(1, Ordering::SeqCst) + 1;
            if i == 0 {
                // The others run ahead until the window is full, then wait for this one.
                while started.load(Ordering::SeqCst) < RESULTS_IN_FLIGHT {
                    std::thread::yield_now();
                }
                for _ in 0..10_000 {
                    std::thread::yield_now();
                }
                return Ok(started.load(Ordering::SeqCst));
            }
            Ok(now)
        };
        let mut taken = Vec::new();
        in_order((0..200).collect(), 3, &work, &mut |n| taken.extend(n)).unwrap();
        assert_eq!(taken.len(), 200);
        assert_eq!(
            taken[0], RESULTS_IN_FLIGHT,
            "items started while the first one ran"
        );
    }

    #[test]
    fn a_panic_in_any_thread_is_the_callers_not_a_hang() {
        for threads in [1, 2, 4] {
            let outcome = std::panic::catch_unwind(|| {
                let work = |i: usize| -> Result<usize, ()> {
                    assert_ne!(i, 7, "the seventh item");
                    Ok(i)
                };
                in_order((0..100).collect(), threads, &work, &mut |_| {})
            });
            assert!(outcome.is_err(), "{threads} threads");
        }
    }

    #[test]
    fn the_caller_says_it_waits_before_it_waits_for_a_slow_item() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let caller = std::thread::current().id();
        let started = AtomicUsize::new(0);
        let told = AtomicBool::new(false);
        // Two items on two threads: the helper's item lasts until the caller says it waits
        // (or, without that, a bounded while), and the caller's until the helper has one.
        let work = |i: usize| -> Result<(usize, bool), ()> {
            started.fetch_add(1, Ordering::SeqCst);
            if std::thread::current().id() == caller {
                while started.load(Ordering::SeqCst) < 2 {
                    std::thread::yield_now();
                }
                return Ok((i, true));
            }
            for _ in 0..1_000_000 {
                if told.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::yield_now();
            }
            Ok((i, told.load(Ordering::SeqCst)))
        };
        let mut taken = Vec::new();
        in_order(vec![0, 1], 2, &work, &mut |r| match r {
            Some(r) => taken.push(r),
            None => told.store(true, Ordering::SeqCst),
        })
        .unwrap();
        assert_eq!(taken.len(), 2);
        assert_eq!(taken.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1]);
        assert!(
            taken.iter().all(|(_, told)| *told),
            "the helper's item waited for nothing: {taken:?}"
        );
    }

    #[test]
    fn the_window_lets_every_thread_work() {
        assert_eq!(window(1), RESULTS_IN_FLIGHT);
        assert_eq!(window(2), RESULTS_IN_FLIGHT);
        assert_eq!(window(64), 128);
        assert_eq!(window(usize::MAX), usize::MAX);
        let work = |i: usize| -> Result<usize, ()> { Ok(i) };
        let mut taken = Vec::new();
        in_order((0..500).collect(), 40, &work, &mut |i| taken.extend(i)).unwrap();
        assert_eq!(taken, (0..500).collect::<Vec<_>>());
    }

    #[test]
    fn rayon_num_threads_sets_the_threads_as_rayon_reads_it() {
        use std::ffi::OsStr;
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        assert_eq!(threads(10, Some(OsStr::new("3"))), 3);
        assert_eq!(threads(10, Some(OsStr::new("1"))), 1);
        assert_eq!(threads(10, None), cores);
        for ignored in ["0", "", "-2", " 3", "two", "3.0"] {
            assert_eq!(threads(10, Some(OsStr::new(ignored))), cores, "{ignored:?}");
        }
        assert_eq!(threads(1, Some(OsStr::new("8"))), 1, "one file, one thread");
        assert_eq!(threads(0, None), 1);
    }

    /// A streamed report to a pipe (a buffer here), with its clock at `0` ms.
    fn piped() -> (Streamed<Vec<u8>>, Instant) {
        (
            Streamed::new(Vec::new(), false, false, false),
            Instant::now(),
        )
    }

    #[test]
    fn piped_findings_are_written_at_the_next_turn_after_the_delay_even_after_clean_files() {
        let (mut streamed, t0) = piped();
        let at = |ms| move || t0 + Duration::from_millis(ms);
        streamed.write_at(Ok(b"a.json:1:1: error\n".to_vec()), at(0));
        streamed.write_at(Ok(Vec::new()), at(50));
        assert!(streamed.out.is_empty(), "gathered for 100 ms");
        streamed.write_at(Ok(Vec::new()), at(150));
        assert_eq!(
            streamed.out, b"a.json:1:1: error\n",
            "a clean file's turn ends the wait"
        );
        // A clean file does not start the wait: findings after it wait from their own time.
        streamed.write_at(Ok(Vec::new()), at(200));
        streamed.write_at(Ok(b"b\n".to_vec()), at(400));
        streamed.write_at(Ok(Vec::new()), at(450));
        assert_eq!(streamed.out.len(), 18);
        streamed.write_at(Ok(b"c\n".to_vec()), at(500));
        assert_eq!(&streamed.out[18..], b"b\nc\n");
    }

    #[test]
    fn piped_findings_are_written_when_the_check_waits_and_at_once_on_a_terminal() {
        let (mut streamed, t0) = piped();
        streamed.write_at(Ok(b"a\n".to_vec()), || t0);
        streamed.waiting();
        assert_eq!(streamed.out, b"a\n");
        let mut terminal = Streamed::new(Vec::new(), false, true, false);
        terminal.write_at(Ok(b"a\n".to_vec()), || t0);
        assert_eq!(terminal.out, b"a\n");
        let mut to_file = Streamed::new(Vec::new(), true, false, false);
        to_file.write_at(Ok(b"a\n".to_vec()), || t0);
        to_file.waiting();
        assert!(
            to_file.out.is_empty(),
            "a report file is written at the end"
        );
    }

    fn screens_fixtures(format: &str) -> CheckArgs {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/rules/screens");
        Cli::parse_from(["check", "-f", format, root.to_str().unwrap()]).args
    }

    #[test]
    fn streamed_reports_are_rendered_and_handed_over_in_order_then_only_counted() {
        let args = screens_fixtures("human");
        let configs = Configs::with_profile(None, None).unwrap();
        let mut seen = Vec::new();
        let checked = check_paths(&args, &configs, false, false, &mut |handed| {
            let Some((r, block)) = handed else { return };
            let rendered = block.map(Result::unwrap).unwrap_or_default();
            assert!(r.text.is_empty(), "{}: text kept after rendering", r.path);
            assert_eq!(
                r.diagnostics.is_empty(),
                rendered.is_empty(),
                "{}: rendered findings, and only those",
                r.path
            );
            seen.push((r.path.clone(), r.diagnostics.len()));
        })
        .unwrap();
        assert!(seen.len() > 4);
        assert!(seen.iter().any(|(_, findings)| *findings > 0));
        assert!(checked.reports.is_empty(), "streamed reports are not kept");
        let totals = checked.summary;
        assert_eq!(totals.files, seen.len());
        assert_eq!(
            totals.errors + totals.warnings + totals.infos,
            seen.iter().map(|(_, findings)| findings).sum::<usize>()
        );
        // The order of the search, whatever order the checks finished in.
        let searched: Vec<String> = configs
            .search(&args.paths, false)
            .unwrap()
            .into_iter()
            .map(|found| label(&found.unwrap().path))
            .collect();
        let handed: Vec<String> = seen.into_iter().map(|(path, _)| path).collect();
        assert_eq!(handed, searched);
    }

    #[test]
    fn reports_written_at_the_end_are_kept_without_their_text() {
        let args = screens_fixtures("json");
        let configs = Configs::with_profile(None, None).unwrap();
        let checked = check_paths(&args, &configs, false, false, &mut |handed| {
            if let Some((_, block)) = handed {
                assert!(block.is_none(), "not rendered while checking");
            }
        })
        .unwrap();
        assert!(checked.reports.len() > 4);
        assert_eq!(checked.summary, render::Summary::of(&checked.reports));
        for report in &checked.reports {
            assert!(report.text.is_empty(), "{}: text kept", report.path);
        }
    }
}
