//! Upload, list and download of flow.json, validation errors, and the size limit.

use crate::support::*;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::json;
use waflow_core::meta_errors::MetaValidationError;

#[tokio::test]
async fn a_valid_upload_has_no_validation_errors() {
    let env = Env::start().await;
    let id = env.create("Valid").await;
    let (status, body) = env.upload(&id, VALID).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"success": true, "validation_errors": []}));
    let (_, body) = env.get(&id, "validation_errors,json_version").await;
    assert_eq!(
        body,
        json!({"id": id, "validation_errors": [], "json_version": "7.3"})
    );
}

#[tokio::test]
async fn an_invalid_upload_is_stored_and_reported_in_metas_shape() {
    let env = Env::start().await;
    let id = env.create("Broken").await;
    let (status, body) = env.upload(&id, BROKEN).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["success"], json!(true));
    let errors: Vec<MetaValidationError> =
        serde_json::from_value(body["validation_errors"].clone()).expect("Meta's shape");
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| e.error_type == "FLOW_JSON_ERROR"));
    // The same errors as a local check, and the same as get-flow reports.
    let report = waflow_core::check("flow.json", BROKEN.as_bytes(), &Default::default());
    assert_eq!(errors, waflow_core::meta_errors::from_report(&report));
    let (_, flow) = env.get(&id, "validation_errors").await;
    assert_eq!(flow["validation_errors"], body["validation_errors"]);

    // A schema-level problem is located, with Meta's dotted path.
    let (_, body) = env
        .upload(&id, r#"{"version": "7.3", "screens": [{"id": 5}]}"#)
        .await;
    let errors: Vec<MetaValidationError> =
        serde_json::from_value(body["validation_errors"].clone()).expect("Meta's shape");
    assert!(
        errors
            .iter()
            .any(|e| e.line_start == 1 && !e.pointers.is_empty()),
        "{body}"
    );

    // Fixing the file clears the errors.
    let (_, body) = env.upload(&id, VALID).await;
    assert_eq!(body["validation_errors"], json!([]));
}

#[tokio::test]
async fn assets_list_a_download_link_serving_the_exact_bytes() {
    let env = Env::start().await;
    let id = env.create("Bytes").await;
    let (status, body) = send(env.req(Method::GET, &env.flows_url(&format!("/{id}/assets")))).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({"assets": [], "count": 0, "total": 0})
        )
    );

    // Odd formatting, CRLF and a BOM must survive byte for byte.
    let raw = format!("\u{feff}{}", VALID.replace('\n', "\r\n"));
    env.upload(&id, &raw).await;
    let (status, body) = send(env.req(Method::GET, &env.flows_url(&format!("/{id}/assets")))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["count"], json!(1));
    assert_eq!(body["total"], json!(1));
    let asset = &body["assets"][0];
    assert_eq!(asset["name"], json!("flow.json"));
    assert_eq!(asset["asset_type"], json!("FLOW_JSON"));
    let link = asset["download_url"].as_str().unwrap().to_owned();
    assert!(link.starts_with(&env.sandbox.url()), "{link}");

    // The link needs no key, like Meta's CDN links.
    let response = env.http.get(&link).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.bytes().await.unwrap().as_ref(), raw.as_bytes());

    // A newer upload retires the old link.
    env.upload(&id, VALID).await;
    let (status, body) = send(env.http.get(&link)).await;
    assert_hub(status, &body, StatusCode::NOT_FOUND);
    for query in ["", "?token=abc", "?token=1"] {
        let url = format!("{}/sandbox/assets/{id}/flow.json{query}", env.sandbox.url());
        let (status, _) = send(env.http.get(url)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{query}");
    }
}

#[tokio::test]
async fn uploads_need_the_three_parts_with_the_supported_values() {
    let env = Env::start().await;
    let id = env.create("Parts").await;
    let url = env.flows_url(&format!("/{id}/assets"));
    let file = || Part::bytes(VALID.as_bytes().to_vec()).file_name("flow.json");
    let forms = [
        Form::new()
            .text("name", "flow.json")
            .text("asset_type", "FLOW_JSON"),
        Form::new()
            .text("asset_type", "FLOW_JSON")
            .part("file", file()),
        Form::new().text("name", "flow.json").part("file", file()),
        Form::new()
            .text("name", "other.json")
            .text("asset_type", "FLOW_JSON")
            .part("file", file()),
        Form::new()
            .text("name", "flow.json")
            .text("asset_type", "IMAGE")
            .part("file", file()),
        Form::new()
            .text("name", "flow.json")
            .text("asset_type", "FLOW_JSON")
            .text("extra", "1")
            .part("file", file()),
        Form::new()
            .text("name", "flow.json")
            .text("asset_type", "FLOW_JSON")
            .part("file", file())
            .part("file", file()),
    ];
    for form in forms {
        let (status, body) = send(env.req(Method::POST, &url).multipart(form)).await;
        assert_hub(status, &body, StatusCode::BAD_REQUEST);
    }
    // Not multipart at all.
    let (status, body) = send(env.req(Method::POST, &url).json(&json!({"file": VALID}))).await;
    assert_hub(status, &body, StatusCode::BAD_REQUEST);
    // Broken multipart framing.
    let (status, body) = send(
        env.req(Method::POST, &url)
            .header("content-type", "multipart/form-data; boundary=XYZ")
            .body("--XYZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc"),
    )
    .await;
    assert_hub(status, &body, StatusCode::BAD_REQUEST);
    // Nothing was stored by any of these.
    let (_, body) = send(env.req(Method::GET, &url)).await;
    assert_eq!(body["count"], json!(0));
}

#[tokio::test]
async fn files_over_10_mb_are_refused() {
    let env = Env::start().await;
    let id = env.create("Big").await;
    let limit = waflow_core::document::MAX_FLOW_JSON_BYTES;

    // Exactly 10 MB is accepted (the content is not valid JSON, so it has validation errors).
    let (status, body) = send(
        env.req(Method::POST, &env.flows_url(&format!("/{id}/assets")))
            .multipart(form(vec![b' '; limit])),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // One byte more is a clear 400.
    let (status, body) = send(
        env.req(Method::POST, &env.flows_url(&format!("/{id}/assets")))
            .multipart(form(vec![b' '; limit + 1])),
    )
    .await;
    assert_hub(status, &body, StatusCode::BAD_REQUEST);
    assert!(
        body["meta"]["developer_message"]
            .as_str()
            .unwrap()
            .contains("10 MB")
    );

    // Far larger bodies are cut off at the transport level with 413.
    let (status, body) = send(
        env.req(Method::POST, &env.flows_url(&format!("/{id}/assets")))
            .multipart(form(vec![b' '; limit + 2 * 1024 * 1024])),
    )
    .await;
    assert_hub(status, &body, StatusCode::PAYLOAD_TOO_LARGE);
}
