//! The checked-in schema files, compiled into the library.

use crate::version::FlowVersion;

/// The JSON Schema of `version`, exactly as checked in under `schemas/`.
pub fn schema_text(version: FlowVersion) -> &'static str {
    match version {
        FlowVersion::V2_1 => include_str!("../../../../schemas/flow-json-2.1.schema.json"),
        FlowVersion::V3_0 => include_str!("../../../../schemas/flow-json-3.0.schema.json"),
        FlowVersion::V3_1 => include_str!("../../../../schemas/flow-json-3.1.schema.json"),
        FlowVersion::V4_0 => include_str!("../../../../schemas/flow-json-4.0.schema.json"),
        FlowVersion::V5_0 => include_str!("../../../../schemas/flow-json-5.0.schema.json"),
        FlowVersion::V5_1 => include_str!("../../../../schemas/flow-json-5.1.schema.json"),
        FlowVersion::V6_0 => include_str!("../../../../schemas/flow-json-6.0.schema.json"),
        FlowVersion::V6_1 => include_str!("../../../../schemas/flow-json-6.1.schema.json"),
        FlowVersion::V6_2 => include_str!("../../../../schemas/flow-json-6.2.schema.json"),
        FlowVersion::V6_3 => include_str!("../../../../schemas/flow-json-6.3.schema.json"),
        FlowVersion::V7_0 => include_str!("../../../../schemas/flow-json-7.0.schema.json"),
        FlowVersion::V7_1 => include_str!("../../../../schemas/flow-json-7.1.schema.json"),
        FlowVersion::V7_2 => include_str!("../../../../schemas/flow-json-7.2.schema.json"),
        FlowVersion::V7_3 => include_str!("../../../../schemas/flow-json-7.3.schema.json"),
    }
}
