//! Project configuration: `waflow.toml`.
//!
//! A file's configuration is the `waflow.toml` closest to it (searching its directory, then each
//! parent); `--config PATH` replaces the search for every file. There is no merging between
//! files. Globs are relative to the directory of the `waflow.toml` that holds them.
//!
//! This module owns the tables `[files]`, `[check]`, `[version]`, `[rules]`, `[[ignore]]` and
//! `[watch]`. The tables `[flows]` and `[env]` belong to `waflow push` and are accepted here
//! without being read. Any other key is a configuration error (exit 2) naming file, line and
//! column.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;
use waflow_core::document::{self, Document};
use waflow_core::line_index::{LineIndex, Position};
use waflow_core::{CheckOptions, FileReport, Finding, Level, check};

use crate::discover::{self, Selection};

/// The name of the configuration file.
pub const FILE_NAME: &str = "waflow.toml";

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The file is not valid TOML or holds an unknown key or a bad value.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// `fail_on` as written in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOnSetting {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawConfig {
    files: RawFiles,
    check: RawCheck,
    version: RawVersion,
    rules: BTreeMap<Spanned<String>, Level>,
    ignore: Vec<RawIgnore>,
    watch: RawWatch,
    /// Owned by `waflow push`: accepted, not read here.
    #[serde(rename = "flows")]
    _flows: Option<serde::de::IgnoredAny>,
    /// Owned by `waflow push`: accepted, not read here.
    #[serde(rename = "env")]
    _env: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawFiles {
    include: Option<Vec<Spanned<String>>>,
    exclude: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawCheck {
    fail_on: Option<FailOnSetting>,
    max_findings: Option<usize>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawVersion {
    non_publishable: Option<Level>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    files: Spanned<String>,
    #[serde(default)]
    pointer: Option<Spanned<String>>,
    #[serde(default)]
    rules: Vec<String>,
    reason: Spanned<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawWatch {
    debounce_ms: Option<Spanned<u64>>,
}

/// One `[[ignore]]` entry: findings in files matching `files`, at or below `pointer`, of one of
/// `rules` (every rule when empty) are dropped.
#[derive(Debug)]
pub struct Ignore {
    /// The glob as written.
    pub files: String,
    matcher: globset::GlobMatcher,
    /// RFC 6901 pointer; `""` is the whole document.
    pub pointer: String,
    /// Rule ids or Meta codes; empty means every rule.
    pub rules: Vec<String>,
    /// Why the finding is accepted.
    pub reason: String,
    /// Line of the entry in the configuration file.
    pub line: usize,
    /// Files checked that matched `files`.
    files_seen: AtomicUsize,
    /// Findings dropped.
    suppressed: AtomicUsize,
}

impl Ignore {
    fn covers(&self, finding: &waflow_core::Finding) -> bool {
        let pointer = finding.pointer.as_str();
        let under = pointer == self.pointer
            || (pointer.starts_with(&self.pointer)
                && pointer.as_bytes().get(self.pointer.len()) == Some(&b'/'));
        under
            && (self.rules.is_empty()
                || self
                    .rules
                    .iter()
                    .any(|r| r == finding.rule.as_ref() || r == finding.code.as_ref()))
    }
}

/// A configuration ready to use: one `waflow.toml`, or the defaults.
#[derive(Debug)]
pub struct Config {
    /// The file it was read from; `None` for the defaults.
    pub path: Option<PathBuf>,
    /// The file as messages name it (relative to the working directory when it can be).
    label: PathBuf,
    /// The directory globs are relative to (absolute).
    pub root: PathBuf,
    include: Option<GlobSet>,
    exclude: GlobSet,
    exclude_dirs: GlobSet,
    /// `include` and `exclude` as written, for `--show-settings`.
    globs: (Option<Vec<String>>, Vec<String>),
    /// Rule levels (from `[version]` and `[rules]`).
    pub options: CheckOptions,
    /// `[check] fail_on`.
    pub fail_on: Option<FailOnSetting>,
    /// `[[ignore]]` entries, in file order.
    pub ignores: Vec<Ignore>,
    /// `[watch] debounce_ms`.
    pub debounce: Option<Duration>,
    /// Problems worth telling that do not stop the run (e.g. an unknown rule id).
    pub warnings: Vec<String>,
}

impl Config {
    /// The defaults, with globs relative to `root`.
    pub fn defaults(root: PathBuf) -> Config {
        Config {
            path: None,
            label: PathBuf::from(FILE_NAME),
            root,
            include: None,
            exclude: GlobSet::empty(),
            exclude_dirs: GlobSet::empty(),
            globs: (None, Vec::new()),
            options: CheckOptions::default(),
            fail_on: None,
            ignores: Vec::new(),
            debounce: None,
            warnings: Vec::new(),
        }
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let abs = absolute(path);
        let root = abs
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let mut config = Config::parse(&text, &shown(path), root)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses configuration text; `path` labels errors, `root` anchors the globs.
    pub fn parse(text: &str, path: &Path, root: PathBuf) -> Result<Config, ConfigError> {
        let index = LineIndex::new(text);
        let invalid = |span: Option<std::ops::Range<usize>>, message: String| {
            let Position { line, column } = index.position(text, span.map_or(0, |s| s.start));
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        // A key must never sit in the file, under any spelling (the uploader refuses it too).
        if let Some(found) = waflow_api::config::find_key_like_setting(text) {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                line: found.line,
                column: found.column,
                message: found.message(),
            });
        }
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| invalid(e.span(), e.message().trim_end().to_owned()))?;
        let glob = |g: &Spanned<String>| {
            GlobBuilder::new(g.get_ref())
                .literal_separator(true)
                .build()
                .map_err(|e| invalid(Some(g.span()), format!("bad glob: {}", e.kind())))
        };
        let include = match &raw.files.include {
            None => None,
            Some(list) => {
                let mut set = GlobSetBuilder::new();
                for g in list {
                    set.add(glob(g)?);
                }
                Some(build(set)?)
            }
        };
        let mut exclude = GlobSetBuilder::new();
        let mut exclude_dirs = GlobSetBuilder::new();
        for g in &raw.files.exclude {
            exclude.add(glob(g)?);
            exclude_dirs.add(glob(g)?);
            if let Some(dir) = g.get_ref().strip_suffix("/**") {
                let dir = Spanned::new(g.span(), dir.to_owned());
                exclude_dirs.add(glob(&dir)?);
            }
        }
        let mut options = CheckOptions::default();
        if let Some(max) = raw.check.max_findings {
            options.max_findings = cap(max);
        }
        if let Some(level) = raw.version.non_publishable {
            options
                .levels
                .insert("version/not-publishable".to_owned(), level);
        }
        let mut warnings = Vec::new();
        for (key, level) in &raw.rules {
            if waflow_core::rules::lookup(key.get_ref()).is_empty() {
                let line = index.position(text, key.span().start).line;
                let guess = crate::cmd::rules::did_you_mean(key.get_ref())
                    .map_or(String::new(), |g| format!("; did you mean `{g}`?"));
                warnings.push(format!(
                    "{}:{line}: no rule has the id or Meta code \"{}\"{guess} (see `waflow rules`)",
                    path.display(),
                    key.get_ref()
                ));
            }
            options.levels.insert(rule_key(key.get_ref()), *level);
        }
        let mut ignores = Vec::new();
        for entry in raw.ignore {
            let pointer = entry
                .pointer
                .as_ref()
                .map_or(String::new(), |p| p.get_ref().clone());
            if !pointer.is_empty() && !pointer.starts_with('/') {
                let span = entry.pointer.as_ref().map(Spanned::span);
                return Err(invalid(
                    span,
                    format!(
                        "\"{pointer}\" is not a JSON pointer: write \"\" for the whole file or start with \"/\" (e.g. \"/screens/0\")"
                    ),
                ));
            }
            if entry.reason.get_ref().trim().is_empty() {
                return Err(invalid(
                    Some(entry.reason.span()),
                    "an ignore needs a reason that says why the finding is accepted".to_owned(),
                ));
            }
            ignores.push(Ignore {
                files: entry.files.get_ref().clone(),
                matcher: glob(&entry.files)?.compile_matcher(),
                line: index.position(text, entry.files.span().start).line,
                pointer,
                rules: entry.rules.iter().map(|r| rule_key(r)).collect(),
                reason: entry.reason.into_inner(),
                files_seen: AtomicUsize::new(0),
                suppressed: AtomicUsize::new(0),
            });
        }
        let debounce = match raw.watch.debounce_ms {
            Some(ms) if *ms.get_ref() == 0 || *ms.get_ref() > 10_000 => {
                return Err(invalid(
                    Some(ms.span()),
                    "debounce_ms must be between 1 and 10000".to_owned(),
                ));
            }
            Some(ms) => Some(Duration::from_millis(*ms.get_ref())),
            None => None,
        };
        Ok(Config {
            path: Some(path.to_path_buf()),
            label: path.to_path_buf(),
            root,
            include,
            exclude: build(exclude)?,
            exclude_dirs: build(exclude_dirs)?,
            globs: (
                raw.files
                    .include
                    .map(|list| list.into_iter().map(Spanned::into_inner).collect()),
                raw.files
                    .exclude
                    .into_iter()
                    .map(Spanned::into_inner)
                    .collect(),
            ),
            options,
            fail_on: raw.check.fail_on,
            ignores,
            debounce,
            warnings,
        })
    }

    /// `path` relative to the configuration's directory, with `/` separators, for glob matching.
    fn relative(&self, path: &Path) -> PathBuf {
        let abs = absolute(path);
        match abs.strip_prefix(&self.root) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => abs,
        }
    }

    /// Whether a directory is excluded from searches.
    pub fn skips_dir(&self, dir: &Path) -> bool {
        let rel = self.relative(dir);
        !rel.as_os_str().is_empty() && self.exclude_dirs.is_match(&rel)
    }

    /// How a file is selected: excluded, included by `include`, or left to the default test
    /// (a `.json` file that looks like a flow).
    pub fn select(&self, file: &Path) -> Selection {
        let rel = self.relative(file);
        if self.exclude.is_match(&rel) {
            Selection::Skip
        } else {
            match &self.include {
                Some(set) if set.is_match(&rel) => Selection::Take,
                Some(_) => Selection::Skip,
                None => Selection::Sniff,
            }
        }
    }

    /// Checks one file's bytes with this configuration: levels, ignores, the cap on findings.
    /// `file` is the path on disk (for the ignore globs), `label` the path shown in reports.
    pub fn check(&self, label: &str, file: &Path, bytes: &[u8]) -> FileReport {
        self.check_capped(label, file, bytes, None)
    }

    /// [`Config::check`] with `max_findings` (as `--max-findings` gives it: 0 for no cap) in
    /// place of the configuration's, when given.
    pub fn check_capped(
        &self,
        label: &str,
        file: &Path,
        bytes: &[u8],
        max_findings: Option<usize>,
    ) -> FileReport {
        let (doc, findings) = document::load(bytes);
        match max_findings {
            None => self.check_loaded(label, file, &doc, findings),
            Some(max) => {
                let options = CheckOptions {
                    max_findings: cap(max),
                    ..self.options.clone()
                };
                self.check_with(label, file, &doc, findings, &options)
            }
        }
    }

    /// [`Config::check`] of a document already loaded, with the findings loading gave.
    pub fn check_loaded(
        &self,
        label: &str,
        file: &Path,
        doc: &Document,
        load_findings: Vec<Finding>,
    ) -> FileReport {
        self.check_with(label, file, doc, load_findings, &self.options)
    }

    fn check_with(
        &self,
        label: &str,
        file: &Path,
        doc: &Document,
        load_findings: Vec<Finding>,
        options: &CheckOptions,
    ) -> FileReport {
        let applicable: Vec<&Ignore> = if self.ignores.is_empty() {
            Vec::new()
        } else {
            let rel = self.relative(file);
            self.ignores
                .iter()
                .filter(|i| i.matcher.is_match(&rel))
                .collect()
        };
        for ignore in &applicable {
            ignore.files_seen.fetch_add(1, Ordering::Relaxed);
        }
        // Ignored findings are dropped before the cap on findings counts them. The check may
        // ask twice about a finding: `suppressed` only tells whether an ignore dropped any.
        let keep = |f: &Finding| match applicable.iter().find(|i| i.covers(f)) {
            Some(ignore) => {
                ignore.suppressed.fetch_add(1, Ordering::Relaxed);
                false
            }
            None => true,
        };
        check::check_filtered(label, doc, load_findings, options, &keep)
    }

    /// Warnings for ignores whose files were checked but which dropped no finding, and for
    /// ignores whose glob matched no file checked although a directory at or above the glob's
    /// literal directory (`flows/old` for `flows/old/*.json`) was searched (`searched`: absolute
    /// directories), so that every file it could name was met (a typo in the glob).
    pub fn unused_ignores(&self, searched: &[PathBuf]) -> Vec<String> {
        let path = self.label.display();
        let covered = |glob: &str| {
            let base = self.root.join(literal_dir(glob));
            searched.iter().any(|dir| base.starts_with(dir))
        };
        self.ignores
            .iter()
            .filter_map(|i| {
                let what = format!(
                    "{path}:{}: this ignore (files = \"{}\", pointer = \"{}\", reason: {})",
                    i.line, i.files, i.pointer, i.reason
                );
                if i.files_seen.load(Ordering::Relaxed) == 0 {
                    covered(&i.files).then(|| {
                        format!("{what} matched no file checked; check the files glob (relative to {path})")
                    })
                } else if i.suppressed.load(Ordering::Relaxed) == 0 {
                    Some(format!(
                        "{what} matched no finding; remove it if the problem is fixed"
                    ))
                } else {
                    None
                }
            })
            .collect()
    }
}

/// The directory part of a `files` glob before its first wildcard: `flows/old` for
/// `flows/old/*.json`, `flows` for `flows/a.json`, empty for `**/*.json`.
fn literal_dir(glob: &str) -> PathBuf {
    let parts: Vec<&str> = glob.split('/').collect();
    let dirs = parts.len().saturating_sub(1);
    parts[..dirs]
        .iter()
        .take_while(|part| !part.contains(['*', '?', '[', '{']))
        .collect()
}

impl Config {
    /// The settings that apply to `path`, as `waflow.toml` text (`--show-settings`): where they
    /// come from, then every table with its effective values; `fail_on` and `max_findings` (a
    /// `--max-findings` value, 0 for no cap) are the ones the run uses when given.
    pub fn describe(
        &self,
        path: &Path,
        fail_on: FailOnSetting,
        max_findings: Option<usize>,
    ) -> String {
        let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
        let list = |items: &[String]| {
            let items: Vec<String> = items.iter().map(|i| quote(i)).collect();
            format!("[{}]", items.join(", "))
        };
        let level = |level: Level| match level {
            Level::Error => "\"error\"",
            Level::Warning => "\"warning\"",
            Level::Info => "\"info\"",
            Level::Off => "\"off\"",
        };
        let mut out = format!("# Settings for {}\n", path.display());
        match &self.path {
            Some(_) => out.push_str(&format!("# from {}\n", self.label.display())),
            None => out.push_str("# no waflow.toml applies: the defaults\n"),
        }
        out.push_str("\n[files]\n");
        match &self.globs.0 {
            Some(include) => out.push_str(&format!("include = {}\n", list(include))),
            None => out.push_str(
                "# include: not set (every .json file with a top-level \"screens\" key)\n",
            ),
        }
        out.push_str(&format!("exclude = {}\n", list(&self.globs.1)));
        let fail_on = match fail_on {
            FailOnSetting::Error => "\"error\"",
            FailOnSetting::Warning => "\"warning\"",
        };
        let max_findings = max_findings.unwrap_or(self.options.max_findings.unwrap_or(0));
        out.push_str(&format!(
            "\n[check]\nfail_on = {fail_on}\nmax_findings = {max_findings}\n"
        ));
        let frozen = self.options.levels.get("version/not-publishable");
        out.push_str(&format!(
            "\n[version]\nnon_publishable = {}\n",
            level(frozen.copied().unwrap_or(Level::Warning))
        ));
        out.push_str("\n[rules]\n");
        let mut levels: Vec<(&String, &Level)> = self
            .options
            .levels
            .iter()
            .filter(|(rule, _)| rule.as_str() != "version/not-publishable")
            .collect();
        levels.sort_by_key(|(rule, _)| *rule);
        for (rule, setting) in levels {
            out.push_str(&format!("{} = {}\n", quote(rule), level(*setting)));
        }
        for ignore in &self.ignores {
            out.push_str(&format!(
                "\n[[ignore]]\nfiles = {}\npointer = {}\nrules = {}\nreason = {}\n",
                quote(&ignore.files),
                quote(&ignore.pointer),
                list(&ignore.rules),
                quote(&ignore.reason)
            ));
        }
        out.push_str("\n[watch]\n");
        match self.debounce {
            Some(debounce) => out.push_str(&format!("debounce_ms = {}\n", debounce.as_millis())),
            None => out.push_str("# debounce_ms: not set (watch's --debounce, default 50)\n"),
        }
        out
    }
}

/// The cap on findings per file for a `max_findings` setting, where 0 means no cap.
fn cap(max_findings: usize) -> Option<usize> {
    (max_findings > 0).then_some(max_findings)
}

/// A rule id as written (`routing/backward-route`), or a Meta code in upper case (codes are
/// matched without regard to case, as `waflow explain` does).
fn rule_key(key: &str) -> String {
    if key.contains('/') {
        key.to_owned()
    } else {
        key.to_ascii_uppercase()
    }
}

fn build(set: GlobSetBuilder) -> Result<GlobSet, ConfigError> {
    set.build().map_err(|e| ConfigError::Invalid {
        path: PathBuf::from(FILE_NAME),
        line: 1,
        column: 1,
        message: e.to_string(),
    })
}

/// The absolute form of a path, without resolving symbolic links.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
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

/// The configurations of a run: one `--config` file for everything, or the closest
/// `waflow.toml` of each file, loaded once per directory.
pub struct Configs {
    fixed: Option<Arc<Config>>,
    defaults: Arc<Config>,
    by_dir: Mutex<HashMap<PathBuf, Arc<Config>>>,
    loaded: Mutex<Vec<Arc<Config>>>,
    /// The directories searched so far (absolute), for the unused-ignore warnings.
    searched: Mutex<Vec<PathBuf>>,
}

impl fmt::Debug for Configs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Configs")
            .field("fixed", &self.fixed.as_ref().map(|c| &c.path))
            .finish_non_exhaustive()
    }
}

impl Configs {
    /// Configurations for a run: `--config PATH` when given, else discovery per file.
    pub fn new(config: Option<&Path>) -> Result<Configs, ConfigError> {
        let cwd = absolute(Path::new("."));
        let fixed = match config {
            // Not named: a value given to --config by mistake may be the API key.
            Some(path) if !path.exists() => {
                return Err(ConfigError::Read {
                    path: PathBuf::from("--config"),
                    source: io::Error::new(
                        io::ErrorKind::NotFound,
                        "the file given does not exist (its name is not repeated here in case it is a secret)",
                    ),
                });
            }
            Some(path) => Some(Arc::new(Config::load(path)?)),
            None => None,
        };
        let loaded = fixed.iter().cloned().collect();
        Ok(Configs {
            fixed,
            defaults: Arc::new(Config::defaults(cwd)),
            by_dir: Mutex::new(HashMap::new()),
            loaded: Mutex::new(loaded),
            searched: Mutex::new(Vec::new()),
        })
    }

    /// The configuration of a file or directory: `--config`, else the closest `waflow.toml`
    /// at or above it, else the defaults.
    pub fn for_path(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let abs = absolute(path);
        let start = if abs.is_dir() {
            abs.as_path()
        } else {
            abs.parent().unwrap_or(&abs)
        };
        self.for_dir(start)
    }

    fn for_dir(&self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(found) = self
            .by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(dir)
        {
            return Ok(found.clone());
        }
        let candidate = dir.join(FILE_NAME);
        let config = if candidate.is_file() {
            let config = Arc::new(Config::load(&candidate)?);
            self.loaded
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(config.clone());
            config
        } else {
            match dir.parent() {
                Some(parent) => self.for_dir(parent)?,
                None => self.defaults.clone(),
            }
        };
        self.by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(dir.to_path_buf(), config.clone());
        Ok(config)
    }

    /// The configuration files read so far.
    pub fn loaded(&self) -> Vec<Arc<Config>> {
        self.loaded
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The configuration that decides run-wide settings (`fail_on`, `debounce_ms`): `--config`,
    /// else the closest to the first path.
    pub fn primary(&self, paths: &[PathBuf]) -> Result<Arc<Config>, ConfigError> {
        match paths.first() {
            Some(first) => self.for_path(first),
            None => self.for_path(Path::new(".")),
        }
    }

    /// Warnings collected while loading and checking (unknown rules, unused ignores).
    pub fn warnings(&self) -> Vec<String> {
        let searched = self
            .searched
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        self.loaded()
            .iter()
            .flat_map(|c| {
                c.warnings
                    .iter()
                    .cloned()
                    .chain(c.unused_ignores(&searched))
            })
            .collect()
    }

    /// Whether a file found in a watched directory is one to check, by the configuration alone
    /// (the file is not read): `None` when it is left out, `Some(sniff)` when it is taken,
    /// `sniff` telling whether its content must still pass the flow test. A configuration error
    /// counts as "left out".
    pub fn takes(&self, file: &Path) -> Option<bool> {
        discover::taken(&ConfigFilter::new(self), file)
    }

    /// How standard input named `file` (`--stdin-filename`) is taken with `--force-exclude`,
    /// as [`Configs::takes`] without asking the file system.
    pub fn takes_stdin(&self, file: &Path) -> Result<Option<bool>, ConfigError> {
        let filter = ConfigFilter::new(self);
        let taken = discover::taken_as(&filter, file);
        filter.finish().map(|()| taken)
    }

    /// Searches `paths` for the files to check ([`discover::search`]), honouring each
    /// directory's excludes. With `force_exclude`, files named explicitly are filtered the same
    /// way (for pre-commit, which passes every staged JSON file). Paths that cannot be read are
    /// entries of the result; a configuration that cannot be used stops the search.
    pub fn search(
        &self,
        paths: &[PathBuf],
        force_exclude: bool,
    ) -> Result<Vec<discover::Found>, ConfigError> {
        let filter = ConfigFilter::new(self);
        let found = discover::search(paths, force_exclude, &filter);
        self.searched
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(paths.iter().filter(|p| p.is_dir()).map(|p| absolute(p)));
        filter.finish().map(|()| found)
    }

    /// [`Configs::search`] that stops at the first path that cannot be read.
    pub fn flow_files(
        &self,
        paths: &[PathBuf],
        force_exclude: bool,
    ) -> Result<Vec<discover::Candidate>, discover::DiscoverError> {
        let found = self
            .search(paths, force_exclude)
            .map_err(|e| discover::DiscoverError::Config(Box::new(e)))?;
        let files: Result<Vec<_>, discover::PathError> = found.into_iter().collect();
        Ok(files?)
    }
}

struct ConfigFilter<'a> {
    configs: &'a Configs,
    error: Mutex<Option<ConfigError>>,
}

impl<'a> ConfigFilter<'a> {
    fn new(configs: &'a Configs) -> ConfigFilter<'a> {
        ConfigFilter {
            configs,
            error: Mutex::new(None),
        }
    }

    /// The first configuration error met, if any.
    fn finish(self) -> Result<(), ConfigError> {
        match self
            .error
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
        {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn config(&self, path: &Path) -> Option<Arc<Config>> {
        match self.configs.for_path(path) {
            Ok(c) => Some(c),
            Err(e) => {
                self.error
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get_or_insert(e);
                None
            }
        }
    }
}

impl discover::Filter for ConfigFilter<'_> {
    fn skip_dir(&self, dir: &Path) -> bool {
        self.config(dir).is_none_or(|c| c.skips_dir(dir))
    }

    fn select(&self, file: &Path) -> Selection {
        self.config(file)
            .map_or(Selection::Skip, |c| c.select(file))
    }
}

/// The commented `waflow.toml` written by `waflow init`.
pub const INIT_TEMPLATE: &str = r#"# waflow configuration. The closest waflow.toml above a flow file applies to it;
# `waflow check --config PATH` picks one explicitly. Globs are relative to this file.

[files]
# Which files a directory search checks. Without `include`, every .json file that looks like
# a flow (it has a "screens" key) is checked.
# include = ["flows/**/*.json"]
exclude = ["node_modules/**", "target/**"]

[check]
# Lowest severity that makes `waflow check` exit 1: "error" or "warning".
# The --fail-on flag wins over this setting.
fail_on = "error"

[version]
# Flow JSON versions Meta no longer lets you create or publish (e.g. 2.1 .. 5.0):
# "error", "warning" (default), "info" or "off".
non_publishable = "warning"

[rules]
# Per-rule level, keyed by waflow rule id or by Meta error code: "error", "warning", "info",
# "off". A rule id wins over a code. `waflow rules` lists them.
# "routing/backward-route" = "error"
# INVALID_FLOW_JSON_VERSION_STATE = "off"

# Accept one finding where it is. Each ignore needs a reason; an ignore that no longer matches
# anything is reported so it can be removed.
# [[ignore]]
# files = "flows/legacy/*.json"
# pointer = "/screens/0/layout/children/2"   # RFC 6901; "" or absent = whole file
# rules = ["schema/unknown-property"]        # ids or Meta codes; absent = every rule
# reason = "old clients still send this field until the 2027 migration"

[watch]
# Milliseconds of quiet after a save before `waflow watch` revalidates.
debounce_ms = 50
"#;

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("waflow.toml"), PathBuf::from("/p"))
    }

    #[test]
    fn literal_dir_stops_at_the_first_wildcard() {
        assert_eq!(literal_dir("flows/old/*.json"), Path::new("flows/old"));
        assert_eq!(literal_dir("flows/a.json"), Path::new("flows"));
        assert_eq!(literal_dir("flows/*/x/*.json"), Path::new("flows"));
        assert_eq!(literal_dir("**/*.json"), Path::new(""));
        assert_eq!(literal_dir("a.json"), Path::new(""));
    }

    #[test]
    fn init_template_parses() {
        let config = parse(INIT_TEMPLATE).expect("template parses");
        assert_eq!(config.fail_on, Some(FailOnSetting::Error));
        assert_eq!(
            config.options.levels.get("version/not-publishable"),
            Some(&Level::Warning)
        );
        assert_eq!(config.debounce, Some(Duration::from_millis(50)));
        assert!(config.skips_dir(Path::new("/p/node_modules")));
        assert!(!config.skips_dir(Path::new("/p/flows")));
    }

    #[test]
    fn unknown_key_is_an_error_with_line() {
        let err = parse("[check]\nfail_on = \"error\"\nfial_on = 1\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("waflow.toml:3:1: "), "{text}");
        assert!(text.contains("unknown field `fial_on`"), "{text}");
        let err = parse("[nope]\n").unwrap_err().to_string();
        assert!(err.contains("unknown field `nope`"), "{err}");
    }

    #[test]
    fn push_tables_are_accepted() {
        parse("[flows]\n\"a.json\" = { prod = \"123\" }\n[env.prod]\nwaba = \"1\"\n")
            .expect("push tables accepted");
    }

    #[test]
    fn bad_values_name_their_line() {
        let err = parse("[rules]\nX = \"fatal\"\n").unwrap_err().to_string();
        assert!(err.starts_with("waflow.toml:2:"), "{err}");
        let err = parse("[[ignore]]\nfiles = \"*.json\"\npointer = \"screens\"\nreason = \"r\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("waflow.toml:3:11:"), "{err}");
        let err = parse("[[ignore]]\nfiles = \"*.json\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing field `reason`"), "{err}");
        let err = parse("[files]\nexclude = [\"a[\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("waflow.toml:2:12: bad glob"), "{err}");
    }

    #[test]
    fn levels_from_version_policy_and_rules() {
        let c = parse(
            "[version]\nnon_publishable = \"error\"\n[rules]\nINVALID_ROUTING_MODEL = \"off\"\n",
        )
        .expect("parses");
        assert_eq!(
            c.options.levels.get("version/not-publishable"),
            Some(&Level::Error)
        );
        assert_eq!(
            c.options.levels.get("INVALID_ROUTING_MODEL"),
            Some(&Level::Off)
        );
        let c = parse("[rules]\ninvalid_routing_model = \"info\"\n").expect("parses");
        assert_eq!(
            c.options.levels.get("INVALID_ROUTING_MODEL"),
            Some(&Level::Info)
        );
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    #[test]
    fn selection_follows_include_and_exclude() {
        let c =
            parse("[files]\ninclude = [\"flows/**/*.json\"]\nexclude = [\"flows/drafts/**\"]\n")
                .expect("parses");
        assert_eq!(c.select(Path::new("/p/flows/a.json")), Selection::Take);
        assert_eq!(c.select(Path::new("/p/flows/x/b.json")), Selection::Take);
        assert_eq!(c.select(Path::new("/p/other.json")), Selection::Skip);
        assert_eq!(
            c.select(Path::new("/p/flows/drafts/c.json")),
            Selection::Skip
        );
        assert!(c.skips_dir(Path::new("/p/flows/drafts")));
    }
}
