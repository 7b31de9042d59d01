//! Project configuration: `waflow.toml`, as the checks of one run use it.
//!
//! A file's configuration is the `waflow.toml` closest to it (searching its directory, then each
//! parent: [`waflow_project::closest`], the rule of every command); `--config PATH` replaces the
//! search for every file. There is no merging between files. Globs are relative to the directory
//! of the `waflow.toml` that holds them.
//!
//! The file is parsed by `waflow-project` (one parser, one error type for every command); this
//! module adds what a run does with it: the check with levels and ignores, the tally of which
//! ignores were used (kept beside the parsed file, which stays a plain value), the search filter
//! and `--show-settings`.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use waflow_core::document::{self, Document};
use waflow_core::options::Profile;
use waflow_core::rules::Layer;
use waflow_core::{CheckOptions, FileReport, Finding, Level, check};
use waflow_project::{Project, ProjectFile, Selection};

use crate::discover;

pub use waflow_project::paths::absolute;
pub use waflow_project::{FILE_NAME, FailOn, ProjectError as ConfigError};

/// Whether an `[[ignore]]` entry's `rules` name only rules of `waflow endpoint check`, whose
/// findings the other commands never see (so they cannot tell whether the entry is still used).
fn only_endpoint_rules(rules: &[String]) -> bool {
    !rules.is_empty()
        && rules.iter().all(|key| {
            let found = waflow_core::rules::lookup(key);
            !found.is_empty() && found.iter().all(|r| r.layer == Layer::Endpoint)
        })
}

/// One `waflow.toml` (or the defaults) as a run uses it: the parsed file, the check options it
/// sets, and this run's tally of its `[[ignore]]` entries.
#[derive(Debug)]
pub struct Config {
    /// The file it was read from; `None` for the defaults.
    pub path: Option<PathBuf>,
    /// The file as messages name it (relative to the working directory when it can be).
    label: PathBuf,
    /// The directory globs are relative to (absolute).
    pub root: PathBuf,
    /// The parsed file.
    file: ProjectFile,
    /// Rule levels, profile and cap (from `[check]`, `[version]` and `[rules]`).
    pub options: CheckOptions,
    /// `[watch] debounce_ms`.
    pub debounce: Option<Duration>,
    /// Problems worth telling that do not stop the run (e.g. an unknown rule id).
    pub warnings: Vec<String>,
    /// What this run's checks did with each ignore.
    usage: IgnoreUsage,
}

/// What the checks of one run did with the `[[ignore]]` entries of one file: per entry, the
/// files it applied to and the findings it dropped (for the unused-ignore warnings).
#[derive(Debug, Default)]
struct IgnoreUsage {
    files_seen: Vec<AtomicUsize>,
    suppressed: Vec<AtomicUsize>,
}

impl IgnoreUsage {
    fn new(entries: usize) -> IgnoreUsage {
        let zeros = || (0..entries).map(|_| AtomicUsize::new(0)).collect();
        IgnoreUsage {
            files_seen: zeros(),
            suppressed: zeros(),
        }
    }

    fn count(counters: &[AtomicUsize], entry: usize) {
        if let Some(counter) = counters.get(entry) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn get(counters: &[AtomicUsize], entry: usize) -> usize {
        counters.get(entry).map_or(0, |c| c.load(Ordering::Relaxed))
    }
}

impl Config {
    /// The defaults, with globs relative to `root`.
    pub fn defaults(root: PathBuf) -> Config {
        Config {
            path: None,
            label: PathBuf::from(FILE_NAME),
            root,
            file: ProjectFile::default(),
            options: CheckOptions::default(),
            debounce: None,
            warnings: Vec::new(),
            usage: IgnoreUsage::default(),
        }
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Ok(Config::from_project(Project::load(path)?))
    }

    /// The configuration of a parsed project file, with a fresh tally.
    pub fn from_project(project: Project) -> Config {
        let file = project.file;
        let warnings = file
            .rules
            .iter()
            .filter_map(|rule| {
                let found = waflow_core::rules::lookup(&rule.key);
                let at = format!("{}:{}", project.label.display(), rule.line);
                if !found.is_empty() {
                    return None;
                }
                let guess = crate::cmd::rules::did_you_mean(&rule.key)
                    .map_or(String::new(), |g| format!("; did you mean `{g}`?"));
                Some(format!(
                    "{at}: no rule has the id or Meta code \"{}\"{guess} (see `waflow rules`)",
                    rule.key
                ))
            })
            .collect();
        Config {
            path: Some(project.path),
            label: project.label,
            root: project.root,
            options: file.check_options(),
            debounce: file.debounce,
            warnings,
            usage: IgnoreUsage::new(file.ignores.len()),
            file,
        }
    }

    /// `self` with `profile` in place of the configured one, when given.
    fn with_profile(mut self, profile: Option<Profile>) -> Config {
        if let Some(profile) = profile {
            self.options.profile = profile;
        }
        self
    }

    /// The level that fails a file checked with this configuration: `given` (`--fail-on`),
    /// else `[check] fail_on`, else `error`. The one decision of `waflow check` and `push`.
    pub fn fail_on(&self, given: Option<FailOn>) -> FailOn {
        FailOn::decide(given, self.file.check.fail_on)
    }

    /// `path` relative to the configuration's directory, for glob matching (its absolute path
    /// when it lies outside).
    fn relative(&self, path: &Path) -> PathBuf {
        self.relative_absolute(&absolute(path)).to_path_buf()
    }

    /// [`Config::relative`] of a path already made [`absolute`].
    fn relative_absolute<'a>(&self, abs: &'a Path) -> &'a Path {
        waflow_project::paths::within(&self.root, abs)
    }

    /// Whether a directory is excluded from searches.
    pub fn skips_dir(&self, dir: &Path) -> bool {
        self.skips_absolute_dir(&absolute(dir))
    }

    /// [`Config::skips_dir`] of a directory already made [`absolute`].
    fn skips_absolute_dir(&self, abs: &Path) -> bool {
        self.file.files.skips_dir(self.relative_absolute(abs))
    }

    /// How a file is selected: excluded, included by `include`, or left to the default test
    /// (a `.json` file that looks like a flow).
    pub fn select(&self, file: &Path) -> Selection {
        self.select_absolute(&absolute(file))
    }

    /// [`Config::select`] of a file already made [`absolute`].
    fn select_absolute(&self, abs: &Path) -> Selection {
        self.file.files.select(self.relative_absolute(abs))
    }

    /// Checks one file's bytes with this configuration: levels, ignores, the cap on findings.
    /// `file` is the path on disk (for the ignore globs), `label` the path shown in reports.
    pub fn check(&self, label: &str, file: &Path, bytes: &[u8]) -> FileReport {
        self.check_capped(label, file, bytes, None)
    }

    /// [`Config::check`] with `max_findings` (as `--max-findings` gives it: 0 for no cap) in
    /// place of the configuration's, when given. The file's parsed tree lives only while the
    /// file is checked ([`document::with_loaded`]).
    pub fn check_capped(
        &self,
        label: &str,
        file: &Path,
        bytes: &[u8],
        max_findings: Option<usize>,
    ) -> FileReport {
        let check = |doc: &Document, findings| match max_findings {
            None => self.check_loaded(label, file, doc, findings),
            Some(max) => {
                let options = CheckOptions {
                    max_findings: waflow_project::cap(max),
                    ..self.options.clone()
                };
                self.check_with(label, file, doc, findings, &options)
            }
        };
        document::with_loaded(bytes, check)
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
        // Ignored findings are dropped before the cap on findings counts them.
        let keep = self.ignores_of(file);
        check::check_filtered(label, doc, load_findings, options, &keep)
    }

    /// The findings of `file` that another command reports (`waflow endpoint check`), with
    /// this configuration's levels and ignores applied as `check` applies them to its own.
    pub fn configure(&self, file: &Path, findings: Vec<Finding>) -> Vec<Finding> {
        let keep = self.ignores_of(file);
        findings
            .into_iter()
            .filter(|f| keep(f))
            .filter_map(|f| self.options.apply(f))
            .collect()
    }

    /// Whether a finding of `file` survives the `[[ignore]]` entries that apply to it; counts
    /// the file and the dropped findings in this run's tally. It may be asked twice about a
    /// finding: `suppressed` only tells whether an ignore dropped any.
    fn ignores_of(&self, file: &Path) -> impl Fn(&Finding) -> bool + '_ {
        let ignores = &self.file.ignores;
        let applicable: Vec<usize> = if ignores.is_empty() {
            Vec::new()
        } else {
            let rel = self.relative(file);
            (0..ignores.len())
                .filter(|&i| ignores[i].applies_to(&rel))
                .collect()
        };
        for &entry in &applicable {
            IgnoreUsage::count(&self.usage.files_seen, entry);
        }
        move |f: &Finding| match applicable.iter().find(|&&i| ignores[i].covers(f)) {
            Some(&entry) => {
                IgnoreUsage::count(&self.usage.suppressed, entry);
                false
            }
            None => true,
        }
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
        self.file
            .ignores
            .iter()
            .enumerate()
            .filter_map(|(entry, i)| {
                let what = format!(
                    "{path}:{}: this ignore (files = \"{}\", pointer = \"{}\", reason: {})",
                    i.line, i.files, i.pointer, i.reason
                );
                if IgnoreUsage::get(&self.usage.files_seen, entry) == 0 {
                    covered(&i.files).then(|| {
                        format!("{what} matched no file checked; check the files glob (relative to {path})")
                    })
                } else if IgnoreUsage::get(&self.usage.suppressed, entry) == 0
                    && !only_endpoint_rules(&i.rules)
                {
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
    pub fn describe(&self, path: &Path, fail_on: FailOn, max_findings: Option<usize>) -> String {
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
        match &self.file.files.include {
            Some(include) => out.push_str(&format!("include = {}\n", list(include))),
            None => out.push_str(
                "# include: not set (every .json file with a top-level \"screens\" key)\n",
            ),
        }
        out.push_str(&format!("exclude = {}\n", list(&self.file.files.exclude)));
        let max_findings = max_findings.unwrap_or(self.options.max_findings.unwrap_or(0));
        out.push_str(&format!(
            "\n[check]\nfail_on = \"{}\"\nmax_findings = {max_findings}\nprofile = \"{}\"\n",
            fail_on.as_str(),
            self.options.profile.as_str()
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
        for ignore in &self.file.ignores {
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

/// The configurations of a run: one `--config` file for everything, or the closest
/// `waflow.toml` of each file, loaded once.
pub struct Configs {
    /// `--profile`, when given: it replaces the profile of every configuration.
    profile: Option<Profile>,
    fixed: Option<Arc<Config>>,
    defaults: Arc<Config>,
    /// The configuration of each directory asked about (absolute).
    by_dir: Mutex<HashMap<PathBuf, Arc<Config>>>,
    /// The configuration files read so far, in the order they were read.
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

/// `lock()` on a mutex that a panicking thread may have left poisoned (the data stays usable).
pub(crate) fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Configs {
    /// Configurations for a run: `--config PATH` when given, else discovery per file; `profile`
    /// (`--profile`), when given, replaces the profile of every configuration of the run (as
    /// `--max-findings` replaces the cap).
    pub fn with_profile(
        config: Option<&Path>,
        profile: Option<Profile>,
    ) -> Result<Configs, ConfigError> {
        let load = |path: &Path| Config::load(path).map(|c| c.with_profile(profile));
        let fixed = config.map(load).transpose()?.map(Arc::new);
        let loaded = fixed.iter().cloned().collect();
        let defaults = Config::defaults(absolute(Path::new("."))).with_profile(profile);
        Ok(Configs {
            profile,
            fixed,
            defaults: Arc::new(defaults),
            by_dir: Mutex::new(HashMap::new()),
            loaded: Mutex::new(loaded),
            searched: Mutex::new(Vec::new()),
        })
    }

    /// Configurations for a run whose project file the command has already loaded (`push`,
    /// `publish`: [`waflow_project::Project::near`] or `--config`): `project` applies to every
    /// file, the defaults when there is none. Nothing is read again.
    pub fn of_project(project: Option<Project>, profile: Option<Profile>) -> Configs {
        let config = match project {
            Some(project) => Config::from_project(project),
            None => Config::defaults(absolute(Path::new("."))),
        };
        let fixed = Arc::new(config.with_profile(profile));
        let loaded = fixed.path.is_some().then(|| fixed.clone());
        Configs {
            profile,
            defaults: fixed.clone(),
            fixed: Some(fixed),
            by_dir: Mutex::new(HashMap::new()),
            loaded: Mutex::new(loaded.into_iter().collect()),
            searched: Mutex::new(Vec::new()),
        }
    }

    /// The configuration of a file or directory: `--config`, else the closest `waflow.toml`
    /// at or above it ([`waflow_project::closest`]), else the defaults.
    pub fn for_path(&self, path: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let abs = absolute(path);
        if abs.is_dir() {
            self.for_dir(&abs)
        } else {
            self.for_file_absolute(&abs)
        }
    }

    /// [`Configs::for_path`] of a file (or of what standard input stands for): the
    /// configuration of its directory, without asking the file system what `file` is.
    pub fn for_file(&self, file: &Path) -> Result<Arc<Config>, ConfigError> {
        self.for_file_absolute(&absolute(file))
    }

    /// [`Configs::for_file`] of a file already made [`absolute`].
    fn for_file_absolute(&self, abs: &Path) -> Result<Arc<Config>, ConfigError> {
        self.for_dir(abs.parent().unwrap_or(abs))
    }

    /// The configuration of a directory (absolute): `--config`, else the closest `waflow.toml`
    /// at or above it, else the defaults, each file read once.
    fn for_dir(&self, dir: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        if let Some(found) = locked(&self.by_dir).get(dir) {
            return Ok(found.clone());
        }
        let config = match waflow_project::closest(dir) {
            None => self.defaults.clone(),
            Some(file) => {
                let known = locked(&self.loaded)
                    .iter()
                    .find(|c| c.path.as_deref() == Some(file.as_path()))
                    .cloned();
                match known {
                    Some(config) => config,
                    None => {
                        let config = Arc::new(Config::load(&file)?.with_profile(self.profile));
                        locked(&self.loaded).push(config.clone());
                        config
                    }
                }
            }
        };
        locked(&self.by_dir).insert(dir.to_path_buf(), config.clone());
        Ok(config)
    }

    /// The configuration files read so far.
    pub fn loaded(&self) -> Vec<Arc<Config>> {
        locked(&self.loaded).clone()
    }

    /// The configuration that decides run-wide settings (`debounce_ms`, `--show-settings`):
    /// `--config`, else the closest to the first path.
    pub fn primary(&self, paths: &[PathBuf]) -> Result<Arc<Config>, ConfigError> {
        match paths.first() {
            Some(first) => self.for_path(first),
            None => self.for_path(Path::new(".")),
        }
    }

    /// Warnings collected while loading and checking (unknown rules, unused ignores).
    pub fn warnings(&self) -> Vec<String> {
        let searched = locked(&self.searched).clone();
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
        discover::taken(self, file).ok().flatten()
    }

    /// How standard input named `file` (`--stdin-filename`) is taken with `--force-exclude`,
    /// as [`Configs::takes`] without asking the file system.
    pub fn takes_stdin(&self, file: &Path) -> Result<Option<bool>, ConfigError> {
        discover::taken_as(self, file)
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
        let found = discover::search(paths, force_exclude, self)?;
        locked(&self.searched).extend(paths.iter().filter(|p| p.is_dir()).map(|p| absolute(p)));
        Ok(found)
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

/// A search asks each directory's and file's configuration; the first one that cannot be used
/// stops it.
impl discover::Filter for Configs {
    type Error = ConfigError;

    fn skip_dir(&self, dir: &Path) -> Result<bool, ConfigError> {
        let abs = absolute(dir);
        Ok(self.for_dir(&abs)?.skips_absolute_dir(&abs))
    }

    /// The file's own directory decides, whatever `file` is (a link to a directory included).
    fn select(&self, file: &Path) -> Result<Selection, ConfigError> {
        let abs = absolute(file);
        Ok(self.for_file_absolute(&abs)?.select_absolute(&abs))
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
# Whose verdict the default severities follow where Meta's sources disagree: "server" (what
# Meta's server most likely does) or "builder" (every constraint of Meta's Flow Builder is an
# error; see docs/evidence.md). The --profile flag wins over this setting.
profile = "server"

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
        Project::parse(text, Path::new("waflow.toml"), PathBuf::from("/p"))
            .map(Config::from_project)
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
        assert_eq!(config.fail_on(None), FailOn::Error);
        assert_eq!(
            config.options.levels.get("version/not-publishable"),
            Some(&Level::Warning)
        );
        assert_eq!(config.debounce, Some(Duration::from_millis(50)));
        assert!(config.skips_dir(Path::new("/p/node_modules")));
        assert!(!config.skips_dir(Path::new("/p/flows")));
    }

    #[test]
    fn fail_on_is_the_flag_else_the_file_else_error() {
        let warning = parse("[check]\nfail_on = \"warning\"\n").expect("parses");
        assert_eq!(warning.fail_on(None), FailOn::Warning);
        assert_eq!(warning.fail_on(Some(FailOn::Error)), FailOn::Error);
        let defaults = Config::defaults(PathBuf::from("/p"));
        assert_eq!(defaults.fail_on(None), FailOn::Error);
        assert_eq!(defaults.fail_on(Some(FailOn::Warning)), FailOn::Warning);
    }

    #[test]
    fn unknown_rule_ids_are_warnings_with_their_line() {
        let c = parse("[check]\n[rules]\nINVALID_ROUTING_MODEL = \"off\"\n\"routing/backward-rout\" = \"info\"\n")
            .expect("parses");
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(
            c.warnings[0].starts_with("waflow.toml:4: no rule has the id or Meta code \"routing/backward-rout\"; did you mean `routing/backward-route`?"),
            "{:?}",
            c.warnings
        );
    }

    #[test]
    fn rules_and_ignores_apply_to_the_findings_of_endpoint_check() {
        use waflow_core::Severity;
        use waflow_core::rules::endpoint_check::{DATA_MISSING, DATA_UNDECLARED, SLOW, TIMEOUT};
        // WhatsApp's runtime codes are lower case; a code matches in any case.
        let c = parse(concat!(
            "[rules]\n\"endpoint/slow\" = \"off\"\n\"WAFLOW_ENDPOINT_UNDECLARED_FIELD\" = \"error\"\n",
            "\"PAYLOAD-SCHEMA-ERROR\" = \"info\"\n",
            "[[ignore]]\nfiles = \"flow.json\"\npointer = \"/screens/1\"\nreason = \"a stub\"\n",
        ))
        .expect("parses");
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        let findings = vec![
            SLOW.finding("/screens/0", "slow"),
            DATA_UNDECLARED.finding("/screens/0/data", "undeclared"),
            TIMEOUT.finding("/screens/1/layout", "no reply"),
            TIMEOUT.finding("/screens/2", "no reply"),
            DATA_MISSING.finding("/screens/3/data/name", "missing"),
        ];
        let kept: Vec<(String, Severity)> = c
            .configure(Path::new("/p/flow.json"), findings)
            .into_iter()
            .map(|f| (f.pointer, f.severity))
            .collect();
        assert_eq!(
            kept,
            [
                ("/screens/0/data".to_owned(), Severity::Error),
                ("/screens/2".to_owned(), Severity::Error),
                ("/screens/3/data/name".to_owned(), Severity::Info),
            ]
        );
        assert!(c.unused_ignores(&[]).is_empty());
    }

    #[test]
    fn check_does_not_call_an_ignore_of_endpoint_findings_unused() {
        // `check` never sees the findings of `endpoint check`: an entry only for those is not
        // "matched no finding"; an entry a check finding could match still is.
        let c = parse(concat!(
            "[[ignore]]\nfiles = \"flow.json\"\nrules = [\"endpoint/data-type\", \"payload-schema-error\"]\n",
            "pointer = \"/screens/0\"\nreason = \"a stub endpoint\"\n",
            "[[ignore]]\nfiles = \"flow.json\"\nrules = [\"endpoint/slow\", \"schema/enum\"]\n",
            "pointer = \"/screens/0\"\nreason = \"mixed\"\n",
        ))
        .expect("parses");
        c.check("flow.json", Path::new("/p/flow.json"), b"{}");
        let unused = c.unused_ignores(&[]);
        assert_eq!(unused.len(), 1, "{unused:?}");
        assert!(
            unused[0].starts_with("waflow.toml:7: this ignore") && unused[0].contains("mixed"),
            "{unused:?}"
        );
    }

    #[test]
    fn selection_is_relative_to_the_files_directory() {
        let c =
            parse("[files]\ninclude = [\"flows/**/*.json\"]\nexclude = [\"flows/drafts/**\"]\n")
                .expect("parses");
        assert_eq!(c.select(Path::new("/p/flows/a.json")), Selection::Take);
        assert_eq!(c.select(Path::new("/p/other.json")), Selection::Skip);
        assert_eq!(c.select(Path::new("/q/flows/a.json")), Selection::Skip);
        assert_eq!(
            c.select(Path::new("/p/flows/drafts/c.json")),
            Selection::Skip
        );
        assert!(c.skips_dir(Path::new("/p/flows/drafts")));
    }

    #[test]
    fn the_tally_of_ignores_is_the_runs_not_the_files() {
        let text = "[[ignore]]\nfiles = \"*.json\"\nreason = \"r\"\n";
        let project =
            Project::parse(text, Path::new("waflow.toml"), PathBuf::from("/p")).expect("parses");
        let first = Config::from_project(project.clone());
        first.check("a.json", Path::new("/p/a.json"), b"{}");
        assert!(
            first.unused_ignores(&[]).is_empty(),
            "the ignore dropped a finding"
        );
        // The same parsed file in another run starts with nothing used.
        let second = Config::from_project(project);
        assert_eq!(second.unused_ignores(&[PathBuf::from("/p")]).len(), 1);
    }

    #[test]
    fn a_profile_given_to_the_run_replaces_the_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join(FILE_NAME),
            "[check]\nprofile = \"builder\"\n",
        )
        .expect("write");
        let flow = dir.path().join("a.json");
        let profile = |configs: Configs| configs.for_path(&flow).expect("loads").options.profile;
        assert_eq!(
            profile(Configs::with_profile(None, None).expect("run")),
            Profile::Builder
        );
        let given = Configs::with_profile(None, Some(Profile::Server)).expect("run");
        assert_eq!(profile(given), Profile::Server);
        let fixed = dir.path().join(FILE_NAME);
        let given = Configs::with_profile(Some(&fixed), Some(Profile::Server)).expect("run");
        assert_eq!(profile(given), Profile::Server);
    }
}
