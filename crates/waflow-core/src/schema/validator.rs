//! One compiled validator per version, built on first use from the checked-in schema.

use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::Value;

use super::report::{self, Context};
use super::rule_list::INTERNAL;
use super::text::schema_text;
use crate::finding::Finding;
use crate::version::FlowVersion;

struct Compiled {
    schema: Value,
    validator: Validator,
}

const VERSIONS: usize = FlowVersion::ALL.len();

static COMPILED: [OnceLock<Result<Compiled, String>>; VERSIONS] =
    [const { OnceLock::new() }; VERSIONS];

fn compile(version: FlowVersion) -> Result<Compiled, String> {
    let schema: Value = serde_json::from_str(schema_text(version)).map_err(|e| e.to_string())?;
    // The patterns use no look-around, so the linear-time `regex` engine can run them.
    let validator = jsonschema::draft202012::options()
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(&schema)
        .map_err(|e| e.to_string())?;
    Ok(Compiled { schema, validator })
}

fn compiled(version: FlowVersion) -> &'static Result<Compiled, String> {
    COMPILED[version as usize].get_or_init(|| compile(version))
}

/// Validates `doc` against the checked-in schema of `version`.
pub fn validate(version: FlowVersion, doc: &Value) -> Vec<Finding> {
    match compiled(version) {
        Ok(c) if c.validator.is_valid(doc) => Vec::new(),
        Ok(c) => {
            let ctx = Context {
                version,
                doc,
                schema: &c.schema,
            };
            let mut findings = Vec::new();
            for error in c.validator.iter_errors(doc) {
                report::push(&ctx, &error, &mut findings);
            }
            report::finish(&ctx, findings)
        }
        Err(reason) => vec![Finding::error(
            INTERNAL.id,
            INTERNAL.code,
            "",
            format!("the built-in schema of Flow JSON {version} could not be loaded: {reason}"),
        )],
    }
}
