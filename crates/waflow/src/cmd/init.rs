//! `waflow init`: write a commented `waflow.toml`, and with `--vscode` map flow files to their
//! JSON Schema in `.vscode/settings.json`.

use std::io;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::{Map, Value, json};
use waflow_core::FlowVersion;

use crate::config;
use crate::exit;

/// Arguments of `waflow init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// Project directory to write into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Overwrite an existing waflow.toml (with --vscode, an existing one is otherwise kept).
    #[arg(long)]
    pub force: bool,

    /// Also add a `json.schemas` entry to .vscode/settings.json (merged into the existing file)
    /// so VS Code completes and checks flow files against the Flow JSON schema, and write that
    /// schema to schemas/ when it is not there yet.
    #[arg(long)]
    pub vscode: bool,

    /// Which files the VS Code mapping covers (a VS Code `fileMatch` glob; repeatable).
    #[arg(long = "flows", value_name = "GLOB", default_values_t = [String::from("flows/**/*.json")])]
    pub flows: Vec<String>,

    /// Flow JSON version whose schema the VS Code mapping uses.
    #[arg(long = "flow-version", value_name = "X.Y", value_parser = parse_version, default_value = FlowVersion::LATEST.as_str())]
    pub flow_version: FlowVersion,
}

/// Parses a Flow JSON version for the command line.
pub fn parse_version(s: &str) -> Result<FlowVersion, String> {
    FlowVersion::parse(s).ok_or_else(|| {
        let all: Vec<_> = FlowVersion::ALL.iter().map(|v| v.as_str()).collect();
        format!(
            "\"{s}\" is not a public Flow JSON version (supported: {})",
            all.join(", ")
        )
    })
}

/// Why `init` stopped.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The configuration exists and `--force` was not given.
    #[error("{} already exists; use --force to overwrite it", .0.display())]
    Exists(PathBuf),
    /// The settings file is not plain JSON (VS Code allows comments; rewriting would lose them).
    #[error(
        "{} is not valid JSON ({reason}); it was left untouched. Add this entry to its \"json.schemas\" by hand:\n{snippet}",
        path.display()
    )]
    Settings {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        reason: String,
        /// The entry to add.
        snippet: String,
    },
    /// Reading or writing failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

/// Runs `waflow init` and returns the exit code.
pub fn run(args: InitArgs) -> u8 {
    match init(&args) {
        Ok(done) => {
            for path in done.written {
                stdout_line!("wrote {}", path.display());
            }
            for path in done.unchanged {
                stdout_line!("unchanged {} (it already maps the schema)", path.display());
            }
            exit::OK
        }
        Err(e) => {
            stderr_line!("waflow: error: {e}");
            exit::USAGE
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> InitError + '_ {
    move |source| InitError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct Done {
    /// The files written.
    pub written: Vec<PathBuf>,
    /// The files that already had the content they would get, left as they are.
    pub unchanged: Vec<PathBuf>,
}

/// Writes the files; returns what was written. With `--vscode`, an existing `waflow.toml` is
/// kept (unless `--force`), so an existing project can add the editor mapping without losing its
/// configuration; a settings file that already has the mapping is not rewritten.
pub fn init(args: &InitArgs) -> Result<Done, InitError> {
    let toml = args.dir.join(config::FILE_NAME);
    let keep_toml = toml.exists() && !args.force;
    if keep_toml && !args.vscode {
        return Err(InitError::Exists(toml));
    }
    // Check the settings before writing anything, so a refusal leaves no half-done init.
    let settings = if args.vscode {
        let path = args.dir.join(".vscode").join("settings.json");
        let merged = merged_settings(&path, &args.flows, args.flow_version)?;
        Some((path, merged))
    } else {
        None
    };
    std::fs::create_dir_all(&args.dir).map_err(io_err(&args.dir))?;
    let mut done = Done::default();
    if !keep_toml {
        write_atomically(&toml, config::INIT_TEMPLATE.as_bytes())?;
        done.written.push(toml);
    }
    if let Some((path, text)) = settings {
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            done.unchanged.push(path);
        } else {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(io_err(dir))?;
            }
            write_atomically(&path, text.as_bytes())?;
            done.written.push(path);
        }
        let schema = args.dir.join(schema_path(args.flow_version));
        if !schema.exists() {
            if let Some(dir) = schema.parent() {
                std::fs::create_dir_all(dir).map_err(io_err(dir))?;
            }
            let text = waflow_core::schema::schema_text(args.flow_version);
            write_atomically(&schema, text.as_bytes())?;
            done.written.push(schema);
        }
    }
    Ok(done)
}

/// Where the schema of `version` goes in a project, relative to its root.
fn schema_path(version: FlowVersion) -> String {
    format!("schemas/flow-json-{}.schema.json", version.as_str())
}

/// The `json.schemas` entry for flow files.
pub fn schema_entry(flows: &[String], version: FlowVersion) -> Value {
    json!({
        "fileMatch": flows,
        "url": format!("./{}", schema_path(version)),
    })
}

/// The settings file with the entry merged in: other settings and other schema entries are
/// kept; an entry for the same schema URL is replaced.
fn merged_settings(
    path: &Path,
    flows: &[String],
    version: FlowVersion,
) -> Result<String, InitError> {
    let entry = schema_entry(flows, version);
    let snippet = serde_json::to_string_pretty(&entry).unwrap_or_default();
    let refuse = |reason: String| InitError::Settings {
        path: path.to_path_buf(),
        reason,
        snippet: snippet.clone(),
    };
    let mut settings = match std::fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => Map::new(),
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(refuse("the top level is not an object".to_owned())),
            Err(e) => return Err(refuse(e.to_string())),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Map::new(),
        Err(source) => {
            return Err(InitError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let schemas = settings
        .entry("json.schemas")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(list) = schemas else {
        return Err(refuse("\"json.schemas\" is not an array".to_owned()));
    };
    let url = entry.get("url").cloned();
    list.retain(|e| e.get("url") != url.as_ref());
    list.push(entry);
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(&Value::Object(settings), &mut ser)
        .map_err(|e| refuse(e.to_string()))?;
    out.push(b'\n');
    String::from_utf8(out).map_err(|e| refuse(e.to_string()))
}

/// Writes through a temporary file renamed into place, so a crash never leaves half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), InitError> {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.waflow-tmp"));
    std::fs::write(&tmp, bytes).map_err(io_err(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io_err(path))
}
