//! `docs/rules.md` is generated from the rule registry; this test fails when it is stale.
//! Regenerate with `WAFLOW_BLESS=1 cargo test -p waflow-core --test rules_doc`.

#![allow(clippy::expect_used)]

use waflow_core::rules::docs::{REGENERATE, rules_markdown};

#[test]
fn rules_doc_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    let expected = rules_markdown();
    if std::env::var_os("WAFLOW_BLESS").is_some() {
        std::fs::write(path, &expected).expect("write docs/rules.md");
        return;
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale; regenerate it with `{REGENERATE}`"
    );
}
