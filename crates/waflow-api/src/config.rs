//! Where to connect and which flow a file is: environment variables, flags and `waflow.toml`.
//!
//! Precedence for the connection, highest first: command-line flags, the `[env.<name>]` table
//! selected with `--env` (or `WAFLOW_ENV`), the `WAFLOW_*` environment variables, the default
//! base URL. The API key is only ever read from an environment variable: `WAFLOW_API_KEY`, or
//! the variable named by `--api-key-env` or by `api_key_env` in the selected environment.
//!
//! `waflow.toml` tables read here (every other table belongs to other parts of waflow and is
//! ignored):
//!
//! ```toml
//! [flows."flows/signup.json"]
//! name = "Sign Up"
//! categories = ["SIGN_UP"]
//! endpoint_uri = "https://example.com/flow"
//!
//! [env.staging]
//! partner_id = "abcPA"
//! waba_account_id = "defWA"
//! api_key_env = "STAGING_360_KEY"
//!
//! [env.staging.flows."flows/signup.json"]
//! flow_id = "1234567890"
//! ```

use std::collections::BTreeMap;
use std::io;
use std::net::IpAddr;
use std::path::{Component, Path, PathBuf};

use reqwest::Url;
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use waflow_core::line_index::{LineIndex, Position};

use crate::secret::ApiKey;

/// The Partner API's address.
pub const DEFAULT_BASE_URL: &str = "https://hub.360dialog.io";
/// Environment variable holding the API key.
pub const ENV_API_KEY: &str = "WAFLOW_API_KEY";
/// Environment variable holding the partner id.
pub const ENV_PARTNER_ID: &str = "WAFLOW_PARTNER_ID";
/// Environment variable holding the WABA account id.
pub const ENV_WABA_ACCOUNT_ID: &str = "WAFLOW_WABA_ACCOUNT_ID";
/// Environment variable holding the base URL.
pub const ENV_BASE_URL: &str = "WAFLOW_BASE_URL";
/// Environment variable selecting an `[env.<name>]` table.
pub const ENV_ENV: &str = "WAFLOW_ENV";
/// The project file's name.
pub const PROJECT_FILE: &str = "waflow.toml";
/// Environment variable selecting the backend (`partner` or `graph`).
pub const ENV_BACKEND: &str = "WAFLOW_BACKEND";
/// Environment variable holding the Graph API token.
pub const ENV_GRAPH_TOKEN: &str = "WAFLOW_GRAPH_TOKEN";
/// Environment variable holding Meta's WABA id (Graph API).
pub const ENV_WABA_ID: &str = "WAFLOW_WABA_ID";
/// Environment variable holding the Graph API version.
pub const ENV_GRAPH_VERSION: &str = "WAFLOW_GRAPH_VERSION";

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
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Backend, ConfigError> {
        match s.trim() {
            "partner" => Ok(Backend::Partner),
            "graph" => Ok(Backend::Graph),
            _ => Err(ConfigError::UnknownBackend),
        }
    }
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A required setting is not set anywhere.
    #[error("no {what}: set {env}, pass {flag}, or add it to an [env.<name>] table of waflow.toml")]
    Missing {
        /// The setting.
        what: &'static str,
        /// Its environment variable.
        env: &'static str,
        /// Its flag.
        flag: &'static str,
    },
    /// The API key variable is unset or empty.
    #[error(
        "no API key: {var} is {} (the key is only read from the environment)",
        if *.empty { "empty" } else { "not set" }
    )]
    MissingKey {
        /// The variable that was read, described: named when it is the default, otherwise by
        /// where its name came from (a name given by mistake may be the key itself).
        var: String,
        /// Whether it is set but empty (or only whitespace).
        empty: bool,
    },
    /// The key holds a character an HTTP header cannot carry.
    #[error(
        "the API key or token holds a line break, a control character or a non-ASCII character, which cannot be sent in the X-API-Key header (or the Graph API's Authorization header); set the variable to the secret alone (printable ASCII)"
    )]
    UnsendableKey,
    /// The Graph API version is not `vNN.N`; it is not repeated (it may be a token pasted by
    /// mistake).
    #[error(
        "the Graph API version (--graph-version, {ENV_GRAPH_VERSION} or graph_version in waflow.toml) must look like v26.0; it is not repeated here in case it holds a secret"
    )]
    BadGraphVersion,
    /// The backend named is neither `partner` nor `graph`.
    #[error("unknown backend (--backend, {ENV_BACKEND}): expected \"partner\" or \"graph\"")]
    UnknownBackend,
    /// The name given for the key's variable is not a variable name (perhaps the key itself,
    /// which is therefore not repeated in the message).
    #[error(
        "the API key variable given with --api-key-env or api_key_env is not an environment variable name (upper-case letters, digits and _, not starting with a digit); it takes the NAME of the variable that holds the key, never the key itself"
    )]
    BadKeyVariable,
    /// The base URL cannot be used.
    #[error("base URL {url}: {reason}")]
    BaseUrl {
        /// The URL's origin (scheme, host and port): its path, query and credentials are not
        /// shown, in case a secret was pasted there.
        url: String,
        /// Why.
        reason: String,
    },
    /// The base URL does not parse; it is not repeated (it may be a key pasted by mistake).
    #[error(
        "the base URL (--base-url, {ENV_BASE_URL} or base_url in waflow.toml) is not a URL: {reason}; it is not repeated here in case it holds a secret"
    )]
    NotAUrl {
        /// Why.
        reason: String,
    },
    /// The HTTP client could not be built.
    #[error("cannot set up HTTP: {0}")]
    Http(String),
    /// The project file given with `--config` does not exist; its name is not repeated (it
    /// may be a key pasted by mistake).
    #[error(
        "the project file given with --config does not exist (its name is not repeated here in case it is a secret)"
    )]
    NoFile,
    /// The project file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// The project file is not valid.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem, in characters.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The project file holds something that looks like an API key.
    #[error("{path}:{line}:{column}: {}", key_in_file(at))]
    KeyInFile {
        /// The file.
        path: String,
        /// 1-based line of the key.
        line: usize,
        /// 1-based column of the key, in characters.
        column: usize,
        /// The dotted key.
        at: String,
    },
    /// `--env` names a table that does not exist.
    #[error("no [env.{name}] table in {path} (defined: {available})")]
    UnknownEnv {
        /// The name asked for.
        name: String,
        /// The file.
        path: String,
        /// The names defined.
        available: String,
    },
    /// `--env` was given but no project file was found.
    #[error("--env {name}: no waflow.toml found in this directory or above")]
    NoProject {
        /// The name asked for.
        name: String,
    },
}

/// Per-flow settings from `[flows."path"]` (and `[env.<name>.flows."path"]` overrides).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowSettings {
    /// The flow's id.
    pub flow_id: Option<String>,
    /// The flow's name (used to find or create it when no id is given).
    pub name: Option<String>,
    /// Categories for a created flow (each one of [`crate::model::CATEGORIES`]).
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

/// A category name, refused unless it is one of [`crate::model::CATEGORIES`]. The check runs
/// inside the visitor, so toml attaches the span of the offending element to the error.
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
        write!(
            f,
            "a category (one of {})",
            crate::model::CATEGORIES.join(", ")
        )
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Category, E> {
        if crate::model::CATEGORIES.contains(&name) {
            Ok(Category(name.to_owned()))
        } else {
            Err(E::custom(format!(
                "unknown category {name:?} (one of {})",
                crate::model::CATEGORIES.join(", ")
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

impl FlowSettings {
    /// `self` with every field `over` sets replaced.
    pub fn overridden_by(&self, over: &FlowSettings) -> FlowSettings {
        FlowSettings {
            flow_id: over.flow_id.clone().or_else(|| self.flow_id.clone()),
            name: over.name.clone().or_else(|| self.name.clone()),
            categories: over.categories.clone().or_else(|| self.categories.clone()),
            endpoint_uri: over
                .endpoint_uri
                .clone()
                .or_else(|| self.endpoint_uri.clone()),
            endpoint_public_pem: over
                .endpoint_public_pem
                .clone()
                .or_else(|| self.endpoint_public_pem.clone()),
            endpoint_signature_env: over
                .endpoint_signature_env
                .clone()
                .or_else(|| self.endpoint_signature_env.clone()),
        }
    }
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

/// The uploader's part of `waflow.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ProjectFile {
    /// `[flows."path"]`, keyed by path relative to the file's directory.
    #[serde(default)]
    pub flows: BTreeMap<String, FlowSettings>,
    /// `[env.<name>]`.
    #[serde(default)]
    pub env: BTreeMap<String, EnvSettings>,
}

/// A loaded `waflow.toml`.
#[derive(Debug, Clone)]
pub struct Project {
    /// The file.
    pub path: PathBuf,
    /// Its directory: flow paths are relative to it.
    pub root: PathBuf,
    /// The uploader's tables.
    pub file: ProjectFile,
}

impl Project {
    /// Finds `waflow.toml` in `start` or its ancestors and loads it.
    pub fn discover(start: &Path) -> Result<Option<Project>, ConfigError> {
        for dir in start.ancestors() {
            let candidate = dir.join(PROJECT_FILE);
            if candidate.is_file() {
                return Project::load(&candidate).map(Some);
            }
        }
        Ok(None)
    }

    /// Loads the file at `path`.
    pub fn load(path: &Path) -> Result<Project, ConfigError> {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| {
            if source.kind() == io::ErrorKind::NotFound {
                ConfigError::NoFile
            } else {
                ConfigError::Read {
                    path: label.clone(),
                    source,
                }
            }
        })?;
        let file = parse_project(&label, &text)?;
        let root = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Ok(Project {
            path: path.to_path_buf(),
            root,
            file,
        })
    }

    /// The `[env.<name>]` table.
    pub fn env(&self, name: &str) -> Result<&EnvSettings, ConfigError> {
        self.file
            .env
            .get(name)
            .ok_or_else(|| ConfigError::UnknownEnv {
                name: name.to_owned(),
                path: self.path.display().to_string(),
                available: if self.file.env.is_empty() {
                    "none".to_owned()
                } else {
                    self.file.env.keys().cloned().collect::<Vec<_>>().join(", ")
                },
            })
    }

    /// The settings of the flow file `file`: `[flows."…"]`, overridden by
    /// `[env.<env>.flows."…"]`. Paths are compared relative to the project's directory.
    pub fn flow_settings(&self, file: &Path, env: Option<&str>) -> FlowSettings {
        let wanted = self.relative(file);
        let find = |table: &BTreeMap<String, FlowSettings>| {
            table
                .iter()
                .find(|(k, _)| normalise(Path::new(k)) == wanted)
                .map(|(_, v)| v.clone())
        };
        let base = find(&self.file.flows).unwrap_or_default();
        match env
            .and_then(|e| self.file.env.get(e))
            .and_then(|e| find(&e.flows))
        {
            Some(over) => base.overridden_by(&over),
            None => base,
        }
    }

    /// The key of `file`'s table in this project: its path relative to the project's
    /// directory, with `/` separators.
    pub fn table_path(&self, file: &Path) -> String {
        let parts: Vec<String> = self
            .relative(file)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }

    fn relative(&self, file: &Path) -> PathBuf {
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let absolute = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        match absolute.strip_prefix(&root) {
            Ok(rel) => normalise(rel),
            Err(_) => normalise(file),
        }
    }
}

/// A path without `.` components, with `/` separators.
fn normalise(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// Parses the uploader's tables of `waflow.toml`, refusing anything that looks like a key.
/// Every error names the line and column (in characters) of the offending place.
pub fn parse_project(label: &str, text: &str) -> Result<ProjectFile, ConfigError> {
    let index = LineIndex::new(text);
    let at = |offset: usize| index.position(text, offset);
    let invalid = |e: toml::de::Error| {
        let Position { line, column } = at(e.span().map_or(0, |s| s.start));
        ConfigError::Invalid {
            path: label.to_owned(),
            line,
            column,
            message: e.message().trim_end().to_owned(),
        }
    };
    let table = DeTable::parse(text).map_err(invalid)?;
    if let Some(found) = key_like_in(table.get_ref(), text) {
        return Err(ConfigError::KeyInFile {
            path: label.to_owned(),
            line: found.line,
            column: found.column,
            at: found.at,
        });
    }
    // The other tables belong to the lint configuration: `ProjectFile` ignores them.
    ProjectFile::deserialize(toml::de::Deserializer::from(table)).map_err(invalid)
}

/// The header of the `waflow.toml` table of the flow file `path`, `[flows."path"]`, with the
/// path written as a TOML string (so that it can be pasted into the file as it is).
pub fn flows_table(path: &str) -> String {
    let mut quoted = String::with_capacity(path.len() + 2);
    for c in path.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    format!("[flows.\"{quoted}\"]")
}

/// `key` as written in a TOML dotted path: bare when it may be, quoted otherwise.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        key.to_owned()
    } else {
        format!("{key:?}")
    }
}

/// A setting of `waflow.toml` named like a secret (an API key, a token, a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLike {
    /// The dotted key, e.g. `env.prod.api-key`.
    pub at: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The first setting (in file order) of the TOML `text` whose name looks like a secret, at the
/// top level or anywhere under `[flows]` and `[env]`; `None` also when `text` is not TOML (its
/// parser reports that). For every loader of `waflow.toml`: a key must never sit in the file.
pub fn find_key_like_setting(text: &str) -> Option<KeyLike> {
    let table = DeTable::parse(text).ok()?;
    key_like_in(table.get_ref(), text)
}

impl KeyLike {
    /// What is wrong, without the location.
    pub fn message(&self) -> String {
        key_in_file(&self.at)
    }
}

/// The refusal of the setting `at`, named like a secret.
fn key_in_file(at: &str) -> String {
    format!(
        "`{at}` looks like an API key or another secret; waflow never reads the key from a file: set {ENV_API_KEY} (or name a variable with api_key_env) and remove it from the file"
    )
}

fn key_like_in(table: &DeTable<'_>, text: &str) -> Option<KeyLike> {
    let (at, offset) = find_key_like(table, "", TableKind::Top)?;
    let Position { line, column } = LineIndex::new(text).position(text, offset);
    Some(KeyLike { at, line, column })
}

/// Whether a setting named `name` would hold a secret, under any spelling: case, `-`, `_`,
/// `.` and spaces are ignored, so `api-key`, `API_KEY`, `apiKey` and `api key` are one name.
/// `api_key_env` (the NAME of the variable holding the key) is the one such setting allowed.
pub fn is_secret_name(name: &str) -> bool {
    let plain: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    const WORDS: [&str; 6] = [
        "apikey",
        "token",
        "secret",
        "password",
        "passwd",
        "credential",
    ];
    plain != "apikeyenv" && (plain.ends_with("key") || WORDS.iter().any(|w| plain.contains(w)))
}

/// Where a table sits, which decides whether its keys are setting names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TableKind {
    /// The whole file: its keys are table and setting names.
    Top,
    /// `[flows]`, `[env]` or `[env.X.flows]`: its keys are file paths or environment names
    /// (which may well contain "key" or "token"), each holding a table of settings.
    Names,
    /// A table of settings (`[flows."a.json"]`, `[env.X]`, or a table inside one).
    Settings,
}

/// The dotted path and byte offset of the first key (in file order) named like a secret, at
/// the top or anywhere under `flows` and `env`.
fn find_key_like(table: &DeTable<'_>, prefix: &str, kind: TableKind) -> Option<(String, usize)> {
    let mut first: Option<(String, usize)> = None;
    for (k, v) in table {
        let name = k.get_ref();
        let at = if prefix.is_empty() {
            toml_key(name)
        } else {
            format!("{prefix}.{}", toml_key(name))
        };
        let inner = match (kind, name.as_ref()) {
            (TableKind::Names, _) => Some(TableKind::Settings),
            (TableKind::Top, "flows" | "env") | (TableKind::Settings, "flows") => {
                Some(TableKind::Names)
            }
            (TableKind::Top, _) => None,
            (TableKind::Settings, _) => Some(TableKind::Settings),
        };
        let found = if kind != TableKind::Names && is_secret_name(name) {
            Some((at, k.span().start))
        } else if let (Some(inner), DeValue::Table(t)) = (inner, v.get_ref()) {
            find_key_like(t, &at, inner)
        } else {
            None
        };
        if let Some(found) = found
            && first.as_ref().is_none_or(|f| found.1 < f.1)
        {
            first = Some(found);
        }
    }
    first
}

/// Values given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--partner-id`.
    pub partner_id: Option<String>,
    /// `--waba-account-id`.
    pub waba_account_id: Option<String>,
    /// `--api-key-env`: the name of the variable holding the key.
    pub api_key_env: Option<String>,
    /// `--env` (or `WAFLOW_ENV`).
    pub env: Option<String>,
    /// `--backend`.
    pub backend: Option<Backend>,
    /// `--waba-id` (Graph backend).
    pub waba_id: Option<String>,
    /// `--graph-version` (Graph backend).
    pub graph_version: Option<String>,
}

/// The `[env.<name>]` table `overrides.env` selects (empty when none is).
fn selected_env(
    overrides: &Overrides,
    project: Option<&Project>,
) -> Result<EnvSettings, ConfigError> {
    match (&overrides.env, project) {
        (Some(name), Some(p)) => Ok(p.env(name)?.clone()),
        (Some(name), None) => Err(ConfigError::NoProject { name: name.clone() }),
        (None, _) => Ok(EnvSettings::default()),
    }
}

/// A setting from its flag, else the environment table, else its variable; trimmed.
fn pick(
    flag: &Option<String>,
    from_env: &Option<String>,
    var_name: &str,
    var: &impl Fn(&str) -> Option<String>,
) -> Option<String> {
    flag.clone()
        .or_else(|| from_env.clone())
        .or_else(|| var(var_name).filter(|v| !v.trim().is_empty()))
        .map(|s| s.trim().to_owned())
}

/// The secret, from the variable named by `--api-key-env`, else by `api_key_env` in the selected
/// environment, else `default_var`. A name given for the variable is never repeated: it may be
/// the secret itself.
fn resolve_secret(
    overrides: &Overrides,
    env: &EnvSettings,
    var: &impl Fn(&str) -> Option<String>,
    default_var: &str,
) -> Result<ApiKey, ConfigError> {
    let (key_var, described) = match (&overrides.api_key_env, &env.api_key_env) {
        (Some(name), _) => (
            name.clone(),
            "the environment variable named by --api-key-env".to_owned(),
        ),
        (None, Some(name)) => (
            name.clone(),
            format!(
                "the environment variable named by api_key_env in [env.{}]",
                overrides.env.as_deref().unwrap_or_default()
            ),
        ),
        (None, None) => (
            default_var.to_owned(),
            format!("the environment variable {default_var}"),
        ),
    };
    if !is_variable_name(&key_var) {
        return Err(ConfigError::BadKeyVariable);
    }
    let key = var(&key_var)
        .filter(|v| !v.trim().is_empty())
        .map(ApiKey::new)
        .ok_or_else(|| ConfigError::MissingKey {
            var: described,
            empty: var(&key_var).is_some(),
        })?;
    if !key.is_sendable() {
        return Err(ConfigError::UnsendableKey);
    }
    Ok(key)
}

/// The backend: `--backend`, else `backend` in the selected environment, else
/// `WAFLOW_BACKEND`, else the Partner API.
pub fn resolve_backend(
    overrides: &Overrides,
    project: Option<&Project>,
    var: impl Fn(&str) -> Option<String>,
) -> Result<Backend, ConfigError> {
    if let Some(b) = overrides.backend {
        return Ok(b);
    }
    if let Some(b) = selected_env(overrides, project)?.backend {
        return Ok(b);
    }
    match var(ENV_BACKEND).filter(|v| !v.trim().is_empty()) {
        Some(v) => v.parse(),
        None => Ok(Backend::Partner),
    }
}

impl crate::graph::GraphConnection {
    /// Resolves the Graph connection from flags, the selected environment table, environment
    /// variables (read through `var`) and defaults: the token from `WAFLOW_GRAPH_TOKEN` (or the
    /// variable `--api-key-env` / `api_key_env` names), the WABA id from `--waba-id` /
    /// `WAFLOW_WABA_ID`, the version from `--graph-version` / `WAFLOW_GRAPH_VERSION` (default
    /// [`crate::graph::DEFAULT_GRAPH_VERSION`]).
    pub fn resolve(
        overrides: &Overrides,
        project: Option<&Project>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<crate::graph::GraphConnection, ConfigError> {
        let env = selected_env(overrides, project)?;
        let base_url = pick(&overrides.base_url, &env.base_url, ENV_BASE_URL, &var)
            .unwrap_or_else(|| crate::graph::DEFAULT_GRAPH_BASE_URL.to_owned());
        let version = pick(
            &overrides.graph_version,
            &env.graph_version,
            ENV_GRAPH_VERSION,
            &var,
        )
        .unwrap_or_else(|| crate::graph::DEFAULT_GRAPH_VERSION.to_owned());
        if !crate::graph::is_graph_version(&version) {
            return Err(ConfigError::BadGraphVersion);
        }
        let waba_id = pick(&overrides.waba_id, &env.waba_id, ENV_WABA_ID, &var).ok_or(
            ConfigError::Missing {
                what: "WABA id",
                env: ENV_WABA_ID,
                flag: "--waba-id",
            },
        )?;
        let token = resolve_secret(overrides, &env, &var, ENV_GRAPH_TOKEN)?;
        checked_base_url(&base_url)?;
        Ok(crate::graph::GraphConnection {
            base_url,
            version,
            waba_id,
            token,
        })
    }
}

/// Everything needed to talk to one WABA account.
#[derive(Debug, Clone)]
pub struct Connection {
    /// Base URL, e.g. `https://hub.360dialog.io`.
    pub base_url: String,
    /// 360dialog partner id.
    pub partner_id: String,
    /// 360dialog WABA account id.
    pub waba_account_id: String,
    /// The key (redacted in `Debug`).
    pub api_key: ApiKey,
}

impl Connection {
    /// Resolves the connection from flags, the selected environment table, environment
    /// variables (read through `var`) and defaults.
    pub fn resolve(
        overrides: &Overrides,
        project: Option<&Project>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Connection, ConfigError> {
        let env = selected_env(overrides, project)?;
        let base_url = pick(&overrides.base_url, &env.base_url, ENV_BASE_URL, &var)
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let partner_id = pick(&overrides.partner_id, &env.partner_id, ENV_PARTNER_ID, &var).ok_or(
            ConfigError::Missing {
                what: "partner id",
                env: ENV_PARTNER_ID,
                flag: "--partner-id",
            },
        )?;
        let waba_account_id = pick(
            &overrides.waba_account_id,
            &env.waba_account_id,
            ENV_WABA_ACCOUNT_ID,
            &var,
        )
        .ok_or(ConfigError::Missing {
            what: "WABA account id",
            env: ENV_WABA_ACCOUNT_ID,
            flag: "--waba-account-id",
        })?;
        let api_key = resolve_secret(overrides, &env, &var, ENV_API_KEY)?;
        let connection = Connection {
            base_url,
            partner_id,
            waba_account_id,
            api_key,
        };
        connection.base_url()?;
        Ok(connection)
    }

    /// The base URL, checked: `https`, or `http` to a loopback address only (the key must not
    /// cross a network in clear text).
    pub fn base_url(&self) -> Result<Url, ConfigError> {
        checked_base_url(&self.base_url)
    }
}

/// `base_url`, checked: `https`, or `http` to a loopback address only (a secret must not cross a
/// network in clear text), without a query, a fragment or credentials.
pub fn checked_base_url(base_url: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(base_url).map_err(|e| ConfigError::NotAUrl {
        reason: e.to_string(),
    })?;
    let bad = |reason: &str| ConfigError::BaseUrl {
        url: origin(&url),
        reason: reason.to_owned(),
    };
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(bad("it must not have a query, a fragment or credentials"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(bad(
            "plain http is only allowed to a loopback address (127.0.0.1, ::1, localhost): the secret would travel unencrypted",
        )),
        _ => Err(bad("the scheme must be https")),
    }
}

/// Whether `name` is a conventional environment variable name: upper-case letters, digits and
/// `_`, not starting with a digit, at most 64 characters.
pub fn is_variable_name(name: &str) -> bool {
    // Conventional names only (upper case, digits, `_`): a mixed-case key pasted in place of the
    // name is then refused without being echoed in any message.
    name.len() <= 64
        && name.chars().next().is_some_and(|c| !c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// What may be shown of a base URL: its origin (scheme, host, port), never its path, query or
/// credentials, where a secret pasted by mistake would sit.
pub fn origin(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{}://{host}:{port}", url.scheme()),
        (Some(host), None) => format!("{}://{host}", url.scheme()),
        (None, _) => format!("{}:…", url.scheme()),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host_str() {
        Some(host) if host.eq_ignore_ascii_case("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    const FILE: &str = r#"
        [check]
        fail_on = "warning"

        [flows."flows/a.json"]
        name = "A"
        categories = ["SIGN_UP"]

        [env.staging]
        base_url = "http://127.0.0.1:9999"
        partner_id = "stPA"
        waba_account_id = "stWA"
        api_key_env = "STAGING_KEY"

        [env.staging.flows."./flows/a.json"]
        flow_id = "42"
    "#;

    fn project() -> Project {
        Project {
            path: PathBuf::from("waflow.toml"),
            root: PathBuf::from("."),
            file: parse_project("waflow.toml", FILE).unwrap_or_default(),
        }
    }

    #[test]
    fn env_only_connection_with_default_base_url() {
        let c = Connection::resolve(
            &Overrides::default(),
            None,
            vars(&[
                (ENV_API_KEY, "secret-key"),
                (ENV_PARTNER_ID, "pPA"),
                (ENV_WABA_ACCOUNT_ID, "wWA"),
            ]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.base_url, DEFAULT_BASE_URL);
        assert_eq!(c.api_key.expose(), "secret-key");
        assert!(!format!("{c:?}").contains("secret-key"));
    }

    #[test]
    fn flags_beat_env_table_beats_variables() {
        let p = project();
        let over = Overrides {
            env: Some("staging".into()),
            partner_id: Some("flagPA".into()),
            ..Overrides::default()
        };
        let c = Connection::resolve(
            &over,
            Some(&p),
            vars(&[(ENV_WABA_ACCOUNT_ID, "varWA"), ("STAGING_KEY", "k-staging")]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.partner_id, "flagPA");
        assert_eq!(c.waba_account_id, "stWA");
        assert_eq!(c.base_url, "http://127.0.0.1:9999");
        assert_eq!(c.api_key.expose(), "k-staging");
    }

    #[test]
    fn missing_things_are_named() {
        let e = Connection::resolve(&Overrides::default(), None, vars(&[]))
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("WAFLOW_PARTNER_ID")));
        let e = Connection::resolve(
            &Overrides::default(),
            None,
            vars(&[(ENV_PARTNER_ID, "p"), (ENV_WABA_ACCOUNT_ID, "w")]),
        )
        .err()
        .map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("WAFLOW_API_KEY")));
        let over = Overrides {
            env: Some("prod".into()),
            ..Overrides::default()
        };
        let e = Connection::resolve(&over, Some(&project()), vars(&[]))
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("defined: staging")));
    }

    #[test]
    fn a_key_given_as_the_variable_name_is_not_echoed() {
        for name in ["sk-live-123456", "abc def", "9LIVES", ""] {
            let over = Overrides {
                api_key_env: Some(name.into()),
                ..Overrides::default()
            };
            let e = Connection::resolve(
                &over,
                None,
                vars(&[(ENV_PARTNER_ID, "p"), (ENV_WABA_ACCOUNT_ID, "w")]),
            )
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
            assert!(e.contains("NAME of the variable"), "{name}: {e}");
            assert!(name.is_empty() || !e.contains(name), "{name}: {e}");
        }
        let over = Overrides {
            api_key_env: Some("MY_KEY_2".into()),
            ..Overrides::default()
        };
        let c = Connection::resolve(
            &over,
            None,
            vars(&[
                (ENV_PARTNER_ID, "p"),
                (ENV_WABA_ACCOUNT_ID, "w"),
                ("MY_KEY_2", "k"),
            ]),
        );
        assert!(c.is_ok());
    }

    #[test]
    fn plain_http_only_to_loopback() {
        let c = |url: &str| Connection {
            base_url: url.into(),
            partner_id: "p".into(),
            waba_account_id: "w".into(),
            api_key: ApiKey::new("k"),
        };
        assert!(c("http://127.0.0.1:8080").base_url().is_ok());
        assert!(c("http://localhost:8080/").base_url().is_ok());
        assert!(c("https://hub.360dialog.io").base_url().is_ok());
        assert!(c("http://hub.360dialog.io").base_url().is_err());
        assert!(c("ftp://x").base_url().is_err());
    }

    #[test]
    fn flow_settings_merge_env_overrides() {
        let p = project();
        let s = p.flow_settings(Path::new("flows/a.json"), Some("staging"));
        assert_eq!(s.flow_id.as_deref(), Some("42"));
        assert_eq!(s.name.as_deref(), Some("A"));
        assert_eq!(s.categories, Some(vec!["SIGN_UP".to_owned()]));
        let s = p.flow_settings(Path::new("./flows/a.json"), None);
        assert_eq!(s.flow_id, None);
        assert_eq!(
            p.flow_settings(Path::new("b.json"), None),
            FlowSettings::default()
        );
    }

    #[test]
    fn keys_in_the_file_are_refused() {
        for text in [
            "api_key = \"x\"",
            "[env.prod]\napi_key = \"x\"",
            "[flows.\"a.json\"]\ntoken = \"x\"",
        ] {
            let e = parse_project("waflow.toml", text)
                .err()
                .map(|e| e.to_string());
            assert!(
                e.is_some_and(|e| e.contains("never reads the key")),
                "{text}"
            );
        }
        let e = parse_project("w", "[flows.\"a.json\"]\ncategories = [\"NOPE\"]")
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("unknown category")));
        let e = parse_project("w", "[env.x]\nbase_ur = \"x\"")
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("base_ur")));
    }

    #[test]
    fn secret_names_are_recognised_under_every_spelling() {
        for name in [
            "api-key",
            "api_key",
            "API-KEY",
            "apikey",
            "ApiKey",
            "api key",
            "api.key",
            "key",
            "x-api-key",
            "d360_key",
            "token",
            "access_token",
            "secret",
            "client-secret",
            "password",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "api_key_env",
            "API-KEY-ENV",
            "base_url",
            "partner_id",
            "waba_account_id",
            "flow_id",
            "name",
            "categories",
            "endpoint_uri",
            "flows",
            "env",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn paths_and_environment_names_are_not_settings() {
        let text = "[flows.\"keys/token.json\"]\nname = \"T\"\n[env.secret]\npartner_id = \"p\"\n[env.secret.flows.\"api-key.json\"]\nflow_id = \"1\"\n";
        assert!(parse_project("waflow.toml", text).is_ok());
        assert_eq!(find_key_like_setting(text), None);
        let text = "[env.secret.flows.\"api-key.json\"]\nflow_id = \"1\"\nToken = \"x\"\n";
        assert_eq!(
            find_key_like_setting(text),
            Some(KeyLike {
                at: "env.secret.flows.\"api-key.json\".Token".into(),
                line: 3,
                column: 1
            })
        );
    }

    #[test]
    fn an_unset_key_variable_is_named_only_when_it_is_the_default() {
        let base = [(ENV_PARTNER_ID, "p"), (ENV_WABA_ACCOUNT_ID, "w")];
        let error = |over: &Overrides, extra: &[(&str, &str)]| {
            let all: Vec<(&str, &str)> = base.iter().chain(extra).copied().collect();
            Connection::resolve(over, Some(&project()), vars(&all))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let e = error(&Overrides::default(), &[]);
        assert!(e.contains("WAFLOW_API_KEY is not set"), "{e}");
        let e = error(&Overrides::default(), &[(ENV_API_KEY, " ")]);
        assert!(e.contains("WAFLOW_API_KEY is empty"), "{e}");
        let over = Overrides {
            api_key_env: Some("ABCD1234EFGH5678".into()),
            ..Overrides::default()
        };
        let e = error(&over, &[]);
        assert!(e.contains("named by --api-key-env is not set"), "{e}");
        assert!(!e.contains("ABCD1234EFGH5678"), "{e}");
        let over = Overrides {
            env: Some("staging".into()),
            ..Overrides::default()
        };
        let e = error(&over, &[]);
        assert!(e.contains("named by api_key_env in [env.staging]"), "{e}");
        assert!(!e.contains("STAGING_KEY"), "{e}");
        let e = error(&Overrides::default(), &[(ENV_API_KEY, "sk-1\r\nX: y")]);
        assert!(e.contains("cannot be sent"), "{e}");
        assert!(!e.contains("sk-1"), "{e}");
    }

    #[test]
    fn a_bad_base_url_shows_its_origin_at_most() {
        let c = |url: &str| Connection {
            base_url: url.into(),
            partner_id: "p".into(),
            waba_account_id: "w".into(),
            api_key: ApiKey::new("k"),
        };
        for (url, shown) in [
            ("sk-live-abc", None),
            (
                "https://u:sk-live-abc@hub.360dialog.io",
                Some("https://hub.360dialog.io"),
            ),
            (
                "http://example.com:8080/sk-live-abc",
                Some("http://example.com:8080"),
            ),
            ("ftp://example.com/?sk-live-abc", Some("ftp://example.com")),
            ("mailto:sk-live-abc", Some("mailto:…")),
        ] {
            let e = c(url)
                .base_url()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(!e.is_empty() && !e.contains("sk-live"), "{url}: {e}");
            if let Some(shown) = shown {
                assert!(e.starts_with(&format!("base URL {shown}: ")), "{url}: {e}");
            }
        }
    }

    #[test]
    fn flow_table_headers_are_toml() {
        assert_eq!(flows_table("flows/a.json"), "[flows.\"flows/a.json\"]");
        let header = flows_table("a \"b\"\\c\u{1b}.json");
        let table: toml::Table = format!("{header}\nflow_id = \"1\"")
            .parse()
            .unwrap_or_else(|e| panic!("{header}: {e}"));
        assert!(
            table["flows"].get("a \"b\"\\c\u{1b}.json").is_some(),
            "{header}"
        );
    }

    /// The line, column and display of the error `parse_project` gives for `text`.
    fn error_at(text: &str) -> (usize, usize, String) {
        match parse_project("waflow.toml", text) {
            Err(e @ ConfigError::Invalid { line, column, .. })
            | Err(e @ ConfigError::KeyInFile { line, column, .. }) => (line, column, e.to_string()),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let (line, column, shown) = error_at("[check]\nfail_on = \"error\"\nname = \"é☕\" = 3\n");
        assert_eq!((line, column), (3, 13));
        assert!(shown.starts_with("waflow.toml:3:13: "), "{shown}");
    }

    #[test]
    fn unknown_keys_and_wrong_types_name_line_and_column() {
        let (line, column, shown) =
            error_at("[env.staging]\npartner_id = \"pé\"\n[env.prod]\n  base_ur = \"x\"\n");
        assert_eq!((line, column), (4, 3));
        assert!(shown.contains("unknown field `base_ur`"), "{shown}");
        let (line, column, shown) =
            error_at("[env.x]\nflows.\"☕.json\" = { name = \"é\", flow_id = 4 }");
        assert_eq!((line, column), (2, 42));
        assert!(shown.contains("expected a string"), "{shown}");
        let (line, column, _) = error_at("[check]\n\n[flows.\"a.json\"]\nnom = \"A\"");
        assert_eq!((line, column), (4, 1));
    }

    #[test]
    fn unknown_categories_point_at_the_element() {
        let (line, column, shown) = error_at(
            "# signup\nflows.\"☕.json\" = { name = \"Café\", categories = [\"SIGN_UP\", \"NOPE\"] }\n",
        );
        assert_eq!((line, column), (2, 60));
        assert!(shown.contains("unknown category \"NOPE\""), "{shown}");
        for category in crate::model::CATEGORIES {
            assert!(shown.contains(category), "{shown}");
        }
        let (line, column, _) =
            error_at("[env.e.flows.\"a.json\"]\ncategories = [\"OTHER\", \"SURVEY\", 3]");
        assert_eq!((line, column), (2, 34));
    }

    #[test]
    fn keys_in_the_file_name_line_and_column_and_never_the_value() {
        let cases = [
            ("api_key = \"sk-live-top\"", (1, 1), "api_key"),
            // The first in file order, not in key order.
            (
                "token = \"sk-live-1\"\napi_key = \"sk-live-2\"",
                (1, 1),
                "token",
            ),
            (
                "[env.prod]\npartner_id = \"é\"\n  Token = \"sk-live-env\"",
                (3, 3),
                "env.prod.Token",
            ),
            (
                "flows.\"☕.json\" = { name = \"é\", key = \"sk-live-flow\" }",
                (1, 32),
                "flows.\"☕.json\".key",
            ),
            (
                "# é\n  env.p.x-api-key = \"sk-live-dotted\"\n[check]\nkey = 1",
                (2, 9),
                "env.p.x-api-key",
            ),
        ];
        for (text, position, dotted) in cases {
            let e = parse_project("waflow.toml", text);
            let Err(ConfigError::KeyInFile {
                line, column, at, ..
            }) = &e
            else {
                panic!("{text}: {e:?}");
            };
            assert_eq!((*line, *column), position, "{text}");
            assert_eq!(at, dotted, "{text}");
            let shown = e.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(!shown.contains("sk-live"), "{shown}");
            assert!(
                shown.starts_with(&format!("waflow.toml:{}:{}: `", position.0, position.1)),
                "{shown}"
            );
        }
    }
}
