//! Meta's semantic rules, run over a document after the schema layer.

use serde_json::Value;

use crate::finding::Finding;
use crate::version::FlowVersion;

/// Runs every semantic rule that applies to `version`.
pub fn run(_version: FlowVersion, _doc: &Value) -> Vec<Finding> {
    Vec::new()
}
