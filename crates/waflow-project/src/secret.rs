//! Settings named like a secret: a key must never sit in `waflow.toml`, under any spelling.

use toml::de::{DeTable, DeValue};
use waflow_core::line_index::{LineIndex, Position};

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
/// top level or anywhere under `[flows]` and `[env]`; `None` also when `text` is not TOML (the
/// parser reports that).
pub fn find_key_like_setting(text: &str) -> Option<KeyLike> {
    let table = DeTable::parse(text).ok()?;
    key_like_in(table.get_ref(), text, &LineIndex::new(text))
}

/// The refusal of the setting `at`, named like a secret (its value is never shown).
pub(crate) fn refusal(at: &str) -> String {
    format!(
        "`{at}` looks like an API key or another secret; waflow never reads the key from a file: set WAFLOW_API_KEY (or name a variable with api_key_env) and remove it from the file"
    )
}

/// [`find_key_like_setting`] on a table already parsed from `text`.
pub(crate) fn key_like_in(table: &DeTable<'_>, text: &str, index: &LineIndex) -> Option<KeyLike> {
    let (at, offset) = find_key_like(table, "", TableKind::Top)?;
    let Position { line, column } = index.position(text, offset);
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
