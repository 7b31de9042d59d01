//! A component case whose input is too large to keep as a fixture: the image size warning on a
//! generated base64 image, in both profiles. Every other case of a rule is a fixture under
//! `fixtures/rules/` (`rules_examples.rs`; `profiles.rs` runs the inventoried rules' fixtures in
//! both profiles).

#![allow(clippy::expect_used)]

#[path = "support/findings.rs"]
mod support;

use waflow_core::options::Profile;
use waflow_core::{CheckOptions, check};

#[test]
fn large_images_are_warned_about() {
    // 140 000 base64 characters decode to about 102 KB: over the data-source limit from 6.0,
    // within the Image limit.
    let big = "A".repeat(140_000);
    let json = format!(
        r#"{{"version":"7.3","screens":[{{"id":"A","title":"A","terminal":true,"layout":{{"type":"SingleColumnLayout","children":[{{"type":"Image","src":"{big}"}},{{"type":"RadioButtonsGroup","name":"r","label":"R","data-source":[{{"id":"a","title":"A","image":"{big}"}}]}},{{"type":"Footer","label":"Done","on-click-action":{{"name":"complete","payload":{{}}}}}}]}}}}]}}"#
    );
    let findings = |profile: Profile| -> String {
        let options = CheckOptions {
            profile,
            ..CheckOptions::default()
        };
        let report = check("case.json", json.as_bytes(), &options);
        report
            .diagnostics
            .iter()
            .map(|d| support::block(&report, d, 20))
            .collect()
    };
    let out = findings(Profile::Server);
    // Guidance, not a validation rule of Meta's (docs/evidence.md): the same in both profiles.
    assert_eq!(findings(Profile::Builder), out);
    insta::assert_snapshot!(out, @r#"
    1:140239 warning components/image-size [WAFLOW_IMAGE_TOO_LARGE] the image is 102 KB; Meta recommends at most 100 KB here
        at /screens/0/layout/children/1/data-source/0/image «"AAAAAAAAAAAAAAAAAAA…»
        help: compress or scale the image down
    "#);
}
