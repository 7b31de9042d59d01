//! `waflow publish` end to end against the sandbox: the gates, the lifecycle explanations, the
//! preview link.

use crate::support::{DUPLICATE_IDS, ENDPOINT, Env, VALID, valid_with_text};

#[test]
fn publish_pushes_publishes_and_prints_the_preview_link() {
    let env = Env::new();
    env.write("flow.json", VALID);
    let (out, err) = env.expect(0, &["publish", "flow.json", "--name", "Welcome"]);
    let url = out.trim();
    assert!(
        url.starts_with("http") && !url.contains('\n'),
        "only the link: {out}"
    );
    assert!(
        err.contains("created flow") && err.contains("published flow"),
        "{err}"
    );
    let flows = env.flows();
    assert_eq!(flows.len(), 1);
    assert_eq!(flows[0]["status"], "PUBLISHED");

    // Again with the same content: nothing to do, still the link.
    let before = env.log().len();
    let (out, err) = env.expect(0, &["publish", "flow.json", "--name", "Welcome"]);
    assert_eq!(out.trim(), url);
    assert!(err.contains("already published"), "{err}");
    assert!(env.calls_since(before).iter().all(|c| c.starts_with("GET")));
}

#[test]
fn local_errors_stop_publish_before_anything_is_sent() {
    let env = Env::new();
    env.write("bad.json", DUPLICATE_IDS);
    let (out, err) = env.expect(
        1,
        &["publish", "bad.json", "--flow-id", "1", "-f", "concise"],
    );
    assert!(out.contains("bad.json:"), "{out}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(env.log().is_empty());
}

#[test]
fn meta_errors_stop_publish_after_the_upload() {
    let env = Env::new();
    env.write(
        "waflow.toml",
        "[rules]\nDUPLICATE_SCREEN_IDS = \"off\"\nINVALID_ROUTING_MODEL = \"off\"\n",
    );
    env.write("dup.json", DUPLICATE_IDS);
    let id = env.create("Dup");
    let before = env.log().len();
    let (out, err) = env.expect(
        1,
        &["publish", "dup.json", "--flow-id", &id, "-f", "concise"],
    );
    assert!(out.contains("(reported by Meta)"), "{out}");
    assert!(err.contains("not published"), "{err}");
    assert!(
        !env.calls_since(before)
            .iter()
            .any(|c| c.ends_with("/publish"))
    );
    assert_eq!(env.flow(&id)["status"], "DRAFT");
}

#[test]
fn already_published_flows_are_cloned_on_request() {
    let env = Env::new();
    env.write("flow.json", VALID);
    env.expect(0, &["publish", "flow.json", "--name", "Live"]);
    let id = env.flows()[0]["id"].as_str().expect("id").to_owned();
    env.write("flow.json", &valid_with_text("Version 2"));

    let (out, err) = env.expect(3, &["publish", "flow.json", "--flow-id", &id]);
    assert!(out.is_empty());
    assert!(
        err.contains("PUBLISHED") && err.contains("--clone-if-published"),
        "{err}"
    );

    let (out, err) = env.expect(
        0,
        &[
            "publish",
            "flow.json",
            "--flow-id",
            &id,
            "--clone-if-published",
        ],
    );
    assert!(out.trim().starts_with("http"), "{out}");
    assert!(
        err.contains("cloned it into new DRAFT flow") && err.contains("Live v2"),
        "{err}"
    );
    let flows = env.flows();
    assert_eq!(flows.len(), 2);
    assert!(
        flows.iter().all(|f| f["status"] == "PUBLISHED"),
        "{flows:?}"
    );
}

#[test]
fn deprecated_flows_are_explained() {
    let env = Env::new();
    env.write("flow.json", VALID);
    env.expect(0, &["publish", "flow.json", "--name", "Old"]);
    let id = env.flows()[0]["id"].as_str().expect("id").to_owned();
    env.expect(0, &["flows", "deprecate", &id]);
    let (_, err) = env.expect(3, &["publish", "flow.json", "--flow-id", &id]);
    assert!(err.contains("DEPRECATED") && err.contains("hint:"), "{err}");
}

#[test]
fn endpoint_flows_need_endpoint_uri_and_old_versions_refuse_it() {
    let env = Env::new();
    env.write("endpoint.json", ENDPOINT);
    let id = env.create("Endpoint");
    let before = env.log().len();
    let (_, err) = env.expect(3, &["publish", "endpoint.json", "--flow-id", &id]);
    assert!(
        err.contains("endpoint_uri") && err.contains("139002"),
        "{err}"
    );
    assert!(
        env.calls_since(before).iter().all(|c| c.starts_with("GET")),
        "refused before any upload"
    );

    let (out, err) = env.expect(
        0,
        &[
            "publish",
            "endpoint.json",
            "--flow-id",
            &id,
            "--endpoint-uri",
            "https://example.com/flow",
        ],
    );
    assert!(out.trim().starts_with("http"), "{out}\n{err}");
    assert_eq!(env.flow(&id)["endpoint_uri"], "https://example.com/flow");

    // By name: refused before a flow without endpoint_uri is created.
    let before = env.log().len();
    let (_, err) = env.expect(3, &["publish", "endpoint.json", "--name", "Fresh endpoint"]);
    assert!(
        err.contains("a new flow") && err.contains("--endpoint-uri"),
        "{err}"
    );
    assert!(env.calls_since(before).iter().all(|c| c.starts_with("GET")));

    // endpoint_uri for a flow JSON below 3.0 is a configuration error (shown with push:
    // publish refuses such a version before anything else, see below).
    let old = VALID.replace("\"7.3\"", "\"2.1\"");
    env.write("old.json", &old);
    env.write(
        "waflow.toml",
        "[rules]\n\"version/not-publishable\" = \"off\"\n",
    );
    let before = env.log().len();
    let (_, err) = env.expect(
        2,
        &[
            "push",
            "old.json",
            "--name",
            "Old",
            "--endpoint-uri",
            "https://example.com/x",
        ],
    );
    assert!(
        err.contains("below 3.0") && err.contains("data_channel_uri"),
        "{err}"
    );
    assert_eq!(env.log().len(), before, "nothing sent");
}

#[test]
fn local_warnings_stop_publish_unless_allowed() {
    let env = Env::new();
    // Flow JSON 2.1 is frozen: the local check warns (Meta no longer publishes it).
    env.write("old.json", &VALID.replace("\"7.3\"", "\"2.1\""));
    let id = env.create("Old");
    let before = env.log().len();
    let (out, err) = env.expect(
        1,
        &["publish", "old.json", "--flow-id", &id, "-f", "concise"],
    );
    assert!(out.contains("warning["), "{out}");
    assert!(
        err.contains("--allow-warnings") && err.contains("nothing was sent"),
        "{err}"
    );
    assert_eq!(env.log().len(), before);
    // Allowed, a frozen version is still refused before anything is sent: Meta refuses to
    // publish it (139002), so uploading it would only change the flow for nothing. (It used to
    // go out and come back refused.)
    let (out, err) = env.expect(
        1,
        &["publish", "old.json", "--flow-id", &id, "--allow-warnings"],
    );
    assert!(
        err.contains("Flow JSON 2.1, which Meta no longer publishes")
            && err.contains("hint:")
            && err.contains("the oldest publishable version is 5.1"),
        "{out}{err}"
    );
    assert_eq!(env.log().len(), before, "nothing sent");
    // Even with the rule off in waflow.toml.
    env.write(
        "waflow.toml",
        "[rules]\n\"version/not-publishable\" = \"off\"\n",
    );
    let (_, err) = env.expect(1, &["publish", "old.json", "--flow-id", &id]);
    assert!(err.contains("no longer publishes"), "{err}");
    assert_eq!(env.log().len(), before, "nothing sent");
    // Another warning, allowed: the request goes out and Meta (the sandbox) has the last word.
    env.write(
        "mixed.json",
        &VALID.replace("\"Hello\"", "\"Hello ${data.x}\""),
    );
    let (code, _, err) = env.run(&[
        "publish",
        "mixed.json",
        "--flow-id",
        &id,
        "--allow-warnings",
    ]);
    assert!(code == 0 || code == 3, "{err}");
    assert!(env.log().len() > before);
    assert!(!err.contains("--allow-warnings"), "{err}");
}
