//! The Graph API paths: any `/vNN.N`, the key as a Bearer token, Graph's bodies and envelopes,
//! and one store shared with the Partner API paths.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{ENDPOINT, Env, KEY, VALID, form, send};

const WABA_ID: &str = "102290129340398";

impl Env {
    fn graph(&self, version: &str, path: &str) -> String {
        format!("{}/{version}/{path}", self.sandbox.url())
    }

    fn bearer(&self, method: Method, url: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, url)
            .header("Authorization", format!("Bearer {KEY}"))
    }

    async fn graph_status(&self, id: &str) -> String {
        let (_, body) = send(
            self.bearer(Method::GET, &self.graph("v24.0", id))
                .query(&[("fields", "status")]),
        )
        .await;
        body["status"].as_str().unwrap_or_default().to_owned()
    }

    async fn graph_create(&self, body: Value) -> (StatusCode, Value) {
        send(
            self.bearer(
                Method::POST,
                &self.graph("v24.0", &format!("{WABA_ID}/flows")),
            )
            .json(&body),
        )
        .await
    }
}

#[tokio::test]
async fn the_key_is_accepted_as_bearer_or_x_api_key_and_refused_in_graphs_envelope() {
    let env = Env::start().await;
    let url = env.graph("v24.0", &format!("{WABA_ID}/flows"));
    let (status, body) = send(env.bearer(Method::GET, &url)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = send(env.http.get(&url).header("X-API-Key", KEY)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = send(env.http.get(&url).header("Authorization", "Bearer nope")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error"]["code"], json!(190), "{body}");
    let (status, body) = send(env.http.get(&url)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    // The Partner API paths take the Bearer form too.
    let (status, body) = send(env.bearer(Method::GET, &env.flows_url(""))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn any_version_is_served_and_the_store_is_shared_with_the_partner_paths() {
    let env = Env::start().await;
    let id = env.create("Made on the hub").await;
    for version in ["v19.0", "v24.0", "v99.9"] {
        let (status, body) = send(
            env.bearer(Method::GET, &env.graph(version, &id))
                .query(&[("fields", "name")]),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{version}: {body}");
        assert_eq!(body["name"], json!("Made on the hub"));
    }
    let (status, body) = send(env.bearer(Method::GET, &env.graph("24.0", &id))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = send(env.bearer(Method::GET, &env.graph("v24.0", "1"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        (&body["error"]["code"], &body["error"]["error_subcode"]),
        (&json!(100), &json!(33)),
        "{body}"
    );
}

#[tokio::test]
async fn create_takes_flow_json_and_publish_in_one_call() {
    let env = Env::start().await;
    let (status, body) = env
        .graph_create(json!({"name": "One shot", "categories": ["OTHER"], "flow_json": VALID, "publish": true}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["success"], json!(true));
    assert_eq!(body["validation_errors"], json!([]));
    let id = body["id"].as_str().expect("id").to_owned();
    assert_eq!(env.graph_status(&id).await, "PUBLISHED");

    let broken = VALID.replacen("\"version\"", "\"verzion\"", 1);
    let (_, body) = env
        .graph_create(json!({"name": "Broken", "categories": ["OTHER"], "flow_json": broken, "publish": true}))
        .await;
    assert!(
        body["validation_errors"]
            .as_array()
            .is_some_and(|e| !e.is_empty()),
        "{body}"
    );
    let id = body["id"].as_str().expect("id").to_owned();
    assert_eq!(
        env.graph_status(&id).await,
        "DRAFT",
        "errors: not published"
    );

    // A form body, as `curl -F`/`-d` sends it.
    let (status, body) = send(
        env.bearer(
            Method::POST,
            &env.graph("v24.0", &format!("{WABA_ID}/flows")),
        )
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("name=Form&categories=%5B%22SIGN_UP%22%5D"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = env
        .graph_create(json!({"name": "Form", "categories": ["OTHER"]}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], json!(100), "duplicate name: {body}");
}

#[tokio::test]
async fn lists_are_data_and_paging_with_cursors() {
    let env = Env::start().await;
    for n in 0..30 {
        let (status, body) = env
            .graph_create(json!({"name": format!("F{n:02}"), "categories": ["OTHER"]}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let url = env.graph("v24.0", &format!("{WABA_ID}/flows"));
    let (_, first) = send(env.bearer(Method::GET, &url)).await;
    let data = first["data"].as_array().expect("data");
    assert_eq!(data.len(), 25, "Graph's default page");
    assert!(first["paging"]["next"].is_string(), "{}", first["paging"]);
    let after = first["paging"]["cursors"]["after"].as_str().expect("after");
    let (_, second) = send(
        env.bearer(Method::GET, &url)
            .query(&[("after", after), ("limit", "25")]),
    )
    .await;
    let rest = second["data"].as_array().expect("data");
    assert_eq!(rest.len(), 5);
    assert_eq!(rest[0]["name"], json!("F25"));
    assert!(
        second["paging"].get("next").is_none(),
        "{}",
        second["paging"]
    );
}

#[tokio::test]
async fn assets_preview_and_health_status_are_graph_shaped() {
    let env = Env::start().await;
    let (_, body) = env
        .graph_create(json!({"name": "Endpoint", "categories": ["OTHER"]}))
        .await;
    let id = body["id"].as_str().expect("id").to_owned();
    // pywa and other Cloud API clients add `messaging_product` to the upload form.
    let (status, body) = send(
        env.bearer(Method::POST, &env.graph("v24.0", &format!("{id}/assets")))
            .multipart(form(ENDPOINT.as_bytes().to_vec()).text("messaging_product", "whatsapp")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, assets) =
        send(env.bearer(Method::GET, &env.graph("v24.0", &format!("{id}/assets")))).await;
    assert_eq!(
        assets["data"][0]["asset_type"],
        json!("FLOW_JSON"),
        "{assets}"
    );

    let get = |fields: &'static str| {
        send(
            env.bearer(Method::GET, &env.graph("v24.0", &id))
                .query(&[("fields", fields)]),
        )
    };
    let (_, a) = get("preview.invalidate(false)").await;
    let (_, b) = get("preview.invalidate(false)").await;
    let (_, c) = get("preview.invalidate(true)").await;
    let url = |v: &Value| {
        v["preview"]["preview_url"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(!url(&a).is_empty(), "{a}");
    assert_eq!(url(&a), url(&b));
    assert_ne!(url(&a), url(&c));

    let (_, health) = get("health_status").await;
    let status = &health["health_status"];
    assert_eq!(status["can_send_message"], json!("BLOCKED"), "{health}");
    assert!(
        status["entities"][0]["errors"][0]["error_description"]
            .as_str()
            .is_some_and(|d| d.contains("endpoint_uri")),
        "{health}"
    );
    let (status, _) = send(
        env.bearer(Method::POST, &env.graph("v24.0", &id))
            .json(&json!({"endpoint_uri": "https://example.com/flow"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, health) = get("health_status").await;
    assert_eq!(
        health["health_status"]["can_send_message"],
        json!("AVAILABLE"),
        "{health}"
    );
}

#[tokio::test]
async fn lifecycle_errors_and_migrate_follow_meta() {
    let env = Env::start().await;
    let (_, body) = env
        .graph_create(json!({"name": "Life", "categories": ["OTHER"], "flow_json": VALID}))
        .await;
    let id = body["id"].as_str().expect("id").to_owned();
    let post = |action: &str| {
        send(env.bearer(Method::POST, &env.graph("v24.0", &format!("{id}/{action}"))))
    };
    let (_, body) = post("deprecate").await;
    assert_eq!(body["error"]["code"], json!(139003), "{body}");
    let (status, body) = post("publish").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = post("publish").await;
    assert_eq!(body["error"]["code"], json!(139002), "{body}");
    let (_, body) = send(env.bearer(Method::DELETE, &env.graph("v24.0", &id))).await;
    assert_eq!(body["error"]["code"], json!(139004), "{body}");

    let (status, body) = send(
        env.bearer(Method::POST, &env.graph("v24.0", "555/migrate_flows"))
            .query(&[
                ("source_waba_id", WABA_ID),
                ("source_flow_names", "[\"Life\"]"),
            ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["migrated_flows"][0]["source_name"],
        json!("Life"),
        "{body}"
    );
}
