//! The rule documentation (`docs/rules.md` and `docs/rules/GROUP/NAME.md`) is generated from the
//! rule registry; this test fails when a file is stale, missing or left over from a removed rule.
//! Regenerate with `WAFLOW_BLESS=1 cargo test -p waflow-dev --test docs`.

#![allow(clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use waflow_dev::docs::{REGENERATE, files};

fn docs_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs"))
}

/// Every `.md` file under `dir`, relative to `root`.
fn markdown_files(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let relative = path.strip_prefix(root).expect("below the docs directory");
            out.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn rule_docs_are_up_to_date() {
    let root = docs_dir();
    let bless = std::env::var_os("WAFLOW_BLESS").is_some();
    let expected = files();
    let mut stale = Vec::new();
    for (path, text) in &expected {
        let file = root.join(path);
        if bless {
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent).expect("create the docs directory");
            }
            std::fs::write(&file, text).expect("write the rule documentation");
        } else if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.clone());
        }
    }
    let known: BTreeSet<&str> = expected.iter().map(|(p, _)| p.as_str()).collect();
    let mut present = BTreeSet::new();
    markdown_files(&root, &root.join("rules"), &mut present);
    for path in present.iter().filter(|p| !known.contains(p.as_str())) {
        if bless {
            std::fs::remove_file(root.join(path)).expect("remove a page of no rule");
        } else {
            stale.push(format!("{path} (no such rule)"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule documentation; regenerate it with `{REGENERATE}`:\n{}",
        stale.join("\n")
    );
}
