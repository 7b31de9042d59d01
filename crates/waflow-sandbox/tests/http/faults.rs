//! Injected faults (status, Retry-After, delays, dropped connections, partial and slow answers,
//! redirects, any answer) and the request log.

use std::time::{Duration, Instant};

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use waflow_sandbox::{Fault, FaultMatch, FaultRule, LoggedRequest};

#[tokio::test]
async fn status_faults_fire_the_given_number_of_times() {
    let env = Env::start().await;
    let faults = env.sandbox.faults();
    faults.push(
        FaultMatch::new("get", "/flows"),
        Fault::Status {
            status: 429,
            retry_after: Some(7),
        },
        2,
    );
    assert_eq!(faults.remaining(), 2);
    for _ in 0..2 {
        let response = env
            .req(Method::GET, &env.flows_url(""))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()["retry-after"], "7");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_hub(
            StatusCode::TOO_MANY_REQUESTS,
            &body,
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let (status, _) = send(env.req(Method::GET, &env.flows_url(""))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(faults.remaining(), 0);
}

#[tokio::test]
async fn faults_are_scoped_by_method_and_path() {
    let env = Env::start().await;
    let id = env.create("Scoped").await;
    env.sandbox.faults().push(
        FaultMatch::new("POST", "/publish"),
        Fault::Status {
            status: 503,
            retry_after: None,
        },
        1,
    );
    // Other routes and methods are untouched.
    env.upload(&id, VALID).await;
    let (status, _) = env.get(&id, "status").await;
    assert_eq!(status, StatusCode::OK);
    let response = env
        .req(Method::POST, &env.flows_url(&format!("/{id}/publish")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().get("retry-after").is_none());
    // The faulted request did not reach the lifecycle: the retry publishes.
    assert_eq!(env.status_of(&id).await, "DRAFT");
    let (status, _) = env.post(&id, "publish").await;
    assert_eq!(status, StatusCode::OK);

    // FaultMatch::path matches any method; clear() removes pending faults.
    let faults = env.sandbox.faults();
    faults.push(
        FaultMatch::path("/preview"),
        Fault::Status {
            status: 500,
            retry_after: None,
        },
        5,
    );
    let (status, _) = send(env.req(Method::GET, &env.flows_url(&format!("/{id}/preview")))).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    faults.clear();
    assert_eq!(faults.remaining(), 0);
    let (status, _) = send(env.req(Method::GET, &env.flows_url(&format!("/{id}/preview")))).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn faults_apply_before_authentication() {
    let env = Env::start().await;
    env.sandbox.faults().push(
        FaultMatch::any(),
        Fault::Status {
            status: 502,
            retry_after: None,
        },
        1,
    );
    let (status, _) = send(env.http.get(env.flows_url(""))).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let (status, _) = send(env.http.get(env.flows_url(""))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn delays_hold_the_answer_back() {
    let env = Env::start().await;
    env.sandbox.faults().push(
        FaultMatch::any(),
        Fault::Delay(Duration::from_millis(400)),
        1,
    );
    let (status, _) = send(env.req(Method::GET, &env.flows_url(""))).await;
    assert_eq!(status, StatusCode::OK, "a delayed request is then handled");

    // A client timeout shorter than the delay fails as a timeout: the answer is held back.
    env.sandbox
        .faults()
        .push(FaultMatch::any(), Fault::Delay(Duration::from_secs(5)), 1);
    let err = env
        .req(Method::GET, &env.flows_url(""))
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn dropped_connections_give_a_transport_error() {
    let env = Env::start().await;
    let id = env.create("Dropped").await;
    env.sandbox
        .faults()
        .push(FaultMatch::new("POST", "/assets"), Fault::DropConnection, 1);
    let err = env
        .req(Method::POST, &env.flows_url(&format!("/{id}/assets")))
        .multipart(form(VALID.into()))
        .send()
        .await
        .unwrap_err();
    // hyper reports the closed connection as an incomplete message, not as a refused connect.
    assert!(err.is_request() && !err.is_connect(), "{err:?}");
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    // Nothing was stored, and the next attempt goes through on a new connection.
    let (_, assets) = send(env.req(Method::GET, &env.flows_url(&format!("/{id}/assets")))).await;
    assert_eq!(assets["count"], json!(0));
    let (status, _) = env.upload(&id, VALID).await;
    assert_eq!(status, StatusCode::OK);

    let log = env.sandbox.request_log();
    let uploads: Vec<_> = log
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/assets"))
        .collect();
    assert_eq!(uploads.len(), 2);
    assert_eq!(uploads[0].status, None);
    assert_eq!(uploads[1].status, Some(200));
}

#[tokio::test]
async fn the_request_log_records_method_path_query_and_status() {
    let env = Env::start().await;
    send(
        env.req(Method::GET, &env.flows_url(""))
            .query(&[("fields", "id,name")]),
    )
    .await;
    send(env.http.get(env.flows_url(""))).await;
    let base = format!("/api/v2/partners/{PARTNER}/waba_accounts/{WABA}/flows");
    assert_eq!(
        env.sandbox.request_log(),
        [
            LoggedRequest {
                method: "GET".into(),
                path: base.clone(),
                query: Some("fields=id%2Cname".into()),
                status: Some(200),
            },
            LoggedRequest {
                method: "GET".into(),
                path: base,
                query: None,
                status: Some(401)
            },
        ]
    );
    assert!(!format!("{:?}", env.sandbox.request_log()).contains(KEY));
}

#[tokio::test]
async fn shutdown_closes_the_port() {
    let env = Env::start().await;
    let url = env.flows_url("");
    let (status, _) = send(env.req(Method::GET, &url)).await;
    assert_eq!(status, StatusCode::OK);
    env.sandbox.shutdown().await;
    let fresh = reqwest::Client::new();
    let err = fresh
        .get(&url)
        .header("X-API-Key", KEY)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
}

#[tokio::test]
async fn reply_faults_send_any_body() {
    let env = Env::start().await;
    let id = env.create("Blocked").await;
    env.upload(&id, VALID).await;
    let integrity = json!({"error": {"message": "Blocked by Integrity", "type": "OAuthException",
        "code": 139000, "error_subcode": 4233020, "is_transient": false,
        "error_user_title": "Flow publishing failed", "error_user_msg": "Integrity requirements not met."}});
    env.sandbox.faults().push(
        FaultMatch::new("POST", "/publish"),
        Fault::Reply {
            status: 400,
            body: integrity.to_string(),
        },
        1,
    );
    let (status, body) = env.post(&id, "publish").await;
    assert_eq!((status, body), (StatusCode::BAD_REQUEST, integrity));
    assert_eq!(env.status_of(&id).await, "DRAFT");
}

#[tokio::test]
async fn a_delayed_request_is_handled_even_after_the_client_gave_up() {
    let env = Env::start().await;
    // The client's timeout must leave the request time to reach the server even on a loaded
    // machine (with 50 ms it sometimes gave up before sending it), and the delay must outlast it.
    env.sandbox.faults().push(
        FaultMatch::new("POST", "/flows"),
        Fault::Delay(Duration::from_secs(3)),
        1,
    );
    let err = env
        .req(Method::POST, &env.flows_url(""))
        .json(&json!({"name": "Slow"}))
        .timeout(Duration::from_secs(1))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // Wait for the delayed create to land (the server is slow, not the test).
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, list) = send(env.req(Method::GET, &env.flows_url(""))).await;
        if list["count"] == json!(1) || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The create went through: a blind retry would now hit the duplicate-name error.
    let (status, body) = send(
        env.req(Method::POST, &env.flows_url(""))
            .json(&json!({"name": "Slow"})),
    )
    .await;
    assert_meta(status, &body, 100);
}

#[tokio::test]
async fn after_faults_act_before_failing() {
    let env = Env::start().await;
    let faults = env.sandbox.faults();
    // The create is handled, then the connection closes without an answer.
    faults.push(FaultMatch::new("POST", "/flows"), Fault::DropAfter, 1);
    let err = env
        .req(Method::POST, &env.flows_url(""))
        .json(&json!({"name": "Acted"}))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_request() && !err.is_connect(), "{err:?}");
    // The answer is held back past the client's patience, but the flow is published.
    let id = env.create("Published").await;
    env.upload(&id, VALID).await;
    faults.push(
        FaultMatch::new("POST", "/publish"),
        Fault::DelayAfter(Duration::from_secs(3)),
        1,
    );
    let err = env
        .req(Method::POST, &env.flows_url(&format!("/{id}/publish")))
        .timeout(Duration::from_secs(1))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(env.status_of(&id).await, "PUBLISHED");
    // Logged once handled, although the client hung up before the answer.
    let publish = env
        .sandbox
        .request_log()
        .into_iter()
        .find(|r| r.path.ends_with("/publish"))
        .unwrap();
    assert_eq!(publish.status, Some(200));
    let (_, list) = send(env.req(Method::GET, &env.flows_url(""))).await;
    assert_eq!(
        list["count"],
        json!(2),
        "the dropped create was handled: {list}"
    );
    let dropped = env.sandbox.request_log()[0].clone();
    assert_eq!((dropped.method.as_str(), dropped.status), ("POST", None));
}

#[tokio::test]
async fn partial_and_slow_bodies() {
    let env = Env::start().await;
    env.create("A").await;
    let faults = env.sandbox.faults();
    faults.push(FaultMatch::new("GET", "/flows"), Fault::Partial, 1);
    let response = env
        .req(Method::GET, &env.flows_url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let announced = response.content_length().unwrap();
    let err = response.bytes().await.unwrap_err();
    assert!(err.is_body() || err.is_decode(), "{err:?}");
    assert!(announced > 10, "the full length is announced: {announced}");

    faults.push(
        FaultMatch::new("GET", "/flows"),
        Fault::SlowBody(Duration::from_millis(1)),
        1,
    );
    let (status, list) = send(env.req(Method::GET, &env.flows_url(""))).await;
    assert_eq!(
        (status, &list["count"]),
        (StatusCode::OK, &json!(1)),
        "{list}"
    );
}

#[tokio::test]
async fn answers_redirects_and_skipped_requests() {
    let env = Env::start().await;
    let faults = env.sandbox.faults();
    faults.push_rule(FaultRule {
        matcher: FaultMatch::new("GET", "/flows"),
        fault: Fault::Answer {
            status: 200,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: "<html></html>".into(),
        },
        skip: 1,
        times: 1,
    });
    let (first, _) = send(env.req(Method::GET, &env.flows_url(""))).await;
    assert_eq!(first, StatusCode::OK, "the first request is let through");
    let response = env
        .req(Method::GET, &env.flows_url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "text/html");
    assert_eq!(response.text().await.unwrap(), "<html></html>");

    faults.push(
        FaultMatch::path("/flows"),
        Fault::Redirect {
            status: 307,
            location: "{path}?again".into(),
        },
        1,
    );
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(env.flows_url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    let path = format!("/api/v2/partners/{PARTNER}/waba_accounts/{WABA}/flows?again");
    assert_eq!(response.headers()["location"], path.as_str());
}

#[tokio::test]
async fn the_observer_sees_each_finished_request() {
    let env = Env::start().await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    env.sandbox
        .on_request(std::sync::Arc::new(move |r: &LoggedRequest| {
            sink.lock().unwrap().push((r.method.clone(), r.status));
        }));
    env.sandbox
        .faults()
        .push(FaultMatch::new("GET", "/flows"), Fault::DropConnection, 1);
    let _ = env.req(Method::GET, &env.flows_url("")).send().await;
    send(env.req(Method::GET, &env.flows_url(""))).await;
    assert_eq!(
        *seen.lock().unwrap(),
        [("GET".to_owned(), None), ("GET".to_owned(), Some(200))]
    );
}
