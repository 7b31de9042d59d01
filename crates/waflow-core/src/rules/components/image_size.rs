use crate::finding::Severity;
use crate::rules::engine::{Check, Evidence, RuleInfo, rule};

use super::IMAGE_BASE64_PASS;

rule! {
    /// Images should stay within Meta's recommended sizes: 300 KB for Image and ImageCarousel, 100
    /// KB for NavigationList start images and (from 6.0) data-source images.
    ///
    /// ## Why
    ///
    /// Images travel inside the Flow JSON and every response; Meta recommends these sizes and large
    /// images slow the flow down or are not shown.
    ///
    /// ## Notes
    ///
    /// Only Meta's documentation recommends the sizes: a warning in both profiles. The size is
    /// computed from the base64 length. Data-source images may be 300 KB before 6.0. The failing
    /// example is described rather than written out (it would be 400 KB); tests/rules_components.rs
    /// generates one.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "components/image-size",
            code: "WAFLOW_IMAGE_TOO_LARGE",
            evidence: Evidence::Docs,
            severity: Severity::Warning,
            fail_example: "(an Image whose base64 src decodes to more than 300 KB)",
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"Screen","terminal":true,"data":{},"layout":{"type":"SingleColumnLayout","children":[{"type":"Image","src":"iVBORw0KGgo="},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&IMAGE_BASE64_PASS),
    };
}
