//! `fixtures/rules/<rule-id-with-dashes>/{fail,pass}.json` are the semantic rules' documented
//! examples, pretty-printed (so they can be opened, checked with the CLI and diffed); this test
//! fails when one is stale or missing. Regenerate with
//! `WAFLOW_BLESS=1 cargo test -p waflow-core --test rules_fixtures`.
//! (The examples themselves run through the check in `rules_examples.rs`.)

#![allow(clippy::expect_used)]

mod support {
    pub mod examples;
}

use support::examples::{example_rules, fixture_dir, fixtures_root};
use waflow_core::rules::docs::pretty_example;

#[test]
fn fixtures_are_the_documented_examples() {
    let root = fixtures_root();
    let bless = std::env::var_os("WAFLOW_BLESS").is_some();
    let mut stale = Vec::new();
    let rules = example_rules();
    for rule in &rules {
        let dir = root.join(fixture_dir(rule));
        for (name, example) in [
            ("fail.json", rule.fail_example),
            ("pass.json", rule.pass_example),
        ] {
            let expected = format!("{}\n", pretty_example(example));
            let path = dir.join(name);
            if bless {
                std::fs::create_dir_all(&dir).expect("create the fixture directory");
                std::fs::write(&path, &expected).expect("write the fixture");
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(expected.as_str()) {
                stale.push(path.display().to_string());
            }
        }
    }
    // No directory is left over from a renamed or removed rule.
    let known: Vec<String> = rules.iter().map(|r| fixture_dir(r)).collect();
    for entry in std::fs::read_dir(&root)
        .expect("fixtures/rules exists")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !known.contains(&name) {
            stale.push(format!("{} (no such rule)", entry.path().display()));
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule fixtures (regenerate with WAFLOW_BLESS=1 cargo test -p waflow-core --test rules_fixtures):\n{}",
        stale.join("\n")
    );
}
