//! `waflow sandbox` as a separate process on 127.0.0.1 (a free port, read from its banner), for
//! tests of its command line: `--faults FILE`, `--fault SPEC`, `--log-requests`, `--addr`.

use std::io::{BufRead, BufReader};
use std::ops::Deref;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::bin::WAFLOW;
use crate::support::{Env, KEY};

/// The banner line that carries the URL to use.
const URL_LINE: &str = "export WAFLOW_BASE_URL=";

/// A running `waflow sandbox` process and an [`Env`] whose commands talk to it.
pub struct Spawned {
    env: Env,
    child: Child,
    reader: Option<JoinHandle<()>>,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Spawned {
    /// Writes `files` (name, text) into a scratch directory, then runs
    /// `waflow sandbox --log-requests --addr 127.0.0.1:0 ARGS…` there (without that `--addr`
    /// when `args` has one) and waits for its banner.
    pub fn start(files: &[(&str, &str)], args: &[&str]) -> Spawned {
        let mut env = Env::new();
        // The in-process sandbox of `Env` is not used: commands go to the process.
        if let Some(sandbox) = env.sandbox.take() {
            env.runtime.block_on(sandbox.shutdown());
        }
        for (name, text) in files {
            env.write(name, text);
        }
        let mut command = Command::new(WAFLOW);
        command.args(["sandbox", "--log-requests"]);
        if !args.contains(&"--addr") {
            command.args(["--addr", "127.0.0.1:0"]);
        }
        let mut child = command
            .args(args)
            .current_dir(env.dir.path())
            .env("WAFLOW_API_KEY", KEY)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("waflow sandbox starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (url_tx, url_rx) = mpsc::channel();
        let sink = lines.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.trim().strip_prefix(URL_LINE) {
                    let url = rest.split_whitespace().next().unwrap_or_default();
                    let _ = url_tx.send(url.to_owned());
                }
                sink.lock().unwrap().push(line);
            }
        });
        let mut spawned = Spawned {
            env,
            child,
            reader: Some(reader),
            lines,
        };
        match url_rx.recv_timeout(Duration::from_secs(30)) {
            Ok(url) => spawned.env.url = url,
            Err(_) => panic!(
                "waflow sandbox printed no URL:\n{}",
                spawned.stop().join("\n")
            ),
        }
        spawned
    }

    /// Stops the process and returns everything it printed on standard error (the banner,
    /// then one `METHOD PATH STATUS` line per request).
    pub fn stop(&mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.lines.lock().unwrap().clone()
    }

    /// Stops the process and returns its request log lines, with the path shortened to what
    /// follows `/flows` (as `Env::calls_since`): `GET /flows 503`.
    pub fn requests(&mut self) -> Vec<String> {
        self.stop()
            .into_iter()
            .filter(|l| !l.starts_with(' ') && !l.starts_with("waflow"))
            .map(|l| match l.split_once(" /") {
                Some((method, rest)) => match rest.split_once("/flows") {
                    Some((_, after)) => format!("{method} /flows{after}"),
                    None => format!("{method} /{rest}"),
                },
                None => l,
            })
            .collect()
    }
}

impl Deref for Spawned {
    type Target = Env;

    fn deref(&self) -> &Env {
        &self.env
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        self.stop();
    }
}
