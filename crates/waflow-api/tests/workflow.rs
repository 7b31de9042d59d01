//! The push and publish workflows (`waflow_api::workflow`) against the sandbox on 127.0.0.1, on
//! both backends, without the binary: typed outcomes and refusals, nothing sent for a flow with a
//! local error, nothing published that Meta, the lifecycle or the health status refuses, and
//! Graph's rate limits waited out (a create only after a look-up).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::convert::Infallible;
use std::time::Duration;

use waflow_api::model::{CreateFlow, Flow, FlowStatus};
use waflow_api::workflow::{
    self, Change, CheckedFlow, DeployError, PublishError, PublishOptions, PublishOutcome,
    Published, Refusal, Step, Target,
};
use waflow_api::{
    ApiKey, ClientOptions, Connection, ErrorKind, FlowsBackend, GraphClient, GraphConnection,
    PartnerClient, RetryPolicy,
};
use waflow_core::{CheckOptions, Level};
use waflow_sandbox::{Fault, FaultMatch, Sandbox, SandboxConfig};

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

/// A flow without local errors under `levels` (rule id or Meta code → off).
fn checked_without(text: &str, off: &[&str]) -> CheckedFlow<'static> {
    let mut options = CheckOptions::default();
    for rule in off {
        options.levels.insert((*rule).to_owned(), Level::Off);
    }
    let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
    let report = waflow_core::check("flow.json", text.as_bytes(), &options);
    CheckedFlow::new(text.as_bytes(), &report).expect("no local error")
}

/// What a publish told, as words: `resolved`, `cloned NAME`, `synced CHANGE ERRORS`, `endpoint`.
type Steps = Vec<String>;

fn recorder(steps: &mut Steps) -> impl FnMut(Step<'_>) + '_ {
    |step| {
        steps.push(match step {
            Step::Resolved { .. } => "resolved".to_owned(),
            Step::Cloned { name, .. } => format!("cloned {name}"),
            Step::Synced { change, errors, .. } => format!("synced {change:?} {}", errors.len()),
            Step::EndpointSet { .. } => "endpoint".to_owned(),
        })
    }
}

/// The gate that lets everything through.
async fn open(_: &Flow) -> Result<(), Infallible> {
    Ok(())
}

/// A sandbox on 127.0.0.1 accepting [`KEY`].
async fn start() -> Sandbox {
    Sandbox::start(SandboxConfig::new(KEY))
        .await
        .expect("sandbox")
}

/// [`workflow::publish`] with the default retries and the open gate, its steps recorded in
/// `steps`.
async fn publish(
    api: &dyn FlowsBackend,
    flow: &CheckedFlow<'_>,
    target: &Target,
    options: &PublishOptions,
    steps: &mut Steps,
) -> Result<PublishOutcome, PublishError<Infallible>> {
    let policy = RetryPolicy::default();
    workflow::publish(
        api,
        flow,
        target,
        options,
        &policy,
        open,
        &mut recorder(steps),
    )
    .await
}

/// Requests whose path ends with `suffix`, from the `since`th on.
fn calls_ending(sb: &Sandbox, since: usize, method: &str, suffix: &str) -> usize {
    sb.request_log()[since..]
        .iter()
        .filter(|r| r.method == method && r.path.ends_with(suffix))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publish_publishes_once_then_refuses_or_clones_on_both_backends() {
    let sb = start().await;
    for (name, api) in backends(&sb) {
        let api = api.as_ref();
        let flow = checked(VALID).expect("valid");
        let target = named(&format!("Live {name}"));
        let mut steps = Steps::new();
        let first = publish(api, &flow, &target, &PublishOptions::default(), &mut steps)
            .await
            .expect("published");
        assert_eq!(first.published, Published::Now, "{name}");
        let change = if name == "graph" {
            "CreatedWithContent"
        } else {
            "Uploaded"
        };
        assert_eq!(steps, ["resolved".to_owned(), format!("synced {change} 0")]);
        let status = api.get_flow(&first.id, &["status"]).await.expect("get");
        assert_eq!(status.status, Some(FlowStatus::Published), "{name}");

        // The same flow JSON again: nothing to send.
        let before = sb.request_log().len();
        let again = publish(
            api,
            &flow,
            &target,
            &PublishOptions::default(),
            &mut Steps::new(),
        )
        .await
        .expect("already");
        assert_eq!(again.published, Published::AlreadyWithThisJson, "{name}");
        assert_eq!(calls_ending(&sb, before, "POST", "/publish"), 0, "{name}");
        assert_eq!(calls_ending(&sb, before, "POST", "/assets"), 0, "{name}");

        // Another flow JSON for the live flow: refused, or published as a clone.
        let edited = VALID.replace("\"Hello\"", "\"Hello again\"");
        let edited = checked(&edited).expect("valid");
        let by_id = Target::Id(first.id.clone());
        match publish(
            api,
            &edited,
            &by_id,
            &PublishOptions::default(),
            &mut Steps::new(),
        )
        .await
        {
            Err(PublishError::Deploy(DeployError::Refused(Refusal::AlreadyPublished {
                id,
                status,
            }))) => {
                assert_eq!((id, status), (first.id.clone(), FlowStatus::Published));
            }
            other => panic!("{name}: {other:?}"),
        }
        let mut steps = Steps::new();
        let options = PublishOptions {
            clone_if_published: true,
            ..PublishOptions::default()
        };
        let clone = publish(api, &edited, &by_id, &options, &mut steps)
            .await
            .expect("clone published");
        assert_ne!(clone.id, first.id, "{name}");
        assert_eq!(
            steps,
            [
                format!("cloned Live {name} v2"),
                "synced Uploaded 0".to_owned()
            ]
        );

        api.deprecate_flow(&first.id).await.expect("deprecate");
        let refused = publish(
            api,
            &edited,
            &by_id,
            &PublishOptions::default(),
            &mut Steps::new(),
        )
        .await;
        assert!(
            matches!(
                refused,
                Err(PublishError::Deploy(DeployError::Refused(
                    Refusal::Deprecated { .. }
                )))
            ),
            "{name}: {refused:?}"
        );
    }
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publish_never_publishes_what_meta_or_the_gate_refuses_on_both_backends() {
    let sb = start().await;
    let policy = RetryPolicy::default();
    // Two screens with one id: an error for Meta, switched off locally.
    let duplicate = VALID.replacen(
        "\"screens\": [",
        &format!("\"screens\": [{},", screen_of(VALID)),
        1,
    );
    let meta_only = checked_without(
        &duplicate,
        &["DUPLICATE_SCREEN_IDS", "INVALID_ROUTING_MODEL"],
    );
    for (name, api) in backends(&sb) {
        let api = api.as_ref();
        let before = sb.request_log().len();
        let mut steps = Steps::new();
        let refused = publish(
            api,
            &meta_only,
            &named(&format!("Meta refuses {name}")),
            &PublishOptions::default(),
            &mut steps,
        )
        .await;
        match refused {
            Err(PublishError::Deploy(DeployError::Refused(Refusal::RemoteErrors {
                count,
                ..
            }))) => assert!(count >= 1, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
        assert!(
            steps
                .last()
                .is_some_and(|s| s.starts_with("synced") && !s.ends_with(" 0")),
            "{name}: {steps:?}"
        );
        assert_eq!(calls_ending(&sb, before, "POST", "/publish"), 0, "{name}");

        // The caller's gate runs before anything is uploaded.
        let draft = api
            .create_flow_once(&CreateFlow {
                name: format!("Gated {name}"),
                categories: vec!["OTHER".into()],
                ..CreateFlow::default()
            })
            .await
            .expect("create");
        let before = sb.request_log().len();
        let gated = workflow::publish(
            api,
            &checked(VALID).expect("valid"),
            &Target::Id(draft.id.clone()),
            &PublishOptions::default(),
            &policy,
            async |flow: &Flow| Err(format!("no, not {}", flow.id)),
            &mut |_| {},
        )
        .await;
        match gated {
            Err(PublishError::Gate(why)) => assert_eq!(why, format!("no, not {}", draft.id)),
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(calls_ending(&sb, before, "POST", "/assets"), 0, "{name}");
        assert_eq!(calls_ending(&sb, before, "POST", "/publish"), 0, "{name}");
    }
    sb.shutdown().await;
}

/// The first screen object of a flow's text (its `"screens": [` array's first element).
fn screen_of(text: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(text).expect("json");
    value["screens"][0].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_health_status_stops_publish_on_graph() {
    let sb = start().await;
    let backends = backends(&sb);
    let api = backends[1].1.as_ref();
    let policy = RetryPolicy::default();
    let flow = checked(VALID).expect("valid");
    let pushed = workflow::push(api, &flow, &named("Blocked"), None, &policy)
        .await
        .expect("push");
    let faults = sb.faults();
    let before = sb.request_log().len();
    // The flow JSON is already there: the next read after the gate is the health status.
    let arm = async |_: &Flow| {
        faults.push(
            FaultMatch::new("GET", "/v26.0/"),
            Fault::Reply {
                status: 200,
                body: r#"{"id": "1", "health_status": {"can_send_message": "BLOCKED", "entities": [
                    {"entity_type": "WABA", "id": "2", "can_send_message": "BLOCKED",
                     "errors": [{"error_code": 141000, "error_description": "No phone number.",
                                 "possible_solution": "Connect one."}]}]}}"#
                    .into(),
            },
            1,
        );
        Ok::<(), Infallible>(())
    };
    let refused = workflow::publish(
        api,
        &flow,
        &Target::Id(pushed.id.clone()),
        &PublishOptions::default(),
        &policy,
        arm,
        &mut |_| {},
    )
    .await;
    match refused {
        Err(PublishError::Deploy(DeployError::Refused(Refusal::HealthBlocked {
            id,
            problems,
        }))) => {
            assert_eq!(id, pushed.id);
            assert_eq!(problems, ["WABA: No phone number. (Connect one.)"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(calls_ending(&sb, before, "POST", "/publish"), 0);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graph_rate_limits_are_waited_out_but_create_is_looked_up_first() {
    let sb = start().await;
    let backends = backends(&sb);
    let api = backends[1].1.as_ref();
    let policy = RetryPolicy {
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        ..RetryPolicy::default()
    };
    let faults = sb.faults();
    // Meta's rate limits come with HTTP 400; a create hit by one is not sent again blindly.
    faults.push(
        FaultMatch::new("POST", "/flows"),
        Fault::graph_rate_limit(130429),
        1,
    );
    let flow = checked(VALID).expect("valid");
    let pushed = workflow::push(api, &flow, &named("Limited"), None, &policy)
        .await
        .expect("push after a rate limit");
    let calls: Vec<String> = sb
        .request_log()
        .iter()
        .map(|r| format!("{} {}", r.method, r.status.unwrap_or(0)))
        .collect();
    assert_eq!(
        calls[..4],
        ["GET 200", "POST 400", "GET 200", "POST 200"],
        "looked up, created, looked up again, created: {calls:?}"
    );
    // A read and the publish (the server did not act) are retried after them.
    faults.push(
        FaultMatch::new("GET", "/flows"),
        Fault::graph_rate_limit(80007),
        2,
    );
    assert_eq!(api.list_flows(&["id"]).await.expect("list").flows.len(), 1);
    faults.push(
        FaultMatch::new("POST", "/publish"),
        Fault::graph_rate_limit(4),
        2,
    );
    api.publish_flow(&pushed.id).await.expect("publish after 4");
    assert_eq!(faults.remaining(), 0);
    // Rate limits that outlast the retries (4 by default) end as such.
    faults.push(
        FaultMatch::new("POST", "/publish"),
        Fault::graph_rate_limit(4),
        10,
    );
    let e = api.publish_flow(&pushed.id).await.expect_err("limited");
    assert_eq!(e.kind(), ErrorKind::RateLimited, "{e}");
    assert_eq!(faults.remaining(), 5, "one attempt and four retries");
    sb.shutdown().await;
}
