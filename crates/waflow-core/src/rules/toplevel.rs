//! Top-level rules and the endpoint linkage: `data_api_version`, `routing_model`,
//! `data_channel_uri`, `refresh_on_back`, screen count.

use serde_json::Value;

use crate::finding::Anchor;
use crate::version::FlowVersion;

use super::engine::{Rule, RuleInfo, Sink};
use super::refs::{done_screen, exchange_screen, flow, nav_screen};
use super::walker::Ctx;

/// Meta's limit on the number of screens in a flow.
const MAX_SCREENS: usize = 100;

/// The top-level and endpoint rules.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "endpoint/data-exchange-needs-data-api-version",
            code: "MISSING_REQUIRED_PROPERTY",
            summary: "A flow that uses a `data_exchange` action must declare `data_api_version`.",
            why: "`data_exchange` calls your endpoint; without `data_api_version` Meta treats the flow as endpoint-less and rejects the action.",
            fail_example: flow!("7.3"; r#""routing_model":{"A":["B"]},"#; exchange_screen!("A"), done_screen!("B")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":["B"]},"#; exchange_screen!("A"), done_screen!("B")),
            notes: "Reported at the `name` of every `data_exchange` action (on-click and on-select).",
            ..RuleInfo::DEFAULT
        },
        check: Some(data_exchange_needs_dav),
    },
    Rule {
        info: RuleInfo {
            id: "endpoint/data-api-version-needs-routing-model",
            code: "MISSING_REQUIRED_PROPERTY",
            summary: "A flow with `data_api_version` must declare a `routing_model`.",
            why: "Endpoint flows are routed by the routing model; Meta refuses `data_api_version` without one.",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","#; done_screen!("A")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":[]},"#; done_screen!("A")),
            notes: "A one-screen flow can use `{\"ONLY\": []}`.",
            ..RuleInfo::DEFAULT
        },
        check: Some(dav_needs_routing_model),
    },
    Rule {
        info: RuleInfo {
            id: "endpoint/unsupported-data-api-version",
            code: "NO_SUPPORTED_DATA_API_VERSION",
            summary: "`data_api_version` must be \"3.0\", or \"3.0\"/\"4.0\" from Flow JSON 7.3.",
            why: "Each Flow JSON version works with specific Data API versions; Data API 4.0 (signed flow tokens) needs Flow JSON 7.3.",
            fail_example: flow!("7.2"; r#""data_api_version":"4.0","routing_model":{"A":[]},"#; done_screen!("A")),
            pass_example: flow!("7.3"; r#""data_api_version":"4.0","routing_model":{"A":[]},"#; done_screen!("A")),
            notes: "Meta's builder reports this through the schema (INVALID_ENUM_VALUE / INVALID_PROPERTY_VALUE); the error-code reference names NO_SUPPORTED_DATA_API_VERSION. Whether Meta's server accepts \"4.0\" below 7.3 is unconfirmed. Non-string values are left to the schema layer.",
            reported_by: Some("schema/enum"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "endpoint/data-channel-uri-removed",
            code: "INVALID_PROPERTY_KEY",
            since: FlowVersion::V3_0,
            summary: "`data_channel_uri` no longer exists from Flow JSON 3.0.",
            why: "From 3.0 the endpoint URL is the flow's `endpoint_uri`, set through the Flows API or the builder, not in the JSON.",
            fail_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":[]},"data_channel_uri":"https://example.com/flow","#; done_screen!("A")),
            pass_example: flow!("7.3"; r#""data_api_version":"3.0","routing_model":{"A":[]},"#; done_screen!("A")),
            notes: "Meta's docs table prints `data_api_version` in this message by mistake; the builder names `data_channel_uri`. The schema layer may also report the key as unknown.",
            reported_by: Some("schema/unknown-property"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "endpoint/data-channel-uri-format",
            code: "INVALID_PROPERTY_VALUE_FORMAT",
            until: Some(FlowVersion::V3_0),
            summary: "Below 3.0, `data_channel_uri` must be an absolute http(s) URI.",
            why: "Meta calls this URL for every data exchange; anything else cannot be reached.",
            fail_example: flow!("2.1"; r#""data_api_version":"3.0","routing_model":{"A":[]},"data_channel_uri":"example.com/flow","#; done_screen!("A")),
            pass_example: flow!("2.1"; r#""data_api_version":"3.0","routing_model":{"A":[]},"data_channel_uri":"https://example.com/flow","#; done_screen!("A")),
            reported_by: Some("schema/pattern"),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "endpoint/refresh-on-back-without-endpoint",
            code: "INVALID_PROPERTY_VALUE",
            summary: "`refresh_on_back: true` needs `data_api_version`.",
            why: "Refreshing on back sends a BACK request to the endpoint; a flow without an endpoint cannot do that.",
            fail_example: flow!("7.3"; r#"{"id":"A","title":"A","refresh_on_back":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}}"#, done_screen!("B")),
            pass_example: flow!("7.3"; nav_screen!("A", "B"), done_screen!("B")),
            ..RuleInfo::DEFAULT
        },
        check: Some(refresh_on_back),
    },
    Rule {
        info: RuleInfo {
            id: "toplevel/too-many-screens",
            code: "MAX_SCREENS_NUMBER",
            summary: "A flow may have at most 100 screens.",
            why: "Meta rejects flows with more than 100 screens.",
            fail_example: "{\"version\": \"7.3\", \"screens\": [ …101 screens… ]}",
            pass_example: "{\"version\": \"7.3\", \"screens\": [ …100 screens or fewer… ]}",
            notes: "The limit is a default of Meta's builder validator; no documentation states it. Reported once, at the 101st screen.",
            ..RuleInfo::DEFAULT
        },
        check: Some(too_many_screens),
    },
    Rule {
        info: RuleInfo {
            id: "endpoint/endpoint-uri-before-publish",
            code: "139002",
            since: FlowVersion::V3_0,
            summary: "An endpoint flow needs its `endpoint_uri` set through the API before it can be published.",
            why: "Publishing fails with \"Publishing without specifying endpoint_uri is forbidden\".",
            fail_example: "(an endpoint flow uploaded without setting endpoint_uri, then published)",
            pass_example: "(POST /{flow-id} with endpoint_uri, then publish)",
            notes: "A Graph API error (code 139002), not a validation error.",
            not_checked_reason: Some(
                "the endpoint URI is a property of the flow in Meta's API, not of the Flow JSON file",
            ),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
    Rule {
        info: RuleInfo {
            id: "endpoint/health-check-before-publish",
            code: "139002",
            summary: "An endpoint flow can only be published when its endpoint answers Meta's health check and the app, signed public key, phone number and webhook subscription are in place.",
            why: "Publishing fails with \"Endpoint Not Available\", \"Missing Flows Signed Public Key\" and similar errors.",
            fail_example: "(an endpoint that does not answer {\"action\": \"ping\"})",
            pass_example: "(an endpoint answering {\"data\": {\"status\": \"active\"}})",
            not_checked_reason: Some(
                "needs the live endpoint and the WhatsApp Business Account setup",
            ),
            ..RuleInfo::DEFAULT
        },
        check: None,
    },
];

fn data_exchange_needs_dav(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.has_endpoint() {
        return;
    }
    for action in ctx
        .actions
        .iter()
        .filter(|a| a.name == Some("data_exchange"))
    {
        sink.report(
            action.pointer_to("name"),
            "data_exchange calls an endpoint, but the flow declares no \"data_api_version\"",
        )
        .help("add \"data_api_version\": \"3.0\" and a \"routing_model\" at the top level, or use navigate/complete instead");
    }
}

fn dav_needs_routing_model(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.has_endpoint() && ctx.root.is_some() && !ctx.declares_routing_model() {
        sink.report(
            "/data_api_version",
            "the flow declares \"data_api_version\" but no \"routing_model\"",
        )
        .anchor(Anchor::Key)
        .help("add a \"routing_model\" listing, for each screen id, the screens it may go to next");
    }
}

fn refresh_on_back(ctx: &Ctx<'_>, sink: &mut Sink) {
    if ctx.has_endpoint() {
        return;
    }
    for screen in &ctx.screens {
        if screen.value.get("refresh_on_back") == Some(&Value::Bool(true)) {
            sink.report(
                format!("{}/refresh_on_back", screen.pointer),
                format!(
                    "screen {} asks to refresh on back, but the flow has no endpoint (\"data_api_version\")",
                    screen.label()
                ),
            )
            .help("remove \"refresh_on_back\", or declare \"data_api_version\" and handle the BACK request in your endpoint");
        }
    }
}

fn too_many_screens(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(Value::Array(screens)) = ctx.root.and_then(|r| r.get("screens")) else {
        return;
    };
    if screens.len() > MAX_SCREENS {
        sink.report(
            format!("/screens/{MAX_SCREENS}"),
            format!(
                "the flow has {} screens; Meta allows at most {MAX_SCREENS}",
                screens.len()
            ),
        )
        .help("split the flow, or reuse screens with data from navigate payloads or the endpoint");
    }
}
