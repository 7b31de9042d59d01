//! The Graph API client against the sandbox's Graph paths on 127.0.0.1: every operation, every
//! page of a list, Meta's errors typed as on the Partner API, creation without duplicates, the
//! token kept out of every error, and the health status.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use waflow_api::deploy::{self, STATE_FIELDS};
use waflow_api::model::{CanSend, CreateFlow, FlowStatus, MigrateFlows, UpdateFlow};
use waflow_api::{
    ApiKey, ClientOptions, Connection, ErrorKind, FlowsBackend, GraphClient, GraphConnection,
    PartnerClient,
};
mod support;

use support::{count_named, create, fast_retries, methods_since, sandbox};
use waflow_sandbox::{Fault, FaultMatch, Sandbox};

const TOKEN: &str = "EAAGraphToken-3f9b2c7d1e";
const WABA: &str = "102290129340398";

const VALID: &str = include_str!("../../../fixtures/api/valid.json");
const ENDPOINT: &str = include_str!("../../../fixtures/api/endpoint.json");

fn graph_for(sandbox: &Sandbox, waba: &str, token: &str) -> GraphClient {
    let connection = GraphConnection {
        base_url: sandbox.url(),
        version: "v24.0".into(),
        waba_id: waba.into(),
        token: ApiKey::new(token),
    };
    let options = ClientOptions {
        retry: fast_retries(),
        ..ClientOptions::default()
    };
    GraphClient::new(&connection, options).expect("client")
}

fn graph(sandbox: &Sandbox) -> GraphClient {
    graph_for(sandbox, WABA, TOKEN)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_round_trips_over_graph() {
    let sb = sandbox(TOKEN).await;
    let api = graph(&sb);
    assert!(api.creates_with_flow_json());

    // Create and upload in one call.
    let created = api
        .create_flow_once(&CreateFlow {
            flow_json: Some(VALID.into()),
            ..create("Sign up")
        })
        .await
        .expect("create");
    assert_eq!(created.validation_errors, Some(vec![]));
    let id = created.id;
    let state = deploy::remote_state(&api, &id).await.expect("state");
    assert!(state.has_content(VALID.as_bytes()), "stored by the create");
    assert_eq!(state.flow.json_version.as_deref(), Some("7.3"));

    let upload = api
        .upload_flow_json(&id, VALID.as_bytes())
        .await
        .expect("upload");
    assert!(upload.success && upload.validation_errors.is_empty());

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

    let first = api.preview(&id, false).await.expect("preview");
    let again = api.preview(&id, false).await.expect("preview");
    assert_eq!(first.preview.preview_url, again.preview.preview_url);
    let fresh = api.preview(&id, true).await.expect("preview");
    assert_ne!(first.preview.preview_url, fresh.preview.preview_url);

    let health = api.health_status(&id).await.expect("health").expect("some");
    assert_eq!(health.can_send_message, CanSend::Available);
    assert!(api.publish_flow(&id).await.expect("publish").success);
    assert!(api.deprecate_flow(&id).await.expect("deprecate").success);
    let flow = api.get_flow(&id, &STATE_FIELDS).await.expect("get");
    assert_eq!(flow.status, Some(FlowStatus::Deprecated));

    let draft = api
        .create_flow_once(&create("Scratch"))
        .await
        .expect("create")
        .id;
    assert!(api.delete_flow(&draft).await.expect("delete").success);
    let e = api.get_flow(&draft, &[]).await.expect_err("deleted");
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");

    let other = graph_for(&sb, "555", TOKEN);
    other
        .create_flow_once(&create("Lead gen"))
        .await
        .expect("create");
    let migration = api
        .migrate_flows(&MigrateFlows {
            source_waba_account_id: "555".into(),
            source_flow_names: vec!["Lead gen".into()],
        })
        .await
        .expect("migrate");
    assert_eq!(migration.migrated_flows.len(), 1, "{migration:?}");
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_a_list_is_read() {
    let sb = sandbox(TOKEN).await;
    let api = graph(&sb);
    for n in 0..60 {
        api.create_flow_once(&create(&format!("Flow {n:02}")))
            .await
            .expect("create");
    }
    let list = api.list_flows(&["id", "name"]).await.expect("list");
    assert_eq!(list.flows.len(), 60, "three pages of 25, 25 and 10");
    assert_eq!(list.flows[59].name.as_deref(), Some("Flow 59"));
    let gets = sb
        .request_log()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/flows"))
        .count();
    assert_eq!(gets, 3);
    // The last flow, beyond the first page, is found by name (no duplicate created).
    let found = deploy::find_by_name(&api, "Flow 59").await.expect("list");
    assert!(found.is_some());
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_partner_api_and_graph_share_one_store() {
    let sb = sandbox(TOKEN).await;
    let partner = PartnerClient::new(
        &Connection {
            base_url: sb.url(),
            partner_id: "testPA".into(),
            waba_account_id: "testWA".into(),
            api_key: ApiKey::new(TOKEN),
        },
        ClientOptions::default(),
    )
    .expect("client");
    let id = partner
        .create_flow_once(&create("Hub flow"))
        .await
        .expect("create")
        .id;
    let flow = graph(&sb).get_flow(&id, &["name"]).await.expect("get");
    assert_eq!(flow.name.as_deref(), Some("Hub flow"));
    // The Partner API has no health status.
    assert_eq!(partner.health_status(&id).await.expect("none"), None);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meta_errors_are_typed_as_on_the_partner_api() {
    let sb = sandbox(TOKEN).await;
    let api = graph(&sb);
    let id = api.create_flow_once(&create("A")).await.expect("create").id;

    let e = api.deprecate_flow(&id).await.expect_err("draft");
    assert_eq!(
        (e.kind(), e.meta().map(|m| m.code)),
        (ErrorKind::Lifecycle, Some(139003))
    );
    let e = api.publish_flow(&id).await.expect_err("no flow JSON");
    assert_eq!(e.meta().map(|m| m.code), Some(139002), "{e}");
    let e = api.create_flow_once(&create("A")).await.expect_err("taken");
    assert!(deploy::is_duplicate_name(&e), "{e}");
    let e = api.get_flow("424242", &[]).await.expect_err("unknown");
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");

    let wrong = graph_for(&sb, WABA, "EAAWrongToken-000");
    let e = wrong.list_flows(&[]).await.expect_err("bad token");
    assert_eq!((e.kind(), e.status()), (ErrorKind::Auth, Some(401)), "{e}");
    assert_eq!(e.meta().map(|m| m.code), Some(190));
    assert!(!e.to_string().contains("EAAWrongToken"), "{e}");
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_is_never_repeated_blindly_over_graph() {
    let sb = sandbox(TOKEN).await;
    let api = graph(&sb);
    sb.faults()
        .push(FaultMatch::new("POST", "/flows"), Fault::DropConnection, 1);
    let before = sb.request_log().len();
    let out = deploy::create_flow(&api, &create("Dropped"), &fast_retries())
        .await
        .expect("created after a drop");
    assert_eq!(out.attempts, 2);
    let calls = methods_since(&sb, before);
    assert_eq!(calls, ["POST", "GET", "POST"], "create, look-up, create");
    let named = count_named(&api, "Dropped").await;
    assert_eq!(named, 1);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_echoed_token_is_redacted_in_errors_and_answers() {
    let sb = sandbox(TOKEN).await;
    let api = graph(&sb);
    let escaped: String = TOKEN
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect();
    sb.faults().push(
        FaultMatch::new("GET", "/flows"),
        Fault::Reply {
            status: 400,
            body: format!(
                r#"{{"error": {{"message": "bad token {escaped}", "code": 190, "error_user_msg": "Bearer {TOKEN}"}}}}"#
            ),
        },
        1,
    );
    let e = api.list_flows(&[]).await.expect_err("refused");
    let text = format!("{e} {e:?}");
    assert!(!text.contains(TOKEN) && !text.contains("\\u0045"), "{text}");
    assert!(text.contains("<redacted>"), "{text}");

    sb.faults().push(
        FaultMatch::new("GET", "/flows"),
        Fault::Reply {
            status: 200,
            body: format!(r#"{{"data": [{{"id": "1", "name": "{escaped}"}}], "paging": {{}}}}"#),
        },
        1,
    );
    let list = api.list_flows(&[]).await.expect("list");
    assert_eq!(list.flows[0].name.as_deref(), Some("<redacted>"));
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_status_names_what_blocks_a_flow() {
    let sb = sandbox(TOKEN).await;
    let api = graph(&sb);
    let created = api
        .create_flow_once(&CreateFlow {
            flow_json: Some(ENDPOINT.into()),
            ..create("Endpoint")
        })
        .await
        .expect("create");
    let health = api
        .health_status(&created.id)
        .await
        .expect("health")
        .expect("some");
    assert_eq!(health.can_send_message, CanSend::Blocked);
    let problems = health.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("FLOW: ") && p.contains("endpoint_uri")),
        "{problems:?}"
    );
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_health_status_gives_metas_reasons() {
    let sb = sandbox(TOKEN).await;
    let api = graph(&sb);
    let created = api
        .create_flow_once(&CreateFlow {
            flow_json: Some(VALID.into()),
            ..create("Healthy")
        })
        .await
        .expect("create");
    assert_eq!(
        deploy::health_block(&api, &created.id)
            .await
            .expect("health"),
        None
    );
    sb.faults().push(
        FaultMatch::new("GET", "/v24.0/"),
        Fault::Reply {
            status: 200,
            body: r#"{"id": "1", "health_status": {"can_send_message": "BLOCKED", "entities": [
                {"entity_type": "WABA", "id": "2", "can_send_message": "BLOCKED",
                 "errors": [{"error_code": 141000, "error_description": "No phone number is connected.",
                             "possible_solution": "Connect a phone number."}]}]}}"#
                .into(),
        },
        1,
    );
    let reasons = deploy::health_block(&api, &created.id)
        .await
        .expect("health")
        .expect("blocked");
    assert_eq!(
        reasons,
        ["WABA: No phone number is connected. (Connect a phone number.)"]
    );
    sb.shutdown().await;
}
