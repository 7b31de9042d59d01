//! `fixtures/rules/<rule-id-with-dashes>/{fail,pass}.json` of the component and expression rules
//! are the rules' documented examples, pretty-printed; this test fails when they are stale.
//! Regenerate with `WAFLOW_BLESS=1 cargo test -p waflow-core --test rules_b_fixtures`.
//! (The examples themselves run through the check in `rules_b_examples.rs`.)

#![allow(clippy::expect_used)]

use std::path::PathBuf;

use waflow_core::rules::{Layer, docs::pretty_example, registry};

/// Rules whose failing example is prose (too large to write out); other tests generate one.
const PROSE_EXAMPLES: &[&str] = &["components/image-size"];

/// The rule groups of this part.
const GROUPS: &[&str] = &[
    "bindings/",
    "expressions/",
    "if/",
    "switch/",
    "text/",
    "forms/",
    "counts/",
    "placement/",
    "components/",
    "dates/",
    "calendar/",
    "media/",
    "navigation-list/",
    "inputs/",
];

#[test]
fn fixtures_are_the_documented_examples() {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/rules"));
    let bless = std::env::var_os("WAFLOW_BLESS").is_some();
    let mut stale = Vec::new();
    for rule in registry() {
        if rule.layer != Layer::Semantic
            || !GROUPS.iter().any(|g| rule.id.starts_with(g))
            || PROSE_EXAMPLES.contains(&rule.id)
        {
            continue;
        }
        let dir = root.join(rule.id.replace('/', "-"));
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
    assert!(
        stale.is_empty(),
        "stale rule fixtures (regenerate with WAFLOW_BLESS=1 cargo test -p waflow-core --test rules_b_fixtures):\n{}",
        stale.join("\n")
    );
}
