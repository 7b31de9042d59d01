//! Set-up and look-ups shared by the client tests (Partner API and Graph API).

use std::time::Duration;

use waflow_api::model::CreateFlow;
use waflow_api::{FlowsBackend, RetryPolicy};
use waflow_sandbox::{Sandbox, SandboxConfig};

/// A sandbox on 127.0.0.1 accepting `secret`.
pub async fn sandbox(secret: &str) -> Sandbox {
    Sandbox::start(SandboxConfig::new(secret))
        .await
        .expect("sandbox starts")
}

/// Retries with short waits, so that the fault tests stay quick.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        ..RetryPolicy::default()
    }
}

/// The creation of a flow called `name` in the `OTHER` category.
pub fn create(name: &str) -> CreateFlow {
    CreateFlow {
        name: name.into(),
        categories: vec!["OTHER".into()],
        ..CreateFlow::default()
    }
}

/// The methods of the requests the sandbox logged from the `before`th on.
pub fn methods_since(sandbox: &Sandbox, before: usize) -> Vec<String> {
    sandbox.request_log()[before..]
        .iter()
        .map(|r| r.method.clone())
        .collect()
}

/// How many flows the backend lists under `name`.
pub async fn count_named(api: &dyn FlowsBackend, name: &str) -> usize {
    api.list_flows(&["name"])
        .await
        .expect("list")
        .flows
        .iter()
        .filter(|f| f.name.as_deref() == Some(name))
        .count()
}
