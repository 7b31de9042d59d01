//! Shared helpers: a started sandbox and a small client over real HTTP.

use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use waflow_sandbox::{Sandbox, SandboxConfig};

pub const KEY: &str = "test-key";
pub const PARTNER: &str = "examplePA";
pub const WABA: &str = "exampleWA";

/// A static one-screen flow with no findings.
pub const VALID: &str = include_str!("../../../../fixtures/api/valid.json");

/// A one-screen flow that talks to an endpoint.
pub const ENDPOINT: &str = include_str!("../../../../fixtures/api/endpoint.json");

/// Not JSON at all.
pub const BROKEN: &str = "{\n  \"version\": \"7.3\",\n  \"screens\": [\n";

pub struct Env {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
}

impl Env {
    pub async fn start() -> Env {
        Env::with(SandboxConfig::new(KEY)).await
    }

    pub async fn with(config: SandboxConfig) -> Env {
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .expect("client");
        Env { sandbox, http }
    }

    /// `…/flows` of the default partner and WABA, plus `rest`.
    pub fn flows_url(&self, rest: &str) -> String {
        self.waba_url(WABA, rest)
    }

    pub fn waba_url(&self, waba: &str, rest: &str) -> String {
        let path = waflow_sandbox::FLOWS_PATH
            .replace("{partner_id}", PARTNER)
            .replace("{waba_account_id}", waba);
        format!("{}{path}{rest}", self.sandbox.url())
    }

    /// An authenticated request.
    pub fn req(&self, method: Method, url: &str) -> RequestBuilder {
        self.http.request(method, url).header("X-API-Key", KEY)
    }

    pub async fn create(&self, name: &str) -> String {
        self.create_in(WABA, json!({"name": name, "categories": ["OTHER"]}))
            .await
    }

    pub async fn create_in(&self, waba: &str, body: Value) -> String {
        let (status, body) =
            send(self.req(Method::POST, &self.waba_url(waba, "")).json(&body)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["id"].as_str().expect("id").to_owned()
    }

    pub async fn upload(&self, id: &str, flow: &str) -> (StatusCode, Value) {
        send(
            self.req(Method::POST, &self.flows_url(&format!("/{id}/assets")))
                .multipart(form(flow.as_bytes().to_vec())),
        )
        .await
    }

    pub async fn get(&self, id: &str, fields: &str) -> (StatusCode, Value) {
        send(
            self.req(Method::GET, &self.flows_url(&format!("/{id}")))
                .query(&[("fields", fields)]),
        )
        .await
    }

    pub async fn post(&self, id: &str, action: &str) -> (StatusCode, Value) {
        send(self.req(Method::POST, &self.flows_url(&format!("/{id}/{action}")))).await
    }

    pub async fn status_of(&self, id: &str) -> String {
        let (_, body) = self.get(id, "status").await;
        body["status"].as_str().unwrap_or_default().to_owned()
    }
}

/// The upload form as the Partner API expects it.
pub fn form(bytes: Vec<u8>) -> Form {
    Form::new()
        .text("name", "flow.json")
        .text("asset_type", "FLOW_JSON")
        .part(
            "file",
            Part::bytes(bytes)
                .file_name("flow.json")
                .mime_str("application/json")
                .expect("mime"),
        )
}

/// Sends and reads the JSON body (`Value::Null` when the body is not JSON).
pub async fn send(request: RequestBuilder) -> (StatusCode, Value) {
    let response: Response = request.send().await.expect("response");
    let status = response.status();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Asserts a Meta error envelope with `code`.
pub fn assert_meta(status: StatusCode, body: &Value, code: u64) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], json!(code), "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    assert!(body["error"]["error_user_msg"].is_string(), "{body}");
}

/// Asserts a hub error envelope with `status`.
pub fn assert_hub(status: StatusCode, body: &Value, want: StatusCode) {
    assert_eq!(status, want, "{body}");
    assert_eq!(body["meta"]["success"], json!(false), "{body}");
    assert_eq!(body["meta"]["http_code"], json!(want.as_u16()), "{body}");
    assert!(body["meta"]["developer_message"].is_string(), "{body}");
}
