//! The JSON Schema layer: one generated schema per Flow JSON version.
//!
//! [`spec`] holds the per-version tables, [`generate`] turns them into schemas (checked in
//! under `schemas/`), and [`validate`] runs the checked-in schema of a flow's version and maps
//! every failure to a [`Finding`](crate::finding::Finding) with Meta's error code.

pub mod descriptions;
pub mod generate;
mod lookup;
pub(crate) mod patterns;
mod report;
mod rule_list;
pub mod spec;
mod text;
mod validator;
mod window;

pub use generate::{generate, render};
/// "Did you mean …?": the candidate nearest to a misspelt word (also for rule ids in the CLI).
pub use report::nearest;
/// The codes a schema rule reports by what failed, with the samples of Meta that decide them.
pub use report::notes as rule_code_notes;
pub use rule_list::{RULES, SchemaRuleInfo};
pub use text::schema_text;
pub use validator::{validate, validate_until};
