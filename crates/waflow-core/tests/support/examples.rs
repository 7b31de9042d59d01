//! The semantic rules whose documented examples are checkable flows, and where their fixtures are.

use std::path::PathBuf;

use waflow_core::rules::{Layer, RuleInfo, registry};

/// Rules whose failing example is prose (too large to write out); `rules_generated.rs` (screen
/// and branch counts) and `rules_components.rs` (image size) build their failing flows instead.
const PROSE_EXAMPLES: &[&str] = &[
    "toplevel/too-many-screens",
    "navigation/too-many-branches",
    "components/image-size",
];

/// Every checked semantic rule with a failing and a passing example flow.
pub fn example_rules() -> Vec<&'static RuleInfo> {
    registry()
        .into_iter()
        .filter(|r| r.layer == Layer::Semantic && r.not_checked_reason.is_none())
        .filter(|r| !PROSE_EXAMPLES.contains(&r.id))
        .collect()
}

/// `fixtures/rules`, which holds the example flows of rule `GROUP/NAME` in `GROUP/NAME/`.
pub fn fixtures_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/rules"))
}
