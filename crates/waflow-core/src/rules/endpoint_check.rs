//! Registry entries for the findings of `waflow endpoint check`: the replies of a running data
//! endpoint checked against the flow. The `waflow-endpoint` crate reports them with these
//! entries ([`RuleInfo::finding`]), so their id, code and severity are written once, here, where
//! `waflow rules`, `waflow explain` and `docs/rules/` read them. The check of a file never
//! reports them.

use crate::finding::Severity;

use super::engine::{Layer, RuleInfo};

const ENDPOINT: RuleInfo = RuleInfo {
    layer: Layer::Endpoint,
    ..RuleInfo::DEFAULT
};

/// A value of a reply's `data` has another JSON type than the screen's data model declares.
pub const DATA_TYPE: RuleInfo = RuleInfo {
    id: "endpoint/data-type",
    code: "payload-schema-error",
    doc: concat!(
        "Every value an endpoint sends in a reply's `data` must have the type the data model of the screen it opens declares, also inside objects and array items.",
        "\n## Why\n",
        "WhatsApp validates the reply against the screen's `data` model; a value of another type is WhatsApp's runtime error payload-schema-error, and the user sees an error instead of the screen.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the declared `type` of the field. Of the JSON Schema keywords only `type`, `properties`, `required` and `items` are applied; in an array the first item that breaks the shape is reported.",
    ),
    fail_example: r#"reply {"screen": "DETAILS", "data": {"count": "3"}} for a screen declaring "count": {"type": "integer", "__example__": 3}"#,
    pass_example: r#"reply {"screen": "DETAILS", "data": {"count": 3}}"#,
    ..ENDPOINT
};

/// A reply lacks a field of the screen's data model.
pub const DATA_MISSING: RuleInfo = RuleInfo {
    id: "endpoint/data-missing",
    code: "payload-schema-error",
    doc: concat!(
        "A reply must send every field the data model of the screen it opens lists in `required`, and should send the other declared fields.",
        "\n## Why\n",
        "A required field that is absent is WhatsApp's runtime error payload-schema-error; a declared field that is absent leaves what binds it empty on the screen.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the field in the data model. A field that is not `required` is a warning with waflow's code WAFLOW_ENDPOINT_MISSING_FIELD.",
    ),
    fail_example: r#"reply {"screen": "DETAILS", "data": {}} for a screen declaring "required": ["name"] and "name": {"type": "string", "__example__": "Ann"}"#,
    pass_example: r#"reply {"screen": "DETAILS", "data": {"name": "Ann"}}"#,
    ..ENDPOINT
};

/// The code of an [`DATA_MISSING`] finding about a field that is not `required` (a warning).
pub const DATA_MISSING_OPTIONAL_CODE: &str = "WAFLOW_ENDPOINT_MISSING_FIELD";

/// A reply sends a field the screen's data model does not declare.
pub const DATA_UNDECLARED: RuleInfo = RuleInfo {
    id: "endpoint/data-undeclared",
    code: "WAFLOW_ENDPOINT_UNDECLARED_FIELD",
    severity: Severity::Warning,
    doc: concat!(
        "A reply should only send the fields the data model of the screen it opens declares.",
        "\n## Why\n",
        "WhatsApp drops a field the screen does not declare, so nothing on the screen can show it; usually the field is misspelt in the endpoint or missing from the flow.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the screen's data model. `error_message`, which shows an error on the screen, is always allowed.",
    ),
    fail_example: r#"reply {"screen": "DETAILS", "data": {"nmae": "Ann"}} for a screen declaring only "name""#,
    pass_example: r#"reply {"screen": "DETAILS", "data": {"name": "Ann"}}"#,
    ..ENDPOINT
};

/// A reply opens a screen the flow does not have.
pub const SCREEN_UNKNOWN: RuleInfo = RuleInfo {
    id: "endpoint/screen-unknown",
    code: "invalid-screen-transition",
    doc: concat!(
        "The `screen` of a reply must be a screen of the flow (or `SUCCESS`).",
        "\n## Why\n",
        "WhatsApp cannot show a screen the flow does not have: the runtime error invalid-screen-transition, and the user is stuck.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the action that sent the request (on `data_api_version` for INIT).",
    ),
    fail_example: r#"reply {"screen": "NOWHERE", "data": {}} in a flow without a screen NOWHERE"#,
    pass_example: r#"reply {"screen": "DETAILS", "data": {}} in a flow with a screen DETAILS"#,
    ..ENDPOINT
};

/// A reply opens a screen the routing model does not route to from the current one.
pub const SCREEN_ROUTE: RuleInfo = RuleInfo {
    id: "endpoint/screen-route",
    code: "invalid-screen-transition",
    doc: concat!(
        "A reply may only open the current screen or a screen that `routing_model` routes to from it.",
        "\n## Why\n",
        "WhatsApp refuses a transition the routing model does not allow: the runtime error invalid-screen-transition.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the action that sent the request.",
    ),
    fail_example: r#"reply {"screen": "START"} to a data_exchange on DONE, with "routing_model": {"START": ["DONE"], "DONE": []}"#,
    pass_example: r#"reply {"screen": "DONE"} to a data_exchange on START, with "routing_model": {"START": ["DONE"], "DONE": []}"#,
    ..ENDPOINT
};

/// The reply to INIT opens a screen that is not an entry screen.
pub const INIT_SCREEN: RuleInfo = RuleInfo {
    id: "endpoint/init-screen",
    code: "WAFLOW_ENDPOINT_INIT_NOT_ENTRY",
    severity: Severity::Warning,
    doc: concat!(
        "The reply to INIT should open an entry screen: one that no route of `routing_model` leads into from another screen.",
        "\n## Why\n",
        "A flow opens on its entry screen; opening one in the middle skips the screens before it, whose data the later screens usually read.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on `data_api_version`.",
    ),
    fail_example: r#"reply {"screen": "DONE"} to INIT, with "routing_model": {"START": ["DONE"], "DONE": []}"#,
    pass_example: r#"reply {"screen": "START"} to INIT, with "routing_model": {"START": ["DONE"], "DONE": []}"#,
    ..ENDPOINT
};

/// A reply without `screen`.
pub const REPLY_SCREEN: RuleInfo = RuleInfo {
    id: "endpoint/reply-screen",
    code: "WAFLOW_ENDPOINT_NO_SCREEN",
    doc: concat!(
        "Every reply (but the acknowledgement of an error notification) must name the `screen` to show next.",
        "\n## Why\n",
        "Without `screen` WhatsApp does not know what to show, and the user sees an error.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the action that sent the request.",
    ),
    fail_example: r#"reply {"data": {"name": "Ann"}}"#,
    pass_example: r#"reply {"screen": "DETAILS", "data": {"name": "Ann"}}"#,
    ..ENDPOINT
};

/// A `SUCCESS` reply without the flow token in its parameters.
pub const SUCCESS: RuleInfo = RuleInfo {
    id: "endpoint/success",
    code: "WAFLOW_ENDPOINT_SUCCESS_PARAMS",
    doc: concat!(
        "A reply that completes the flow (`\"screen\": \"SUCCESS\"`) must carry the request's flow token in `data.extension_message_response.params.flow_token`.",
        "\n## Why\n",
        "WhatsApp sends these parameters back to the business in the completion message; without the flow token the business cannot tell which conversation completed.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the action that sent the request.",
    ),
    fail_example: r#"reply {"screen": "SUCCESS", "data": {}}"#,
    pass_example: r#"reply {"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"flow_token": "<the request's flow_token>"}}}}"#,
    ..ENDPOINT
};

/// A reply that took more than a second.
pub const SLOW: RuleInfo = RuleInfo {
    id: "endpoint/slow",
    code: "WAFLOW_ENDPOINT_SLOW",
    severity: Severity::Warning,
    doc: concat!(
        "An endpoint should answer each request within one second.",
        "\n## Why\n",
        "WhatsApp throttles endpoints slower than 1 s and gives up after 10 s; the user waits on a spinner meanwhile.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the action that sent the request, with the latency measured.",
    ),
    fail_example: "(a reply after 1.5 s)",
    pass_example: "(a reply after 200 ms)",
    ..ENDPOINT
};

/// No reply within the time limit.
pub const TIMEOUT: RuleInfo = RuleInfo {
    id: "endpoint/timeout",
    code: "timeout_error",
    doc: concat!(
        "An endpoint must answer within the time limit (WhatsApp's is 10 s; `--timeout` changes waflow's).",
        "\n## Why\n",
        "WhatsApp gives up after 10 s with its runtime error timeout_error, and the user sees an error.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the action that sent the request.",
    ),
    fail_example: "(no reply within 10 s)",
    pass_example: "(a reply within 1 s)",
    ..ENDPOINT
};

/// A reply with an HTTP status other than 200.
pub const HTTP_STATUS: RuleInfo = RuleInfo {
    id: "endpoint/http-status",
    code: "unexpected_http_status_code",
    doc: concat!(
        "An endpoint must answer a request it accepts with HTTP 200.",
        "\n## Why\n",
        "Any other status is WhatsApp's runtime error unexpected_http_status_code, and the user sees an error.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the action that sent the request. HTTP 421, 427 and 432 (the endpoint refuses the key, the flow token or the signature) and redirects stop the replay instead.",
    ),
    fail_example: "(HTTP 500)",
    pass_example: "(HTTP 200 with the encrypted reply)",
    ..ENDPOINT
};

/// A reply that does not decrypt, or is not JSON once decrypted.
pub const UNDECRYPTABLE: RuleInfo = RuleInfo {
    id: "endpoint/undecryptable",
    code: "response-decryption-error",
    doc: concat!(
        "A reply must be the base64 of its JSON encrypted with the request's AES key and the bitwise-inverted IV.",
        "\n## Why\n",
        "WhatsApp cannot read any other body: the runtime error response-decryption-error.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the action that sent the request, saying what the body is instead (empty, plain JSON, an HTML page, not base64, another key).",
    ),
    fail_example: r#"(the plain JSON {"screen": "DETAILS", "data": {}})"#,
    pass_example: "(the same JSON encrypted and base64-encoded)",
    ..ENDPOINT
};

/// A reply larger than waflow reads.
pub const TOO_LARGE: RuleInfo = RuleInfo {
    id: "endpoint/too-large",
    code: "WAFLOW_ENDPOINT_REPLY_TOO_LARGE",
    doc: concat!(
        "A reply may not exceed 4 MiB.",
        "\n## Why\n",
        "A reply that large is far beyond what a screen can show, and waflow stops reading it rather than hold an endless body in memory.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on the action that sent the request.",
    ),
    fail_example: "(a reply of 5 MiB)",
    pass_example: "(a reply of a few kilobytes)",
    ..ENDPOINT
};

/// The error notification is not acknowledged.
pub const ERROR_NOTIFICATION: RuleInfo = RuleInfo {
    id: "endpoint/error-notification",
    code: "WAFLOW_ENDPOINT_ERROR_NOT_ACKNOWLEDGED",
    severity: Severity::Warning,
    doc: concat!(
        "An endpoint should answer an error notification (a request whose `data` has `error`) with `{\"data\": {\"acknowledged\": true}}`.",
        "\n## Why\n",
        "WhatsApp notifies the endpoint when one of its replies broke a screen; the acknowledgement tells it the endpoint saw the error.",
        "\n## Notes\n",
        "Reported by `waflow endpoint check` on `data_api_version`, after the replay.",
    ),
    fail_example: r#"reply {"screen": "START", "data": {}} to the error notification"#,
    pass_example: r#"reply {"data": {"acknowledged": true}} to the error notification"#,
    ..ENDPOINT
};

/// Every rule of `waflow endpoint check`, in listing order.
pub(crate) const RULES: &[RuleInfo] = &[
    DATA_TYPE,
    DATA_MISSING,
    DATA_UNDECLARED,
    SCREEN_UNKNOWN,
    SCREEN_ROUTE,
    INIT_SCREEN,
    REPLY_SCREEN,
    SUCCESS,
    SLOW,
    TIMEOUT,
    HTTP_STATUS,
    UNDECRYPTABLE,
    TOO_LARGE,
    ERROR_NOTIFICATION,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_of_an_absent_optional_field_is_documented() {
        assert!(DATA_MISSING.notes().contains(DATA_MISSING_OPTIONAL_CODE));
    }
}
