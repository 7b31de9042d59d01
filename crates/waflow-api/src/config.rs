//! Where to connect and which flow a file is: environment variables, flags and `waflow.toml`.
//!
//! Precedence for the connection, highest first: command-line flags, the `[env.<name>]` table
//! selected with `--env` (or `WAFLOW_ENV`), the `WAFLOW_*` environment variables, the default
//! base URL. The API key is only ever read from an environment variable: `WAFLOW_API_KEY`, or
//! the variable named by `--api-key-env` or by `api_key_env` in the selected environment.
//!
//! The project file is parsed by `waflow-project` (one parser for every command); the tables the
//! connection and the flows read are `[env.<name>]` and `[flows."path"]`:
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

use std::net::IpAddr;

use reqwest::Url;
pub use waflow_project::{
    Backend, EnvSettings, FlowSettings, Project, ProjectError, ProjectFile, flows_table,
};

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
/// Environment variable selecting the backend (`partner` or `graph`).
pub const ENV_BACKEND: &str = "WAFLOW_BACKEND";
/// Environment variable holding the Graph API token.
pub const ENV_GRAPH_TOKEN: &str = "WAFLOW_GRAPH_TOKEN";
/// Environment variable holding Meta's WABA id (Graph API).
pub const ENV_WABA_ID: &str = "WAFLOW_WABA_ID";
/// Environment variable holding the Graph API version.
pub const ENV_GRAPH_VERSION: &str = "WAFLOW_GRAPH_VERSION";

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
    /// The project file cannot be used (the one error type of `waflow.toml`).
    #[error(transparent)]
    Project(#[from] ProjectError),
    /// `--env` was given but no project file was found.
    #[error("--env {name}: no waflow.toml found in this directory or above")]
    NoProject {
        /// The name asked for.
        name: String,
    },
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
        Some(v) => Ok(v.parse()?),
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
    use std::collections::BTreeMap;

    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    /// The one environment the connection tests select.
    const FILE: &str = r#"
        [env.staging]
        base_url = "http://127.0.0.1:9999"
        partner_id = "stPA"
        waba_account_id = "stWA"
        api_key_env = "STAGING_KEY"
    "#;

    fn project() -> Project {
        let root = waflow_project::paths::absolute(std::path::Path::new("."));
        Project::parse(FILE, std::path::Path::new("waflow.toml"), root)
            .unwrap_or_else(|e| panic!("{e}"))
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
}
