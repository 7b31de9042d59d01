//! `waflow watch --format json` end to end: a real child process, real files in a temporary
//! directory, real editor-style saves. Every read has a timeout and the child is killed on drop,
//! so a broken watcher fails the test instead of hanging the suite.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "support/bin.rs"]
mod bin;
use bin::WAFLOW;

const VALID_EXAMPLE: &str = "examples/customer-feedback.json";
const WAIT: Duration = Duration::from_secs(10);

fn valid() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(VALID_EXAMPLE))
        .expect("example flow")
}

fn invalid() -> String {
    valid().replacen("\"version\": \"7.3\"", "\"version\": \"9.9\"", 1)
}

struct Watch {
    child: Child,
    lines: Receiver<String>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watch {
    /// `waflow watch --format json ARGS` in `dir`.
    fn start(dir: &Path, args: &[&str]) -> Watch {
        Watch::start_as(dir, "json", args)
    }

    fn start_as(dir: &Path, format: &str, args: &[&str]) -> Watch {
        let mut child = Command::new(WAFLOW)
            .current_dir(dir)
            .args(["watch", "--format", format])
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start waflow watch");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch { child, lines }
    }

    /// The next line of output; panics with what was `seen` once `deadline` has passed.
    fn line_before(&self, deadline: Instant, what: &str, seen: &dyn std::fmt::Debug) -> String {
        let left = deadline.saturating_duration_since(Instant::now());
        self.lines
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("timed out waiting for {what}; saw {seen:#?}"))
    }

    /// Reads lines until one satisfies `want`; panics after the timeout with what was seen.
    fn until(&self, what: &str, want: impl Fn(&Value) -> bool) -> (Value, Vec<Value>) {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        loop {
            let line = self.line_before(deadline, what, &seen);
            let v: Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            if want(&v) {
                return (v, seen);
            }
            seen.push(v);
        }
    }

    /// The lines of the next run of a text format, up to and including its status line.
    fn text_run(&self) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        loop {
            let line = self.line_before(deadline, "a status line", &seen);
            let status = line.starts_with(['✔', '✘']) && line.contains("watching for changes");
            seen.push(line);
            if status {
                return seen;
            }
        }
    }

    /// The next `run` object, with the objects before it.
    fn run(&self) -> (Value, Vec<Value>) {
        self.until("a run", |v| v["type"] == "run")
    }

    /// Asserts that nothing is printed for a while.
    fn quiet(&self, wait: Duration) {
        if let Ok(line) = self.lines.recv_timeout(wait) {
            panic!("expected no output, got {line}");
        }
    }
}

fn file_record<'a>(records: &'a [Value], path: &str) -> Option<&'a Value> {
    records
        .iter()
        .find(|v| v["type"] == "file" && v["path"] == path)
}

/// Saves like VS Code and most editors: write a temporary file, rename it over the target.
fn atomic_save(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.tmp-save",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, text).expect("write temp");
    std::fs::rename(&tmp, path).expect("rename over");
}

/// Saves like Vim with `backupcopy=no`: rename the original away, write a new file, delete the
/// backup.
fn backup_save(path: &Path, text: &str) {
    let backup = PathBuf::from(format!("{}~", path.display()));
    std::fs::rename(path, &backup).expect("rename to backup");
    std::fs::write(path, text).expect("write new");
    std::fs::remove_file(backup).expect("remove backup");
}

fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(tmp.path().join("flows")).expect("mkdir");
    std::fs::write(tmp.path().join("waflow.toml"), "").expect("config");
    std::fs::write(tmp.path().join("flows/a.json"), valid()).expect("write");
    std::fs::write(tmp.path().join("flows/b.json"), valid()).expect("write");
    tmp
}

#[test]
fn validates_at_start_then_on_every_save_style() {
    let tmp = project();
    let a = tmp.path().join("flows/a.json");
    let w = Watch::start(tmp.path(), &["flows"]);

    let (run, files) = w.run();
    assert_eq!(run["run"], 1);
    assert_eq!(run["trigger"], "start");
    assert_eq!(run["files"], 2);
    assert_eq!(run["errors"], 0);
    assert_eq!(
        file_record(&files, "flows/a.json").unwrap()["status"],
        "checked"
    );

    atomic_save(&a, &invalid());
    let (run, files) = w.run();
    assert_eq!(run["trigger"], "change");
    assert_eq!(run["checked"], 1);
    assert_eq!(run["errors"], 1);
    let record = file_record(&files, "flows/a.json").expect("a.json record");
    assert_eq!(
        record["diagnostics"][0]["code"],
        "INVALID_FLOW_JSON_VERSION"
    );
    assert_eq!(record["diagnostics"][0]["line"], 2);
    assert!(record["diagnostics"][0]["column"].is_u64());

    // The second atomic save is seen too (a watch on the file itself would be dead by now).
    atomic_save(&a, &valid());
    let (run, _) = w.run();
    assert_eq!(run["errors"], 0);

    backup_save(&a, &invalid());
    let (run, files) = w.run();
    assert_eq!(run["errors"], 1, "{files:#?}");
    assert!(file_record(&files, "flows/a.json").is_some());

    // Plain in-place write.
    std::fs::write(&a, valid()).expect("write");
    let (run, _) = w.run();
    assert_eq!(run["errors"], 0);
}

#[test]
fn new_files_new_directories_and_deletions() {
    let tmp = project();
    let w = Watch::start(tmp.path(), &["flows"]);
    w.run();

    std::fs::write(tmp.path().join("flows/c.json"), invalid()).expect("write");
    let (run, files) = w.run();
    assert_eq!(run["files"], 3);
    assert_eq!(file_record(&files, "flows/c.json").unwrap()["errors"], 1);

    let sub = tmp.path().join("flows/team/signup");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(sub.join("d.json"), valid()).expect("write");
    let (run, files) = w.until("d.json", |v| {
        v["type"] == "file" && v["path"] == "flows/team/signup/d.json"
    });
    assert_eq!(run["status"], "checked", "{files:#?}");
    let (run, _) = w.run();
    assert_eq!(run["files"], 4);

    std::fs::remove_file(tmp.path().join("flows/c.json")).expect("remove");
    let (run, files) = w.run();
    assert_eq!(
        file_record(&files, "flows/c.json").unwrap()["status"],
        "removed"
    );
    assert_eq!(run["files"], 3);
    assert_eq!(run["errors"], 0);

    // A directory removed with its flows.
    std::fs::remove_dir_all(tmp.path().join("flows/team")).expect("rm -r");
    let (run, files) = w.until("removal of d.json", |v| {
        v["type"] == "file" && v["path"] == "flows/team/signup/d.json"
    });
    assert_eq!(run["status"], "removed", "{files:#?}");
}

#[test]
fn unchanged_content_and_skipped_directories_print_nothing() {
    let tmp = project();
    std::fs::create_dir_all(tmp.path().join("flows/node_modules")).expect("mkdir");
    std::fs::create_dir_all(tmp.path().join("flows/.git")).expect("mkdir");
    let w = Watch::start(tmp.path(), &["flows"]);
    w.run();

    // Saved without a change: the content hash is the same, nothing is checked or printed.
    atomic_save(&tmp.path().join("flows/a.json"), &valid());
    // Flows under skipped directories and non-flow JSON files are not watched.
    std::fs::write(tmp.path().join("flows/node_modules/x.json"), invalid()).expect("write");
    std::fs::write(tmp.path().join("flows/.git/y.json"), invalid()).expect("write");
    std::fs::write(tmp.path().join("flows/package.json"), "{\"name\": \"x\"}").expect("write");
    w.quiet(Duration::from_millis(600));

    atomic_save(&tmp.path().join("flows/b.json"), &invalid());
    let (run, files) = w.run();
    assert_eq!(run["checked"], 1, "{files:#?}");
    assert!(file_record(&files, "flows/b.json").is_some());

    // A JSON file that becomes a flow is watched from then on.
    atomic_save(&tmp.path().join("flows/package.json"), &invalid());
    let (run, files) = w.run();
    assert_eq!(run["checked"], 1, "{files:#?}");
    assert_eq!(
        file_record(&files, "flows/package.json").unwrap()["status"],
        "checked"
    );
}

#[test]
fn half_written_files_do_not_stop_the_watch() {
    let tmp = project();
    let a = tmp.path().join("flows/a.json");
    let w = Watch::start(tmp.path(), &["flows"]);
    w.run();

    // A save caught half way: the file is reported as broken JSON, not a crash...
    let text = invalid();
    std::fs::write(&a, &text[..text.len() / 2]).expect("write half");
    let (_, files) = w.run();
    let record = file_record(&files, "flows/a.json").expect("record");
    assert_eq!(record["diagnostics"][0]["code"], "INVALID_FLOW_JSON");
    // ...and the rest of the save is picked up.
    std::fs::write(&a, &text).expect("write all");
    let (run, files) = w.run();
    assert_eq!(
        file_record(&files, "flows/a.json").unwrap()["diagnostics"][0]["code"],
        "INVALID_FLOW_JSON_VERSION"
    );
    assert_eq!(run["errors"], 1);

    // A file that vanishes and comes back shortly after (longer than the debounce, within the
    // settle time) is not reported as removed.
    std::fs::remove_file(&a).expect("remove");
    std::thread::sleep(Duration::from_millis(100));
    std::fs::write(&a, valid()).expect("write again");
    let (run, files) = w.run();
    assert!(files.iter().all(|f| f["status"] != "removed"), "{files:#?}");
    assert_eq!(
        file_record(&files, "flows/a.json").unwrap()["status"],
        "checked"
    );
    assert_eq!(run["files"], 2);
    assert_eq!(run["errors"], 0);
    // The write after the re-creation has the same content: nothing more is printed.
    w.quiet(Duration::from_millis(400));
}

#[test]
fn configuration_changes_are_picked_up() {
    let tmp = project();
    std::fs::write(tmp.path().join("flows/a.json"), invalid()).expect("write");
    let w = Watch::start(tmp.path(), &["flows"]);
    let (run, _) = w.run();
    assert_eq!(run["errors"], 1);

    let config = tmp.path().join("waflow.toml");
    atomic_save(&config, "[rules]\n\"version/invalid\" = \"off\"\n");
    let (run, files) = w.run();
    assert_eq!(run["trigger"], "config");
    assert_eq!(run["errors"], 0, "{files:#?}");
    assert_eq!(run["files"], 2);

    // A broken configuration is reported; the previous one stays in use.
    std::fs::write(&config, "[rules]\nbogus_key = 3\n").expect("write");
    let (err, _) = w.until("a config error", |v| v["type"] == "config_error");
    assert!(
        err["message"].as_str().unwrap().contains("waflow.toml:2:"),
        "{err:#}"
    );
    atomic_save(&tmp.path().join("flows/b.json"), &invalid());
    let (run, _) = w.run();
    assert_eq!(run["errors"], 0, "version/invalid is still off");

    // Excludes apply to watching: a file in an excluded directory is not checked.
    std::fs::write(&config, "[files]\nexclude = [\"flows/drafts/**\"]\n").expect("write");
    let (run, _) = w.until("config run", |v| {
        v["type"] == "run" && v["trigger"] == "config"
    });
    assert_eq!(run["errors"], 2);
    std::fs::create_dir_all(tmp.path().join("flows/drafts")).expect("mkdir");
    std::fs::write(tmp.path().join("flows/drafts/x.json"), invalid()).expect("write");
    w.quiet(Duration::from_millis(600));
}

#[test]
fn polling_works_without_events() {
    let tmp = project();
    let w = Watch::start(tmp.path(), &["flows", "--poll", "--poll-interval", "50"]);
    w.run();
    atomic_save(&tmp.path().join("flows/a.json"), &invalid());
    let (run, _) = w.run();
    assert_eq!(run["errors"], 1);
}

#[test]
fn a_named_file_is_watched_through_its_directory() {
    let tmp = project();
    let w = Watch::start(tmp.path(), &["flows/a.json"]);
    let (run, _) = w.run();
    assert_eq!(run["files"], 1);
    // The sibling is not watched; the named file is, across atomic saves.
    atomic_save(&tmp.path().join("flows/b.json"), &invalid());
    atomic_save(&tmp.path().join("flows/a.json"), &invalid());
    let (run, files) = w.run();
    assert_eq!(run["files"], 1, "{files:#?}");
    assert!(file_record(&files, "flows/b.json").is_none());
    assert_eq!(run["errors"], 1);
}

#[test]
fn a_bad_configuration_at_start_is_a_usage_error() {
    let tmp = project();
    std::fs::write(tmp.path().join("waflow.toml"), "[nope]\n").expect("write");
    let out = Command::new(WAFLOW)
        .current_dir(tmp.path())
        .args(["watch", "flows"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("waflow.toml:1:2: unknown field `nope`"),
        "{err}"
    );
}

/// A `waflow.toml` created in a directory above the watched one (here two levels up, in the
/// repository root) becomes the closest configuration of the flows: watch re-reads it, with
/// events and with polling.
#[test]
fn a_configuration_created_above_the_watched_directory_is_picked_up() {
    for extra in [&[][..], &["--poll", "--poll-interval", "50"][..]] {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(tmp.path().join(".git")).expect("mkdir");
        std::fs::create_dir_all(tmp.path().join("app/flows")).expect("mkdir");
        std::fs::write(tmp.path().join("app/flows/a.json"), invalid()).expect("write");
        let mut args = vec!["app/flows"];
        args.extend_from_slice(extra);
        let w = Watch::start(tmp.path(), &args);
        let (run, _) = w.run();
        assert_eq!(run["errors"], 1, "{extra:?}");

        std::fs::write(
            tmp.path().join("waflow.toml"),
            "[rules]\n\"version/invalid\" = \"off\"\n",
        )
        .expect("config");
        let (run, files) = w.run();
        assert_eq!(run["trigger"], "config", "{extra:?}");
        assert_eq!(run["errors"], 0, "{extra:?} {files:#?}");
    }
}

/// Human output after a save: the other files' findings first, the saved file's last, right
/// above the status line, so a long report does not push it off the screen.
#[test]
fn human_output_shows_the_saved_file_last() {
    for format in ["human", "concise"] {
        let tmp = project();
        std::fs::write(tmp.path().join("flows/a.json"), invalid()).expect("write");
        std::fs::write(tmp.path().join("flows/b.json"), invalid()).expect("write");
        let w = Watch::start_as(tmp.path(), format, &["flows"]);
        let mentions = |lines: &[String], file: &str| -> Vec<usize> {
            let at = format!("flows/{file}:");
            (0..lines.len())
                .filter(|&i| lines[i].contains(&at))
                .collect()
        };
        // At start, in path order.
        let lines = w.text_run();
        let (a, b) = (mentions(&lines, "a.json"), mentions(&lines, "b.json"));
        assert!(!a.is_empty() && !b.is_empty(), "{format}: {lines:#?}");
        assert!(a.last() < b.first(), "{format}: {lines:#?}");

        let saved = invalid().replacen("\"9.9\"", "\"9.8\"", 1);
        atomic_save(&tmp.path().join("flows/a.json"), &saved);
        let lines = w.text_run();
        let (a, b) = (mentions(&lines, "a.json"), mentions(&lines, "b.json"));
        assert!(!a.is_empty() && !b.is_empty(), "{format}: {lines:#?}");
        assert!(b.last() < a.first(), "{format}: {lines:#?}");
        assert!(
            lines.iter().any(|l| l.contains("9.8")),
            "{format}: {lines:#?}"
        );
    }
}
