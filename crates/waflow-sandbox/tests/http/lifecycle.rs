//! Meta's lifecycle: publish, deprecate, delete and edit refusals, and preview links.

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use waflow_sandbox::SandboxConfig;

#[tokio::test]
async fn draft_to_published_to_deprecated() {
    let env = Env::start().await;
    let id = env.create("Life").await;
    env.upload(&id, VALID).await;
    let (status, body) = env.post(&id, "publish").await;
    assert_eq!((status, body), (StatusCode::OK, json!({"success": true})));
    assert_eq!(env.status_of(&id).await, "PUBLISHED");
    let (status, body) = env.post(&id, "deprecate").await;
    assert_eq!((status, body), (StatusCode::OK, json!({"success": true})));
    assert_eq!(env.status_of(&id).await, "DEPRECATED");
}

#[tokio::test]
async fn publish_refusals() {
    let env = Env::start().await;

    // No Flow JSON yet.
    let empty = env.create("Empty").await;
    let (status, body) = env.post(&empty, "publish").await;
    assert_meta(status, &body, 139002);

    // Validation errors.
    let broken = env.create("Broken").await;
    env.upload(&broken, BROKEN).await;
    let (status, body) = env.post(&broken, "publish").await;
    assert_meta(status, &body, 139002);
    assert_eq!(
        body["error"]["message"],
        json!("Publishing Flow with validation errors")
    );

    // A frozen Flow JSON version.
    let frozen = env.create("Frozen").await;
    env.upload(&frozen, &VALID.replace("7.3", "5.0")).await;
    let (_, errors) = env.get(&frozen, "validation_errors").await;
    assert_eq!(
        errors["validation_errors"],
        json!([]),
        "5.0 is valid, only not publishable"
    );
    let (status, body) = env.post(&frozen, "publish").await;
    assert_meta(status, &body, 139002);
    assert_eq!(
        body["error"]["message"],
        json!("Versions in Flow JSON file are not available for publishing")
    );

    // An endpoint flow without endpoint_uri, then with it.
    let endpoint = env.create("Endpoint").await;
    let (_, upload) = env.upload(&endpoint, ENDPOINT).await;
    assert_eq!(upload["validation_errors"], json!([]));
    let (status, body) = env.post(&endpoint, "publish").await;
    assert_meta(status, &body, 139002);
    assert_eq!(
        body["error"]["message"],
        json!("Publishing without specifying endpoint_uri is forbidden")
    );
    send(
        env.req(Method::PATCH, &env.flows_url(&format!("/{endpoint}")))
            .json(&json!({"endpoint_uri": "https://company.com/ep"})),
    )
    .await;
    let (status, _) = env.post(&endpoint, "publish").await;
    assert_eq!(status, StatusCode::OK);

    // Not a draft any more.
    let (status, body) = env.post(&endpoint, "publish").await;
    assert_meta(status, &body, 139002);
    assert_eq!(
        body["error"]["message"],
        json!("Publishing Flow in invalid state")
    );
    env.post(&endpoint, "deprecate").await;
    let (status, body) = env.post(&endpoint, "publish").await;
    assert_meta(status, &body, 139002);
}

#[tokio::test]
async fn deprecate_refusals() {
    let env = Env::start().await;
    let id = env.create("Dep").await;
    let (status, body) = env.post(&id, "deprecate").await;
    assert_meta(status, &body, 139003);
    env.upload(&id, VALID).await;
    env.post(&id, "publish").await;
    env.post(&id, "deprecate").await;
    let (status, body) = env.post(&id, "deprecate").await;
    assert_meta(status, &body, 139003);
    assert_eq!(
        body["error"]["message"],
        json!("Flow is already deprecated")
    );
}

#[tokio::test]
async fn published_and_deprecated_flows_refuse_delete_and_edits() {
    let env = Env::start().await;
    let id = env.create("Fixed").await;
    env.upload(&id, VALID).await;
    env.post(&id, "publish").await;
    for round in ["PUBLISHED", "DEPRECATED"] {
        assert_eq!(env.status_of(&id).await, round);
        let (status, body) = send(env.req(Method::DELETE, &env.flows_url(&format!("/{id}")))).await;
        assert_meta(status, &body, 139004);
        let (status, body) = send(
            env.req(Method::PATCH, &env.flows_url(&format!("/{id}")))
                .json(&json!({"name": "Renamed"})),
        )
        .await;
        assert_meta(status, &body, 139001);
        let (status, body) = env.upload(&id, VALID).await;
        assert_meta(status, &body, 139001);
        env.post(&id, "deprecate").await;
    }
    let (_, body) = env.get(&id, "name").await;
    assert_eq!(body["name"], json!("Fixed"));
}

#[tokio::test]
async fn published_edits_can_return_the_flow_to_draft() {
    let env = Env::with(SandboxConfig {
        published_edits_return_to_draft: true,
        ..SandboxConfig::new(KEY)
    })
    .await;
    let id = env.create("Editable").await;
    env.upload(&id, VALID).await;
    env.post(&id, "publish").await;
    let (status, body) = env.upload(&id, VALID).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(env.status_of(&id).await, "DRAFT");
    env.post(&id, "publish").await;
    let (status, _) = send(
        env.req(Method::PATCH, &env.flows_url(&format!("/{id}")))
            .json(&json!({"name": "Edited"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(env.status_of(&id).await, "DRAFT");
    // Deprecated stays final.
    env.post(&id, "publish").await;
    env.post(&id, "deprecate").await;
    let (status, body) = env.upload(&id, VALID).await;
    assert_meta(status, &body, 139001);
}

#[tokio::test]
async fn preview_links_are_stable_until_invalidated() {
    let env = Env::start().await;
    let id = env.create("Preview").await;
    let url = env.flows_url(&format!("/{id}/preview"));
    let (status, first) = send(env.req(Method::GET, &url)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["id"], json!(id));
    let link = first["preview"]["preview_url"].as_str().unwrap().to_owned();
    let expires = first["preview"]["expires_at"].as_str().unwrap();
    // Graph's timestamp form: 2024-02-29T06:35:40+0000
    assert_eq!(expires.len(), 24, "{expires}");
    assert!(
        expires.ends_with("+0000") && expires.as_bytes()[10] == b'T',
        "{expires}"
    );

    let (_, again) = send(env.req(Method::GET, &url).query(&[("invalidate", "false")])).await;
    assert_eq!(again, first);
    let (status, page) = send(env.http.get(&link)).await;
    assert_eq!((status, page), (StatusCode::OK, serde_json::Value::Null));

    let (_, rotated) = send(env.req(Method::GET, &url).query(&[("invalidate", "true")])).await;
    let new_link = rotated["preview"]["preview_url"].as_str().unwrap();
    assert_ne!(new_link, link);
    let (status, body) = send(env.http.get(&link)).await;
    assert_hub(status, &body, StatusCode::NOT_FOUND);
    let (status, _) = send(env.http.get(new_link)).await;
    assert_eq!(status, StatusCode::OK);

    let (status, body) = send(env.req(Method::GET, &url).query(&[("invalidate", "maybe")])).await;
    assert_hub(status, &body, StatusCode::BAD_REQUEST);
}
