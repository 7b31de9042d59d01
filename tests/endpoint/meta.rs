//! Against Meta's example endpoint (book-appointment), which we did not write.

use serde_json::Value;

use crate::support::{MetaEndpoint, Scratch};

#[test]
fn ping_meta_example_is_healthy() {
    let Some(meta) = MetaEndpoint::start(None) else {
        return;
    };
    let out = crate::support::waflow()
        .args(["endpoint", "ping", &meta.url, "--public-key"])
        .arg(meta.scratch.key())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("healthy: "), "{stdout}");
    assert!(stdout.contains(" ms"), "{stdout}");
}

#[test]
fn ping_with_a_key_the_endpoint_does_not_hold_is_421() {
    let Some(meta) = MetaEndpoint::start(None) else {
        return;
    };
    let other = Scratch::new(&crate::support::public_pem());
    let out = crate::support::waflow()
        .args(["endpoint", "ping", &meta.url, "--public-key"])
        .arg(other.key())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("HTTP 421") && stderr.contains("does not match"),
        "{stderr}"
    );
}

#[test]
fn the_request_signature_is_the_one_meta_sends() {
    let Some(meta) = MetaEndpoint::start(Some("app-secret-for-tests")) else {
        return;
    };
    let ping = |secret: &str| {
        crate::support::waflow()
            .args([
                "endpoint",
                "ping",
                &meta.url,
                "--app-secret-env",
                "WAFLOW_TEST_APP_SECRET",
            ])
            .arg("--public-key")
            .arg(meta.scratch.key())
            .env("WAFLOW_TEST_APP_SECRET", secret)
            .output()
            .unwrap()
    };
    let good = ping("app-secret-for-tests");
    assert_eq!(
        good.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let bad = ping("another-secret");
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("HTTP 432"), "{stderr}");
    assert!(
        !stderr.contains("another-secret"),
        "the secret is never printed: {stderr}"
    );
}

#[test]
fn meta_template_replayed_against_meta_endpoint_is_clean() {
    let Some(meta) = MetaEndpoint::start(None) else {
        return;
    };
    let out = crate::support::waflow()
        .args(["endpoint", "check"])
        .arg(&meta.flow)
        .args(["--url", &meta.url, "-f", "json", "--public-key"])
        .arg(meta.scratch.key())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["files"][0]["diagnostics"],
        serde_json::json!([]),
        "{report}"
    );
    // The whole conversation was played: INIT, the three Dropdowns, two Footers, the error.
    for step in [
        "INIT",
        "data_exchange from the Dropdown on APPOINTMENT",
        "data_exchange from the Footer on DETAILS",
        "data_exchange from the Footer on SUMMARY",
        "an error notification",
    ] {
        assert!(stderr.contains(step), "{step} missing from {stderr}");
    }
    assert_eq!(
        stderr.matches("Dropdown on APPOINTMENT").count(),
        3,
        "{stderr}"
    );
}

#[test]
fn a_data_model_that_disagrees_with_meta_endpoint_fails_naming_the_field() {
    let Some(meta) = MetaEndpoint::start(None) else {
        return;
    };
    let mut flow: Value =
        serde_json::from_str(&std::fs::read_to_string(&meta.flow).unwrap()).unwrap();
    // The endpoint sends is_date_enabled as a boolean; this copy declares a string.
    flow["screens"][0]["data"]["is_date_enabled"] =
        serde_json::json!({"type": "string", "__example__": "yes"});
    let text = serde_json::to_string_pretty(&flow).unwrap();
    let copy = meta.scratch.write("disagrees.json", &text);
    let line = text
        .lines()
        .position(|l| l.contains("\"is_date_enabled\": {"))
        .unwrap()
        + 2; // the "type" line after it
    let run = |format: &str| {
        crate::support::waflow()
            .args(["endpoint", "check", "-q", "-f", format])
            .arg(&copy)
            .args(["--url", &meta.url, "--public-key"])
            .arg(meta.scratch.key())
            .output()
            .unwrap()
    };
    let concise = run("concise");
    let stdout = String::from_utf8_lossy(&concise.stdout);
    assert_eq!(concise.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.starts_with(&format!("{}:{line}:", copy.display())),
        "located on the declared type, line {line}: {stdout}"
    );
    assert!(
        stdout.contains("error[payload-schema-error] `data.is_date_enabled`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("is a boolean, but the data model declares a `string`"),
        "{stdout}"
    );
    // Every format of `check` renders it.
    for format in ["human", "json", "meta", "sarif", "github", "junit"] {
        let out = run(format);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("is_date_enabled"), "{format}: {text}");
    }
}
