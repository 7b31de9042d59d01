//! The tables of `waflow.toml` and their one parser.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;
use waflow_core::line_index::{LineIndex, Position};
use waflow_core::options::Profile;
use waflow_core::platform::FLOW_CATEGORIES;
use waflow_core::{CheckOptions, Finding, Level};

use crate::{FailOn, ProjectError, secret};

/// Which API the flows are managed through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// 360dialog's Partner API (`X-API-Key`).
    #[default]
    Partner,
    /// Meta's Graph API (`Authorization: Bearer`).
    Graph,
}

impl std::str::FromStr for Backend {
    type Err = ProjectError;

    fn from_str(s: &str) -> Result<Backend, ProjectError> {
        match s.trim() {
            "partner" => Ok(Backend::Partner),
            "graph" => Ok(Backend::Graph),
            _ => Err(ProjectError::UnknownBackend),
        }
    }
}

/// Per-flow settings from `[flows."path"]` (and `[env.<name>.flows."path"]` overrides).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowSettings {
    /// The flow's id.
    pub flow_id: Option<String>,
    /// The flow's name (used to find or create it when no id is given).
    pub name: Option<String>,
    /// Categories for a created flow (each one of Meta's flow categories).
    #[serde(default, deserialize_with = "known_categories")]
    pub categories: Option<Vec<String>>,
    /// Endpoint URL (flow JSON 3.0 and later).
    pub endpoint_uri: Option<String>,
    /// The endpoint's public key (PEM file, relative to `waflow.toml`): `waflow publish` runs
    /// the endpoint's health check with it first.
    pub endpoint_public_pem: Option<String>,
    /// Environment variable holding the app secret that health check signs with.
    pub endpoint_signature_env: Option<String>,
}

impl FlowSettings {
    /// `self` with every field `over` sets replaced.
    pub fn overridden_by(&self, over: &FlowSettings) -> FlowSettings {
        let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        FlowSettings {
            flow_id: pick(&over.flow_id, &self.flow_id),
            name: pick(&over.name, &self.name),
            categories: over.categories.clone().or_else(|| self.categories.clone()),
            endpoint_uri: pick(&over.endpoint_uri, &self.endpoint_uri),
            endpoint_public_pem: pick(&over.endpoint_public_pem, &self.endpoint_public_pem),
            endpoint_signature_env: pick(
                &over.endpoint_signature_env,
                &self.endpoint_signature_env,
            ),
        }
    }
}

/// A category name, refused unless it is one of Meta's flow categories. The check runs inside
/// the visitor, so toml attaches the span of the offending element to the error.
struct Category(String);

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Category, D::Error> {
        deserializer.deserialize_str(CategoryVisitor)
    }
}

/// Reads one [`Category`].
struct CategoryVisitor;

impl serde::de::Visitor<'_> for CategoryVisitor {
    type Value = Category;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a category (one of {})", FLOW_CATEGORIES.join(", "))
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Category, E> {
        if FLOW_CATEGORIES.contains(&name) {
            Ok(Category(name.to_owned()))
        } else {
            Err(E::custom(format!(
                "unknown category {name:?} (one of {})",
                FLOW_CATEGORIES.join(", ")
            )))
        }
    }
}

/// `categories = [...]`, each element checked by [`Category`].
fn known_categories<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    let list = Vec::<Category>::deserialize(deserializer)?;
    Ok(Some(list.into_iter().map(|c| c.0).collect()))
}

/// One `[env.<name>]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvSettings {
    /// Base URL for this environment.
    pub base_url: Option<String>,
    /// Partner id.
    pub partner_id: Option<String>,
    /// WABA account id.
    pub waba_account_id: Option<String>,
    /// Name of the environment variable holding this environment's API key (or, with the
    /// Graph backend, its token).
    pub api_key_env: Option<String>,
    /// The backend of this environment.
    pub backend: Option<Backend>,
    /// Meta's WABA id (Graph backend).
    pub waba_id: Option<String>,
    /// Graph API version (Graph backend).
    pub graph_version: Option<String>,
    /// Per-flow overrides.
    #[serde(default)]
    pub flows: BTreeMap<String, FlowSettings>,
}

/// The file as written, before the values are checked.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawFile {
    files: RawFiles,
    check: RawCheck,
    version: RawVersion,
    rules: BTreeMap<Spanned<String>, Level>,
    ignore: Vec<RawIgnore>,
    watch: RawWatch,
    flows: BTreeMap<String, FlowSettings>,
    env: BTreeMap<String, EnvSettings>,
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
    fail_on: Option<FailOn>,
    max_findings: Option<usize>,
    profile: Option<Profile>,
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

/// How the `[files]` globs take a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Check it.
    Take,
    /// Leave it out.
    Skip,
    /// Check it when it is a `.json` file that looks like a flow.
    Sniff,
}

/// `[files]`: which files a directory search checks. Paths given to its methods are relative
/// to the project's directory.
#[derive(Debug, Clone, Default)]
pub struct FileSelection {
    /// `include` as written; `None` when not set.
    pub include: Option<Vec<String>>,
    /// `exclude` as written.
    pub exclude: Vec<String>,
    include_set: Option<GlobSet>,
    exclude_set: GlobSet,
    /// `exclude`, plus `dir` for each `dir/**`, so that the directory itself is not searched.
    exclude_dirs: GlobSet,
}

impl FileSelection {
    /// Whether a directory (relative to the project's directory) is left out of searches.
    pub fn skips_dir(&self, rel: &Path) -> bool {
        !rel.as_os_str().is_empty() && self.exclude_dirs.is_match(rel)
    }

    /// How a file (relative to the project's directory) is selected: excluded, included by
    /// `include`, or left to the default test (a `.json` file that looks like a flow).
    pub fn select(&self, rel: &Path) -> Selection {
        if self.exclude_set.is_match(rel) {
            Selection::Skip
        } else {
            match &self.include_set {
                Some(set) if set.is_match(rel) => Selection::Take,
                Some(_) => Selection::Skip,
                None => Selection::Sniff,
            }
        }
    }
}

/// `[check]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckSettings {
    /// `fail_on`.
    pub fail_on: Option<FailOn>,
    /// `max_findings` (0: no cap).
    pub max_findings: Option<usize>,
    /// `profile`.
    pub profile: Option<Profile>,
}

/// One `[rules]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleLevel {
    /// The rule id or Meta code as written.
    pub key: String,
    /// Its level.
    pub level: Level,
    /// The line of the entry.
    pub line: usize,
}

/// One `[[ignore]]` entry: findings in files matching `files`, at or below `pointer`, of one of
/// `rules` (every rule when empty) are dropped.
#[derive(Debug, Clone)]
pub struct Ignore {
    /// The glob as written (relative to the project's directory).
    pub files: String,
    matcher: GlobMatcher,
    /// RFC 6901 pointer; `""` is the whole document.
    pub pointer: String,
    /// Rule ids, or Meta codes in upper case; empty means every rule.
    pub rules: Vec<String>,
    /// Why the finding is accepted.
    pub reason: String,
    /// Line of the entry in the file.
    pub line: usize,
}

impl Ignore {
    /// Whether the entry applies to a file (relative to the project's directory).
    pub fn applies_to(&self, rel: &Path) -> bool {
        self.matcher.is_match(rel)
    }

    /// Whether the entry drops `finding` (of a file it applies to).
    pub fn covers(&self, finding: &Finding) -> bool {
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

/// The whole of `waflow.toml`, checked.
#[derive(Debug, Clone, Default)]
pub struct ProjectFile {
    /// `[files]`.
    pub files: FileSelection,
    /// `[check]`.
    pub check: CheckSettings,
    /// `[version] non_publishable`.
    pub non_publishable: Option<Level>,
    /// `[rules]`, in key order.
    pub rules: Vec<RuleLevel>,
    /// `[[ignore]]`, in file order.
    pub ignores: Vec<Ignore>,
    /// `[watch] debounce_ms`.
    pub debounce: Option<Duration>,
    /// `[flows."path"]`, keyed by path relative to the file's directory.
    pub flows: BTreeMap<String, FlowSettings>,
    /// `[env.<name>]`.
    pub env: BTreeMap<String, EnvSettings>,
}

impl ProjectFile {
    /// The check options the file sets: profile, levels (`[version]` and `[rules]`) and the cap
    /// on findings.
    pub fn check_options(&self) -> CheckOptions {
        let mut options = CheckOptions::default();
        if let Some(profile) = self.check.profile {
            options.profile = profile;
        }
        if let Some(max) = self.check.max_findings {
            options.max_findings = cap(max);
        }
        if let Some(level) = self.non_publishable {
            options
                .levels
                .insert("version/not-publishable".to_owned(), level);
        }
        for rule in &self.rules {
            options.levels.insert(rule_key(&rule.key), rule.level);
        }
        options
    }
}

/// The cap on findings per file for a `max_findings` setting, where 0 means no cap.
pub fn cap(max_findings: usize) -> Option<usize> {
    (max_findings > 0).then_some(max_findings)
}

/// A rule id as written (`routing/backward-route`), or a code as the findings spell it (codes
/// are matched without regard to case, as `waflow explain` does): as a rule in the registry
/// spells it (WhatsApp's runtime codes of the `endpoint/…` rules are lower case), else in upper
/// case (Meta's codes, also those only Meta's server reports).
fn rule_key(key: &str) -> String {
    if key.contains('/') {
        return key.to_owned();
    }
    waflow_core::rules::registry()
        .iter()
        .map(|r| r.code)
        .find(|code| code.eq_ignore_ascii_case(key))
        .map_or_else(|| key.to_ascii_uppercase(), str::to_owned)
}

/// Parses and checks the text of a `waflow.toml`; `label` names the file in errors. Anything
/// named like a secret is refused first; every error names the line and column (in characters)
/// of the offending place.
pub fn parse(label: &Path, text: &str) -> Result<ProjectFile, ProjectError> {
    let index = LineIndex::new(text);
    let invalid = |span: Option<Range<usize>>, message: String| {
        let Position { line, column } = index.position(text, span.map_or(0, |s| s.start));
        ProjectError::Invalid {
            path: label.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let toml_error = |e: toml::de::Error| invalid(e.span(), e.message().trim_end().to_owned());
    let table = DeTable::parse(text).map_err(toml_error)?;
    if let Some(found) = secret::key_like_in(table.get_ref(), text, &index) {
        return Err(ProjectError::KeyInFile {
            path: label.to_path_buf(),
            line: found.line,
            column: found.column,
            at: found.at,
        });
    }
    let raw = RawFile::deserialize(toml::de::Deserializer::from(table)).map_err(toml_error)?;
    let glob = |g: &Spanned<String>| {
        GlobBuilder::new(g.get_ref())
            .literal_separator(true)
            .build()
            .map_err(|e| invalid(Some(g.span()), format!("bad glob: {}", e.kind())))
    };
    let set = |globs: Vec<Glob>| {
        let mut set = GlobSetBuilder::new();
        for g in globs {
            set.add(g);
        }
        set.build().map_err(|e| invalid(None, e.to_string()))
    };
    let include_set = match &raw.files.include {
        None => None,
        Some(list) => Some(set(list.iter().map(glob).collect::<Result<_, _>>()?)?),
    };
    let mut exclude = Vec::new();
    let mut exclude_dirs = Vec::new();
    for g in &raw.files.exclude {
        exclude.push(glob(g)?);
        exclude_dirs.push(glob(g)?);
        if let Some(dir) = g.get_ref().strip_suffix("/**") {
            exclude_dirs.push(glob(&Spanned::new(g.span(), dir.to_owned()))?);
        }
    }
    let mut ignores = Vec::new();
    for entry in raw.ignore {
        let pointer = entry
            .pointer
            .as_ref()
            .map_or(String::new(), |p| p.get_ref().clone());
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(invalid(
                entry.pointer.as_ref().map(Spanned::span),
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
    let rules = raw
        .rules
        .into_iter()
        .map(|(key, level)| RuleLevel {
            line: index.position(text, key.span().start).line,
            key: key.into_inner(),
            level,
        })
        .collect();
    let written = |list: Vec<Spanned<String>>| list.into_iter().map(Spanned::into_inner).collect();
    Ok(ProjectFile {
        files: FileSelection {
            include_set,
            exclude_set: set(exclude)?,
            exclude_dirs: set(exclude_dirs)?,
            include: raw.files.include.map(written),
            exclude: written(raw.files.exclude),
        },
        check: CheckSettings {
            fail_on: raw.check.fail_on,
            max_findings: raw.check.max_findings,
            profile: raw.check.profile,
        },
        non_publishable: raw.version.non_publishable,
        rules,
        ignores,
        debounce,
        flows: raw.flows,
        env: raw.env,
    })
}
