//! The push workflow (`waflow_api::workflow::push`) against the sandbox on 127.0.0.1, on both
//! backends, without the binary: typed outcomes and refusals, nothing sent for a flow with a
//! local error.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use waflow_api::model::{CreateFlow, FlowStatus};
use waflow_api::workflow::{self, Change, CheckedFlow, DeployError, Refusal, Target};
use waflow_api::{
    ApiKey, ClientOptions, Connection, FlowsBackend, GraphClient, GraphConnection, PartnerClient,
    RetryPolicy,
};
use waflow_core::CheckOptions;
use waflow_sandbox::{Sandbox, SandboxConfig};

const KEY: &str = "workflow-key-81c3d0";
const VALID: &str = include_str!("../../../fixtures/api/valid.json");

fn backends(sandbox: &Sandbox) -> Vec<(&'static str, Box<dyn FlowsBackend>)> {
    let partner = PartnerClient::new(
        &Connection {
            base_url: sandbox.url(),
            partner_id: "wfPA".into(),
            waba_account_id: "wfWA".into(),
            api_key: ApiKey::new(KEY),
        },
        ClientOptions::default(),
    )
    .expect("partner");
    let graph = GraphClient::new(
        &GraphConnection {
            base_url: sandbox.url(),
            version: "v26.0".into(),
            waba_id: "777".into(),
            token: ApiKey::new(KEY),
        },
        ClientOptions::default(),
    )
    .expect("graph");
    vec![("partner", Box::new(partner)), ("graph", Box::new(graph))]
}

fn named(name: &str) -> Target {
    Target::Named(CreateFlow {
        name: name.into(),
        categories: vec!["OTHER".into()],
        ..CreateFlow::default()
    })
}

fn checked(text: &str) -> Result<CheckedFlow<'_>, DeployError> {
    let report = waflow_core::check("flow.json", text.as_bytes(), &CheckOptions::default());
    CheckedFlow::new(text.as_bytes(), &report)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_creates_then_leaves_unchanged_then_refuses_a_deprecated_flow() {
    let sb = Sandbox::start(SandboxConfig::new(KEY))
        .await
        .expect("sandbox");
    let policy = RetryPolicy::default();
    for (name, api) in backends(&sb) {
        let api = api.as_ref();
        let flow = checked(VALID).expect("valid");
        let first = workflow::push(api, &flow, &named("Sign up"), None, &policy)
            .await
            .expect("first push");
        let want = if name == "graph" {
            Change::CreatedWithContent
        } else {
            Change::Uploaded
        };
        assert_eq!(first.change, want, "{name}");
        assert!(first.errors.is_empty(), "{name}: {:?}", first.errors);
        let by_id = Target::Id(first.id.clone());
        let again = workflow::push(api, &flow, &by_id, None, &policy)
            .await
            .expect("second push");
        assert_eq!(again.change, Change::Unchanged, "{name}");

        api.publish_flow(&first.id).await.expect("publish");
        let edited = VALID.replace("\"Hello\"", "\"Hello again\"");
        let edited_flow = checked(&edited).expect("valid");
        match workflow::push(api, &edited_flow, &by_id, None, &policy).await {
            Err(DeployError::Refused(Refusal::PublishedLocked { status, .. })) => {
                assert_eq!(status, FlowStatus::Published, "{name}");
            }
            other => panic!("{name}: {other:?}"),
        }
        api.deprecate_flow(&first.id).await.expect("deprecate");
        match workflow::push(api, &edited_flow, &by_id, None, &policy).await {
            Err(DeployError::Refused(Refusal::Deprecated { id })) => assert_eq!(id, first.id),
            other => panic!("{name}: {other:?}"),
        }
    }
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flow_with_a_local_error_cannot_even_be_handed_to_push() {
    let sb = Sandbox::start(SandboxConfig::new(KEY))
        .await
        .expect("sandbox");
    let broken = VALID.replacen("\"screens\"", "\"screenz\"", 1);
    match checked(&broken) {
        Err(DeployError::Refused(Refusal::LocalErrors { count })) => assert!(count >= 1),
        other => panic!("{other:?}"),
    }
    let old = VALID.replacen("\"7.3\"", "\"2.1\"", 1);
    let old_flow = checked(&old).expect("an old version is a warning, not an error");
    for (name, api) in backends(&sb) {
        // An endpoint_uri on a Flow JSON below 3.0 is refused before any call.
        let e = workflow::push(
            api.as_ref(),
            &old_flow,
            &named("Old"),
            Some("https://example.com/flow"),
            &RetryPolicy::default(),
        )
        .await
        .expect_err(name);
        assert!(
            matches!(e, DeployError::Refused(Refusal::EndpointBelow3 { .. })),
            "{name}: {e:?}"
        );
    }
    assert!(sb.request_log().is_empty(), "{:?}", sb.request_log());
    sb.shutdown().await;
}
