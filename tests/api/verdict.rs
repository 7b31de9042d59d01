//! `push` says where Meta's verdict differs from waflow's on a constraint whose sources disagree
//! (issue #16, docs/evidence.md). The sandbox validates like waflow's default (server) profile.

use crate::support::Env;

/// A flow with Footers in an If nested inside another If (`if/footer-in-nested-if`: a warning on
/// the server profile, an error in the builder profile).
const NESTED_FOOTER: &str = include_str!("../../fixtures/rules/if/footer-in-nested-if/fail.json");

#[test]
fn push_says_where_meta_accepts_what_the_builder_profile_refuses() {
    let env = Env::new();
    let id = env.create("Survey");
    env.write("flow.json", NESTED_FOOTER);
    let (_, err) = env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    assert!(
        err.contains("flow.json: Meta's verdict differs from waflow's"),
        "{err}"
    );
    assert!(
        err.contains("  - if/footer-in-nested-if at /screens/0/layout/children/0/then/0/then/0/type: Meta accepted it, waflow reports a warning and the builder profile an error (evidence: disputed)"),
        "{err}"
    );
    // In the builder profile it is a local error: nothing is sent.
    let before = env.log().len();
    let (_, err) = env.expect(
        1,
        &[
            "push",
            "flow.json",
            "--flow-id",
            &id,
            "--profile",
            "builder",
        ],
    );
    assert!(err.contains("nothing was sent"), "{err}");
    assert_eq!(env.log().len(), before, "no request");
}

#[test]
fn push_says_nothing_when_meta_and_waflow_agree() {
    let env = Env::new();
    let id = env.create("Plain");
    env.write("flow.json", crate::support::VALID);
    let (_, err) = env.expect(0, &["push", "flow.json", "--flow-id", &id]);
    assert!(!err.contains("verdict differs"), "{err}");
}
