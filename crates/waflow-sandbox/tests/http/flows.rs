//! Flow collection and metadata routes, auth, 404 and 400, over real HTTP.

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use waflow_sandbox::SandboxConfig;

#[tokio::test]
async fn create_then_list_and_get_with_default_fields() {
    let env = Env::start().await;
    let a = env.create("Sign Up").await;
    let b = env
        .create_in(WABA, json!({"name": "Survey", "categories": ["SURVEY", "OTHER"], "endpoint_uri": "https://company.com/flow"}))
        .await;
    assert_eq!(a, "1000000000001");
    assert_eq!(b, "1000000000002");

    let (status, body) = send(env.req(Method::GET, &env.flows_url(""))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"flows": [
            {"id": a, "name": "Sign Up", "categories": ["OTHER"], "validation_errors": [], "status": "DRAFT"},
            {"id": b, "name": "Survey", "categories": ["SURVEY", "OTHER"], "validation_errors": [], "status": "DRAFT"},
        ], "count": 2, "total": 2})
    );

    let (status, body) = send(env.req(Method::GET, &env.flows_url(&format!("/{b}")))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"id": b, "name": "Survey", "categories": ["SURVEY", "OTHER"], "validation_errors": [], "status": "DRAFT"})
    );
}

#[tokio::test]
async fn fields_select_what_is_returned_in_every_encoding() {
    let env = Env::start().await;
    let id = env
        .create_in(WABA, json!({"name": "Ep", "categories": ["OTHER"], "endpoint_uri": "https://company.com/flow"}))
        .await;
    env.upload(&id, ENDPOINT).await;

    let (_, body) = env
        .get(
            &id,
            "name,json_version,data_api_version,endpoint_uri,whatsapp_business_account",
        )
        .await;
    assert_eq!(
        body,
        json!({"id": id, "name": "Ep", "json_version": "7.3", "data_api_version": "3.0",
               "endpoint_uri": "https://company.com/flow", "whatsapp_business_account": {"id": WABA}})
    );
    let (_, json_array) = env.get(&id, r#"["name","json_version","data_api_version","endpoint_uri","whatsapp_business_account"]"#).await;
    assert_eq!(json_array, body);
    let (_, repeated) = send(
        env.req(Method::GET, &env.flows_url(&format!("/{id}")))
            .query(&[("fields", "name"), ("fields", "status")]),
    )
    .await;
    assert_eq!(repeated, json!({"id": id, "name": "Ep", "status": "DRAFT"}));

    let (_, listed) = send(
        env.req(Method::GET, &env.flows_url(""))
            .query(&[("fields", "name")]),
    )
    .await;
    assert_eq!(
        listed,
        json!({"flows": [{"id": id, "name": "Ep"}], "count": 1, "total": 1})
    );

    // Preview is created on demand and stays the same across reads.
    let (_, first) = env.get(&id, "preview").await;
    let (_, second) = env.get(&id, "preview").await;
    assert!(
        first["preview"]["preview_url"]
            .as_str()
            .unwrap()
            .starts_with(&env.sandbox.url())
    );
    assert_eq!(first, second);

    let (status, body) = env.get(&id, "name,colour").await;
    assert_hub(status, &body, StatusCode::BAD_REQUEST);
    let (status, body) = env.get(&id, "metric").await;
    assert_meta(status, &body, 139006);
}

#[tokio::test]
async fn names_are_unique_per_waba_account() {
    let env = Env::start().await;
    env.create("Sign Up").await;
    let (status, body) = send(
        env.req(Method::POST, &env.flows_url(""))
            .json(&json!({"name": "Sign Up", "categories": ["SIGN_UP"]})),
    )
    .await;
    assert_meta(status, &body, 100);
    assert_eq!(body["error"]["error_subcode"], json!(4016019));
    // Another WABA account of the same partner has its own names and flows.
    env.create_in(
        "otherWA",
        json!({"name": "Sign Up", "categories": ["SIGN_UP"]}),
    )
    .await;
    let (_, other) = send(env.req(Method::GET, &env.waba_url("otherWA", ""))).await;
    assert_eq!(other["count"], json!(1));
    // Renaming onto a taken name is refused too.
    let b = env.create("Other").await;
    let (status, body) = send(
        env.req(Method::PATCH, &env.flows_url(&format!("/{b}")))
            .json(&json!({"name": "Sign Up"})),
    )
    .await;
    assert_meta(status, &body, 100);
}

#[tokio::test]
async fn create_refuses_malformed_payloads() {
    let env = Env::start().await;
    let url = env.flows_url("");
    for body in [
        "not json",
        r#"{"categories": ["OTHER"]}"#,
        r#"{"name": "  ", "categories": ["OTHER"]}"#,
        r#"{"name": "x", "categories": []}"#,
        r#"{"name": "x", "categories": ["SHOPPING_SPREE"]}"#,
        r#"{"name": "x", "categories": ["OTHER"], "flow_json": "{}"}"#,
        r#"{"name": 7}"#,
    ] {
        let (status, reply) = send(
            env.req(Method::POST, &url)
                .header("content-type", "application/json")
                .body(body),
        )
        .await;
        assert_hub(status, &reply, StatusCode::BAD_REQUEST);
    }
    let (status, reply) = send(
        env.req(Method::POST, &url)
            .json(&json!({"name": "x", "endpoint_uri": "ftp://nope"})),
    )
    .await;
    assert_meta(status, &reply, 100);
    // Categories default to OTHER when absent.
    let id = env.create_in(WABA, json!({"name": "No categories"})).await;
    let (_, body) = env.get(&id, "categories").await;
    assert_eq!(body["categories"], json!(["OTHER"]));
}

#[tokio::test]
async fn clone_copies_the_flow_json() {
    let env = Env::start().await;
    let source = env.create("Source").await;
    env.upload(&source, VALID).await;
    let copy = env
        .create_in(
            WABA,
            json!({"name": "Copy", "categories": ["OTHER"], "clone_flow_id": source}),
        )
        .await;
    let (_, body) = env.get(&copy, "json_version,status").await;
    assert_eq!(
        body,
        json!({"id": copy, "json_version": "7.3", "status": "DRAFT"})
    );

    let (status, body) = send(
        env.req(Method::POST, &env.flows_url(""))
            .json(&json!({"name": "Ghost", "clone_flow_id": "999"})),
    )
    .await;
    assert_meta(status, &body, 100);

    // A flow older than 3.0 keeps its endpoint in the JSON: endpoint_uri is refused.
    let old = env.create("Old").await;
    env.upload(
        &old,
        r#"{"version": "2.1", "data_channel_uri": "https://x.example/ep", "screens": []}"#,
    )
    .await;
    let (status, body) = send(env.req(Method::POST, &env.flows_url("")).json(&json!({
        "name": "Old copy", "clone_flow_id": old, "endpoint_uri": "https://company.com/flow"
    })))
    .await;
    assert_meta(status, &body, 100);
    let (_, body) = env.get(&old, "data_channel_uri").await;
    assert_eq!(body["data_channel_uri"], json!("https://x.example/ep"));
}

#[tokio::test]
async fn update_metadata_with_patch_or_post() {
    let env = Env::start().await;
    let id = env.create("Before").await;
    let url = env.flows_url(&format!("/{id}"));
    let (status, body) = send(
        env.req(Method::PATCH, &url)
            .json(&json!({"name": "After", "categories": ["SURVEY"]})),
    )
    .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"success": true})));
    let (status, _) = send(
        env.req(Method::POST, &url)
            .json(&json!({"endpoint_uri": "https://company.com/ep"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = env.get(&id, "name,categories,endpoint_uri").await;
    assert_eq!(
        body,
        json!({"id": id, "name": "After", "categories": ["SURVEY"], "endpoint_uri": "https://company.com/ep"})
    );

    for bad in [
        r#"{"name": ""}"#,
        r#"{"categories": []}"#,
        r#"{"colour": "red"}"#,
        "[1",
    ] {
        let (status, body) = send(
            env.req(Method::PATCH, &url)
                .header("content-type", "application/json")
                .body(bad),
        )
        .await;
        assert_hub(status, &body, StatusCode::BAD_REQUEST);
    }

    let old = env.create("Old").await;
    env.upload(&old, r#"{"version": "2.1", "screens": []}"#)
        .await;
    let (status, body) = send(
        env.req(Method::PATCH, &env.flows_url(&format!("/{old}")))
            .json(&json!({"endpoint_uri": "https://company.com/ep"})),
    )
    .await;
    assert_meta(status, &body, 139001);
}

#[tokio::test]
async fn delete_removes_a_draft() {
    let env = Env::start().await;
    let id = env.create("Gone").await;
    let (status, body) = send(env.req(Method::DELETE, &env.flows_url(&format!("/{id}")))).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"success": true})));
    let (status, body) = env.get(&id, "name").await;
    assert_hub(status, &body, StatusCode::NOT_FOUND);
    // The name is free again.
    env.create("Gone").await;
}

#[tokio::test]
async fn migrate_copies_flows_from_another_waba_account() {
    let env = Env::start().await;
    let draft = env.create_in("sourceWA", json!({"name": "lead-gen"})).await;
    let published = env
        .create_in("sourceWA", json!({"name": "appointment-booking"}))
        .await;
    env.create_in("sourceWA", json!({"name": "left-behind"}))
        .await;
    let _ = draft;
    // Publish through the source account's routes.
    let assets = env.waba_url("sourceWA", &format!("/{published}/assets"));
    send(
        env.req(Method::POST, &assets)
            .multipart(form(VALID.as_bytes().to_vec())),
    )
    .await;
    let (status, _) = send(env.req(
        Method::POST,
        &env.waba_url("sourceWA", &format!("/{published}/publish")),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    env.create("lead-gen").await; // name clash in the destination

    let (status, body) = send(
        env.req(Method::POST, &env.flows_url("/migrate"))
            .json(&json!({
                "source_waba_account_id": "sourceWA",
                "source_flow_names": ["appointment-booking", "lead-gen", "missing"],
            })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let migrated = &body["migrated_flows"];
    assert_eq!(migrated.as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!(migrated[0]["source_name"], json!("appointment-booking"));
    assert_eq!(migrated[0]["source_id"], json!(published));
    let new_id = migrated[0]["migrated_id"].as_str().unwrap().to_owned();
    assert_eq!(env.status_of(&new_id).await, "PUBLISHED");
    let failed: Vec<_> = body["failed_flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["source_name"].as_str().unwrap(),
                f["error_code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(failed, [("missing", "100"), ("lead-gen", "4233041")]);

    // Without names, everything not yet present is copied.
    let (status, body) = send(
        env.req(Method::POST, &env.waba_url("thirdWA", "/migrate"))
            .json(&json!({"source_waba_account_id": "sourceWA"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["migrated_flows"].as_array().map(Vec::len), Some(3));

    let (status, body) = send(
        env.req(Method::POST, &env.flows_url("/migrate"))
            .json(&json!({"source_waba_account_id": "neverSeenWA"})),
    )
    .await;
    assert_hub(status, &body, StatusCode::FORBIDDEN);
    let too_many: Vec<String> = (0..101).map(|i| format!("flow-{i}")).collect();
    for bad in [
        json!({"source_flow_names": []}),
        json!({"source_waba_account_id": WABA}),
        json!({"source_waba_account_id": "sourceWA", "source_flow_names": too_many}),
    ] {
        let (status, body) =
            send(env.req(Method::POST, &env.flows_url("/migrate")).json(&bad)).await;
        assert_hub(status, &body, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn every_api_route_needs_the_key() {
    let env = Env::start().await;
    let id = env.create("Locked").await;
    let routes = [
        (Method::GET, String::new()),
        (Method::POST, String::new()),
        (Method::POST, "/migrate".to_owned()),
        (Method::GET, format!("/{id}")),
        (Method::PATCH, format!("/{id}")),
        (Method::POST, format!("/{id}")),
        (Method::DELETE, format!("/{id}")),
        (Method::GET, format!("/{id}/assets")),
        (Method::POST, format!("/{id}/assets")),
        (Method::POST, format!("/{id}/publish")),
        (Method::GET, format!("/{id}/preview")),
        (Method::POST, format!("/{id}/deprecate")),
    ];
    for (method, rest) in routes {
        let url = env.flows_url(&rest);
        let (status, body) = send(env.http.request(method.clone(), &url)).await;
        assert_hub(status, &body, StatusCode::UNAUTHORIZED);
        let (status, body) = send(
            env.http
                .request(method.clone(), &url)
                .header("x-api-key", "wrong"),
        )
        .await;
        assert_hub(status, &body, StatusCode::UNAUTHORIZED);
    }
    // Header names are case-insensitive.
    let (status, _) = send(env.http.get(env.flows_url("")).header("X-API-KEY", KEY)).await;
    assert_eq!(status, StatusCode::OK);
    // The flow survived every unauthenticated DELETE.
    assert_eq!(env.status_of(&id).await, "DRAFT");
}

#[tokio::test]
async fn unknown_flows_and_routes_are_404() {
    let env = Env::start().await;
    let id = env.create("Mine").await;
    for (method, rest) in [
        (Method::GET, "/42".to_owned()),
        (Method::GET, "/abc".to_owned()),
        (Method::GET, format!("/0{id}")),
        (Method::PATCH, "/42".to_owned()),
        (Method::DELETE, "/42".to_owned()),
        (Method::GET, "/42/assets".to_owned()),
        (Method::POST, "/42/publish".to_owned()),
        (Method::POST, "/42/deprecate".to_owned()),
        (Method::GET, "/42/preview".to_owned()),
    ] {
        let (status, body) = send(env.req(method, &env.flows_url(&rest)).json(&json!({}))).await;
        assert_hub(status, &body, StatusCode::NOT_FOUND);
    }
    let (status, body) = send(
        env.req(Method::POST, &env.flows_url("/42/assets"))
            .multipart(form(VALID.into())),
    )
    .await;
    assert_hub(status, &body, StatusCode::NOT_FOUND);
    // A flow is only visible through its own WABA account.
    let (status, body) =
        send(env.req(Method::GET, &env.waba_url("otherWA", &format!("/{id}")))).await;
    assert_hub(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = send(env.req(
        Method::GET,
        &format!("{}/api/v2/nothing", env.sandbox.url()),
    ))
    .await;
    assert_hub(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = send(env.req(Method::PUT, &env.flows_url(""))).await;
    assert_hub(status, &body, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn a_configured_partner_is_the_only_one_served() {
    let env = Env::with(SandboxConfig {
        partner_id: PARTNER.into(),
        ..SandboxConfig::new(KEY)
    })
    .await;
    env.create("Ok").await;
    let url = format!(
        "{}/api/v2/partners/otherPA/waba_accounts/{WABA}/flows",
        env.sandbox.url()
    );
    let (status, body) = send(env.req(Method::GET, &url)).await;
    assert_hub(status, &body, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn start_refuses_an_empty_key_and_binds_loopback() {
    assert!(
        waflow_sandbox::Sandbox::start(SandboxConfig::default())
            .await
            .is_err()
    );
    let env = Env::start().await;
    assert!(env.sandbox.addr().ip().is_loopback());
    assert!(env.sandbox.url().starts_with("http://127.0.0.1:"));
}

#[tokio::test]
async fn concurrent_creates_get_distinct_ids() {
    let env = Env::start().await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let request = env
            .req(Method::POST, &env.flows_url(""))
            .json(&json!({"name": format!("flow {i}")}));
        tasks.spawn(send(request));
    }
    let mut ids = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (status, body) = done.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
        ids.push(body["id"].as_str().unwrap().to_owned());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20);
    let (_, list) = send(env.req(Method::GET, &env.flows_url(""))).await;
    assert_eq!(list["total"], json!(20));
}
