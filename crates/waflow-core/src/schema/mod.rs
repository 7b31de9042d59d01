//! The JSON Schema layer: one generated schema per Flow JSON version.
//!
//! [`spec`] holds the per-version tables, [`generate`] turns them into schemas (checked in
//! under `schemas/`), and [`validate`] runs the checked-in schema of a flow's version and maps
//! every failure to a [`Finding`] with Meta's error code.

pub mod descriptions;
pub mod generate;
mod patterns;
mod report;
mod rule_list;
pub mod spec;
mod split;
mod text;
mod validator;
mod window;

use serde_json::Value;

use crate::finding::Finding;
use crate::version::FlowVersion;

pub use generate::{generate, render};
/// "Did you mean …?": the candidate nearest to a misspelt word (also for rule ids in the CLI).
pub use report::nearest;
pub use rule_list::{RULES, SchemaRuleInfo};
pub use text::schema_text;

/// Validates `doc` against the schema of `version` and returns the failures as findings.
pub fn validate(version: FlowVersion, doc: &Value) -> Vec<Finding> {
    validator::validate(version, doc)
}

/// [`validate`], stopping once `enough`, given the findings of each schema error as they are
/// made, answers `true`; arrays longer than `window` elements are listed that many elements at
/// a time. The flag tells whether it stopped early (more errors may follow).
pub fn validate_until(
    version: FlowVersion,
    doc: &Value,
    window: usize,
    enough: &mut dyn FnMut(&[Finding]) -> bool,
) -> (Vec<Finding>, bool) {
    validator::validate_until(version, doc, window, enough)
}
