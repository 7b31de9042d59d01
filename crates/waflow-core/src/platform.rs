//! Facts about Meta's Flows platform that sit outside the Flow JSON schema but that the uploader
//! and the sandbox both need: flow categories and when a flow needs an endpoint.

use serde_json::Value;

use crate::version::FlowVersion;

/// The flow categories Meta accepts when a flow is created or updated.
pub const FLOW_CATEGORIES: [&str; 8] = [
    "SIGN_UP",
    "SIGN_IN",
    "APPOINTMENT_BOOKING",
    "LEAD_GENERATION",
    "CONTACT_US",
    "CUSTOMER_SUPPORT",
    "SURVEY",
    "OTHER",
];

/// Whether a flow talks to an endpoint: it declares `data_api_version`, or some `*-action`
/// anywhere in it is a `data_exchange` action.
pub fn uses_endpoint(flow_json: &Value) -> bool {
    flow_json.get("data_api_version").is_some() || has_data_exchange(flow_json)
}

fn has_data_exchange(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, v)| {
            (key.ends_with("-action")
                && v.get("name").and_then(Value::as_str) == Some("data_exchange"))
                || has_data_exchange(v)
        }),
        Value::Array(items) => items.iter().any(has_data_exchange),
        _ => false,
    }
}

/// Whether Meta keeps the endpoint URL outside the Flow JSON (`endpoint_uri`, set through the
/// API) for this version: 3.0 and later. Below 3.0 it is `data_channel_uri` inside the JSON.
pub fn endpoint_uri_applies(version: FlowVersion) -> bool {
    version >= FlowVersion::V3_0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn endpoint_use_is_detected_from_actions_or_data_api_version() {
        let footer = |name: &str| {
            json!({"version": "7.3", "screens": [{"id": "A", "layout": {"children": [
                {"type": "Footer", "label": "Go", "on-click-action": {"name": name, "payload": {}}},
                {"type": "TextInput", "name": "data_exchange"},
                {"type": "X", "action": {"name": "data_exchange"}}
            ]}}]})
        };
        assert!(uses_endpoint(&footer("data_exchange")));
        assert!(
            !uses_endpoint(&footer("complete")),
            "only *-action keys are actions"
        );
        assert!(uses_endpoint(
            &json!({"version": "7.3", "data_api_version": "3.0"})
        ));
        assert!(endpoint_uri_applies(FlowVersion::V3_0));
        assert!(!endpoint_uri_applies(FlowVersion::V2_1));
    }
}
