//! The Partner API client against the sandbox on 127.0.0.1: every operation, the error
//! envelopes, retries under injected faults, and creation without duplicates.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use waflow_api::deploy::{self, STATE_FIELDS};
use waflow_api::model::{FlowStatus, MigrateFlows, UpdateFlow};
use waflow_api::{
    ApiError, ApiKey, ClientOptions, Connection, ErrorKind, FlowsBackend, PartnerClient,
    RetryPolicy,
};
mod support;

use support::{count_named, create, fast_retries, methods_since, sandbox};
use waflow_sandbox::{Fault, FaultMatch, Sandbox};

const KEY: &str = "client-test-key-7c1e9a";

const VALID: &str = include_str!("../../../fixtures/api/valid.json");

fn client_for(sandbox: &Sandbox, waba: &str, key: &str, options: ClientOptions) -> PartnerClient {
    let connection = Connection {
        base_url: sandbox.url(),
        partner_id: "testPA".into(),
        waba_account_id: waba.into(),
        api_key: ApiKey::new(key),
    };
    PartnerClient::new(&connection, options).expect("client")
}

fn client(sandbox: &Sandbox) -> PartnerClient {
    client_for(
        sandbox,
        "testWA",
        KEY,
        ClientOptions {
            retry: fast_retries(),
            ..ClientOptions::default()
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_round_trips() {
    let sb = sandbox(KEY).await;
    let api = client(&sb);

    let id = api
        .create_flow_once(&create("Sign up"))
        .await
        .expect("create")
        .id;
    let list = api.list_flows(&[]).await.expect("list");
    assert_eq!(list.flows.len(), 1);
    assert_eq!(list.flows[0].name.as_deref(), Some("Sign up"));
    assert_eq!(list.flows[0].status, Some(FlowStatus::Draft));

    let upload = api
        .upload_flow_json(&id, VALID.as_bytes())
        .await
        .expect("upload");
    assert!(upload.success);
    assert!(upload.validation_errors.is_empty());

    let assets = api.list_assets(&id).await.expect("assets");
    let asset = assets.flow_json().expect("flow.json asset");
    let bytes = api.download_asset(asset).await.expect("download");
    assert_eq!(bytes, VALID.as_bytes(), "the exact bytes are stored");

    let flow = api.get_flow(&id, &STATE_FIELDS).await.expect("get");
    assert_eq!(flow.json_version.as_deref(), Some("7.3"));
    assert!(flow.errors().is_empty());

    let update = UpdateFlow {
        name: Some("Sign up v1".into()),
        categories: Some(vec!["SIGN_UP".into()]),
        endpoint_uri: None,
    };
    assert!(api.update_flow(&id, &update).await.expect("update").success);
    let flow = api
        .get_flow(&id, &["name", "categories"])
        .await
        .expect("get");
    assert_eq!(flow.name.as_deref(), Some("Sign up v1"));
    assert_eq!(flow.categories, Some(vec!["SIGN_UP".to_owned()]));

    let first = api.preview(&id, false).await.expect("preview");
    assert!(first.preview.preview_url.starts_with("http"));
    let again = api.preview(&id, false).await.expect("preview");
    assert_eq!(first.preview.preview_url, again.preview.preview_url);
    let fresh = api.preview(&id, true).await.expect("preview");
    assert_ne!(first.preview.preview_url, fresh.preview.preview_url);

    assert!(api.publish_flow(&id).await.expect("publish").success);
    assert!(api.deprecate_flow(&id).await.expect("deprecate").success);
    let flow = api.get_flow(&id, &["status"]).await.expect("get");
    assert_eq!(flow.status, Some(FlowStatus::Deprecated));

    let draft = api
        .create_flow_once(&create("Scratch"))
        .await
        .expect("create")
        .id;
    assert!(api.delete_flow(&draft).await.expect("delete").success);
    let e = api.get_flow(&draft, &[]).await.expect_err("deleted");
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");

    // Migrate from another WABA account of the same partner.
    let other = client_for(&sb, "otherWA", KEY, ClientOptions::default());
    other
        .create_flow_once(&create("Lead gen"))
        .await
        .expect("create");
    let migration = api
        .migrate_flows(&MigrateFlows {
            source_waba_account_id: "otherWA".into(),
            source_flow_names: vec!["Lead gen".into()],
        })
        .await
        .expect("migrate");
    assert_eq!(migration.migrated_flows.len(), 1, "{migration:?}");
    assert!(
        deploy::find_by_name(&api, "Lead gen")
            .await
            .expect("list")
            .is_some()
    );
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meta_and_hub_errors_are_typed() {
    let sb = sandbox(KEY).await;
    let api = client(&sb);
    let id = api.create_flow_once(&create("A")).await.expect("create").id;

    // Meta: deprecating a draft.
    let e = api.deprecate_flow(&id).await.expect_err("refused");
    let meta = e.meta().expect("a Meta error");
    assert_eq!(meta.code, 139003);
    assert_eq!(e.kind(), ErrorKind::Lifecycle);
    assert!(e.to_string().contains("Meta error 139003"), "{e}");

    // Meta: a duplicate name.
    let e = api
        .create_flow_once(&create("A"))
        .await
        .expect_err("duplicate");
    assert_eq!(e.meta().map(|m| m.code), Some(100));
    assert!(deploy::is_duplicate_name(&e), "{e}");

    // Hub: a wrong key; the key never shows in the error.
    let wrong = client_for(&sb, "testWA", "not-the-key-123", ClientOptions::default());
    let e = wrong.list_flows(&[]).await.expect_err("unauthorised");
    assert_eq!(e.kind(), ErrorKind::Auth, "{e}");
    assert!(matches!(e, ApiError::Http { status: 401, .. }), "{e:?}");
    assert!(!format!("{e} {e:?} {wrong:?}").contains("not-the-key-123"));
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_and_uploads_retry_through_429_503_and_dropped_connections() {
    let sb = sandbox(KEY).await;
    let api = client(&sb);
    let id = api.create_flow_once(&create("A")).await.expect("create").id;
    let faults = sb.faults();

    // 429 with Retry-After: 1 is honoured (the wait is the server's, not the 10 ms backoff).
    faults.push(
        FaultMatch::new("GET", "/flows"),
        Fault::Status {
            status: 429,
            retry_after: Some(1),
        },
        1,
    );
    let waits = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = waits.clone();
    let observed = client_for(
        &sb,
        "testWA",
        KEY,
        ClientOptions {
            retry: RetryPolicy {
                on_retry: Some(Arc::new(move |_: &ApiError, wait| {
                    record.lock().unwrap().push(wait);
                })),
                ..fast_retries()
            },
            ..ClientOptions::default()
        },
    );
    observed.list_flows(&[]).await.expect("list after 429");
    assert_eq!(*waits.lock().unwrap(), vec![Duration::from_secs(1)]);

    // 503 twice, then the upload goes through (the multipart body is rebuilt each time).
    faults.push(
        FaultMatch::new("POST", "/assets"),
        Fault::Status {
            status: 503,
            retry_after: None,
        },
        2,
    );
    let before = sb.request_log().len();
    api.upload_flow_json(&id, VALID.as_bytes())
        .await
        .expect("upload after 503s");
    let uploads = sb.request_log()[before..]
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/assets"))
        .count();
    assert_eq!(uploads, 3);

    // A dropped connection on a read.
    faults.push(FaultMatch::new("GET", "/assets"), Fault::DropConnection, 1);
    api.list_assets(&id)
        .await
        .expect("assets after a dropped connection");
    assert_eq!(faults.remaining(), 0);

    // Retries end: 503 forever gives the last error.
    faults.push(
        FaultMatch::new("GET", "/preview"),
        Fault::Status {
            status: 503,
            retry_after: None,
        },
        100,
    );
    let e = api.preview(&id, false).await.expect_err("gives up");
    assert_eq!(e.kind(), ErrorKind::Server);
    faults.clear();

    // Publish (not idempotent) is not retried after a 503 …
    faults.push(
        FaultMatch::new("POST", "/publish"),
        Fault::Status {
            status: 503,
            retry_after: None,
        },
        1,
    );
    api.publish_flow(&id)
        .await
        .expect_err("no blind retry of publish");
    // … but is after a 429, which the server did not act on.
    faults.push(
        FaultMatch::new("POST", "/publish"),
        Fault::Status {
            status: 429,
            retry_after: Some(0),
        },
        1,
    );
    api.publish_flow(&id).await.expect("publish after 429");
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_is_never_repeated_blindly() {
    let sb = sandbox(KEY).await;
    let faults = sb.faults();
    let retries = Arc::new(AtomicUsize::new(0));
    let seen = retries.clone();
    let policy = RetryPolicy {
        on_retry: Some(Arc::new(move |_: &ApiError, _| {
            seen.fetch_add(1, Ordering::SeqCst);
        })),
        ..fast_retries()
    };
    let api = client_for(
        &sb,
        "testWA",
        KEY,
        ClientOptions {
            request_timeout: Duration::from_millis(400),
            retry: policy.clone(),
            ..ClientOptions::default()
        },
    );

    // The answer is lost after the flow was created: the client times out, finds the name, and
    // does not create a second flow.
    faults.push(
        FaultMatch::new("POST", "/flows"),
        Fault::Delay(Duration::from_millis(900)),
        1,
    );
    let out = deploy::create_flow(&api, &create("Slow"), &policy)
        .await
        .expect("created once");
    tokio::time::sleep(Duration::from_millis(700)).await;
    let flows = api.list_flows(&["id", "name"]).await.expect("list").flows;
    let named: Vec<_> = flows
        .iter()
        .filter(|f| f.name.as_deref() == Some("Slow"))
        .collect();
    assert_eq!(named.len(), 1, "{flows:?}");
    assert_eq!(named[0].id, out.id);
    if out.recovered {
        assert_eq!(out.attempts, 1);
    }

    // The connection drops before the server acts: the name is looked up, absent, then the
    // create is sent again, once.
    faults.push(FaultMatch::new("POST", "/flows"), Fault::DropConnection, 1);
    let before = sb.request_log().len();
    let out = deploy::create_flow(&api, &create("Dropped"), &policy)
        .await
        .expect("created after a drop");
    assert!(!out.recovered);
    assert_eq!(out.attempts, 2);
    let calls = methods_since(&sb, before);
    assert_eq!(calls, ["POST", "GET", "POST"], "create, look-up, create");
    let count = count_named(&api, "Dropped").await;
    assert_eq!(count, 1);
    assert!(retries.load(Ordering::SeqCst) >= 1);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_content_is_not_uploaded() {
    let sb = sandbox(KEY).await;
    let api = client(&sb);
    let id = api.create_flow_once(&create("A")).await.expect("create").id;
    let state = deploy::remote_state(&api, &id).await.expect("state");
    assert_eq!(state.content, None);
    let synced = deploy::upload_if_changed(&api, &id, VALID.as_bytes(), state)
        .await
        .expect("first upload");
    assert!(synced.uploaded());

    let before = sb.request_log().len();
    let state = deploy::remote_state(&api, &id).await.expect("state");
    let synced = deploy::upload_if_changed(&api, &id, VALID.as_bytes(), state)
        .await
        .expect("second push");
    assert!(!synced.uploaded());
    let log = &sb.request_log()[before..];
    assert!(log.iter().all(|r| r.method == "GET"), "{log:?}");
    sb.shutdown().await;
}

#[tokio::test]
async fn unreachable_server_is_a_network_error() {
    // A port nothing listens on (bound, then released).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let connection = Connection {
        base_url: format!("http://{addr}"),
        partner_id: "p".into(),
        waba_account_id: "w".into(),
        api_key: ApiKey::new(KEY),
    };
    let api = PartnerClient::new(
        &connection,
        ClientOptions {
            retry: RetryPolicy {
                max_retries: 1,
                min_delay: Duration::from_millis(5),
                ..RetryPolicy::default()
            },
            ..ClientOptions::default()
        },
    )
    .expect("client");
    let e = api.list_flows(&[]).await.expect_err("nothing listens");
    assert_eq!(e.kind(), ErrorKind::Network, "{e}");
    assert!(e.surely_not_processed());
    assert!(!e.to_string().contains(KEY));
}

/// A minimal HTTP/1.1 server on 127.0.0.1 for what the sandbox cannot do (redirects): answers
/// each request with `reply(request head)` and records the heads it received.
async fn canned_server(
    reply: impl Fn(&str, u16) -> String + Send + Sync + 'static,
) -> (u16, Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            let answer = reply(&head, port);
            log.lock().unwrap().push(head);
            let _ = stream.write_all(answer.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    (port, seen)
}

fn http_answer(status: &str, extra_headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\n{extra_headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn client_at(port: u16) -> PartnerClient {
    let connection = Connection {
        base_url: format!("http://127.0.0.1:{port}"),
        partner_id: "p".into(),
        waba_account_id: "w".into(),
        api_key: ApiKey::new(KEY),
    };
    let options = ClientOptions {
        retry: fast_retries(),
        ..ClientOptions::default()
    };
    PartnerClient::new(&connection, options).expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_never_follows_a_redirect_to_another_origin() {
    let empty = r#"{"flows": [], "count": 0, "total": 0}"#;
    let (elsewhere, stolen) = canned_server(move |_, _| http_answer("200 OK", "", empty)).await;
    let (api_port, api_seen) = canned_server(move |_, _| {
        let location = format!("Location: http://127.0.0.1:{elsewhere}/collect\r\n");
        http_answer("307 Temporary Redirect", &location, "")
    })
    .await;
    let e = client_at(api_port)
        .list_flows(&[])
        .await
        .expect_err("the redirect is not followed");
    assert_eq!(e.status(), Some(307), "{e}");
    assert!(e.to_string().contains("redirect"), "{e}");
    assert!(!e.to_string().contains(KEY), "{e}");
    assert!(
        stolen.lock().unwrap().is_empty(),
        "the other origin got a request: {:?}",
        stolen.lock().unwrap()
    );
    assert_eq!(api_seen.lock().unwrap().len(), 1, "not retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_within_the_api_origin_are_followed() {
    let empty = r#"{"flows": [], "count": 0, "total": 0}"#;
    let (port, seen) = canned_server(move |head, port| {
        if head.starts_with("GET /moved ") {
            http_answer("200 OK", "", empty)
        } else {
            let location = format!("Location: http://127.0.0.1:{port}/moved\r\n");
            http_answer("308 Permanent Redirect", &location, "")
        }
    })
    .await;
    let list = client_at(port).list_flows(&[]).await.expect("followed");
    assert!(list.flows.is_empty());
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen[1].to_ascii_lowercase().contains("x-api-key"),
        "{seen:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_answer_is_refused_without_being_read() {
    // Announces 1 GB and sends a few bytes: the client must not wait for (or buffer) the rest.
    let (port, seen) = canned_server(|_, _| {
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{\"flows\": ["
            .to_owned()
    })
    .await;
    let e = client_at(port)
        .list_flows(&[])
        .await
        .expect_err("too large");
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert!(e.to_string().contains("larger than 20 MB"), "{e}");
    assert_eq!(seen.lock().unwrap().len(), 1, "not retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dot_segment_ids_are_refused_before_sending() {
    let sb = sandbox(KEY).await;
    let api = client(&sb);
    for id in ["", ".", ".."] {
        let e = api.get_flow(id, &[]).await.expect_err("not an id");
        assert!(matches!(e, ApiError::InvalidId { .. }), "{e:?}");
        let e = api.delete_flow(id).await.expect_err("not an id");
        assert!(e.to_string().contains("is not a flow id"), "{e}");
    }
    assert!(sb.request_log().is_empty(), "{:?}", sb.request_log());
    sb.shutdown().await;
}
