//! The publish gate: `waflow publish` of an endpoint flow with `endpoint_public_pem` in
//! waflow.toml runs the health check first, against the local Partner API sandbox.

use serde_json::json;
use waflow_sandbox::{Sandbox, SandboxConfig};

use crate::support::{Answer, RustEndpoint, Scratch, public_pem, waflow};

const KEY: &str = "wfk-endpoint-gate-test-key";
const FLOW: &str = include_str!("../../fixtures/api/endpoint.json");

struct Project {
    _runtime: tokio::runtime::Runtime,
    sandbox: Sandbox,
    scratch: Scratch,
}

impl Project {
    /// A sandbox with one DRAFT flow, and a project whose waflow.toml points that flow at
    /// `endpoint_url` with our public key.
    fn new(endpoint_url: &str) -> (Project, String) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let sandbox = runtime
            .block_on(Sandbox::start(SandboxConfig::new(KEY)))
            .unwrap();
        let project = Project {
            _runtime: runtime,
            sandbox,
            scratch: Scratch::new(&public_pem()),
        };
        let out = project.waflow(&["flows", "create", "--name", "Gate", "--json"]);
        assert_eq!(out.0, Some(0), "{}", out.2);
        let id = serde_json::from_str::<serde_json::Value>(&out.1).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        project.scratch.write("endpoint.json", FLOW);
        project.scratch.write(
            "waflow.toml",
            &format!(
                "[flows.\"endpoint.json\"]\nflow_id = \"{id}\"\nendpoint_uri = \"{endpoint_url}\"\nendpoint_public_pem = \"public.pem\"\n"
            ),
        );
        (project, id)
    }

    fn waflow(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let out = waflow()
            .current_dir(self.scratch.dir.path())
            .env("WAFLOW_BASE_URL", self.sandbox.url())
            .env("WAFLOW_PARTNER_ID", "testPA")
            .env("WAFLOW_WABA_ACCOUNT_ID", "testWA")
            .env("WAFLOW_API_KEY", KEY)
            .env_remove("WAFLOW_ENV")
            .args(args)
            .output()
            .unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    }

    /// Requests that changed something on the sandbox (anything but a GET).
    fn writes(&self) -> Vec<String> {
        self.sandbox
            .request_log()
            .into_iter()
            .filter(|r| r.method != "GET")
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }
}

#[test]
fn publish_refuses_an_endpoint_that_fails_its_health_check() {
    let endpoint = RustEndpoint::start(|_| Answer::Status(421));
    let (project, _) = Project::new(&endpoint.url);
    let before = project.writes();
    let (code, _, stderr) = project.waflow(&["publish", "endpoint.json"]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains("fails the health check: HTTP 421"),
        "{stderr}"
    );
    assert!(stderr.contains("waflow endpoint ping"), "{stderr}");
    assert_eq!(project.writes(), before, "nothing uploaded or published");
    assert_eq!(
        endpoint.requests(),
        [json!({"version": "3.0", "action": "ping"})]
    );
}

#[test]
fn publish_goes_on_past_a_healthy_endpoint() {
    let endpoint = RustEndpoint::start(|_| Answer::Json(json!({"data": {"status": "active"}})));
    let (project, id) = Project::new(&endpoint.url);
    let (_, _, stderr) = project.waflow(&["publish", "endpoint.json"]);
    // The gate passes and the flow is uploaded. (The sandbox then refuses the loopback
    // endpoint_uri because it is not https, as Meta does; that is past the gate.)
    let gate = stderr
        .find("the endpoint answered the health check in")
        .expect(&stderr);
    let upload = stderr
        .find(&format!("endpoint.json -> flow {id}: uploaded"))
        .expect(&stderr);
    assert!(gate < upload, "{stderr}");
    assert_eq!(endpoint.requests().len(), 1);
}
