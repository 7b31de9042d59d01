use crate::rules::engine::{Check, RuleInfo, fixture, rule};

use super::IMAGE_BASE64_PASS;

rule! {
    /// Images (Image `src`, ImageCarousel images, data-source `image`, NavigationList
    /// `start.image`) are base64 data, not URLs or empty strings.
    ///
    /// ## Why
    ///
    /// Flow images travel inside the Flow JSON; Meta rejects what is not base64 ("Image source is
    /// not in a valid base64 format.") and a URL is never fetched.
    ///
    /// ## Notes
    ///
    /// Checks the alphabet and padding only, not that the data decodes to an image. Dynamic values
    /// are not checked.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "components/image-base64",
            code: "INVALID_PROPERTY_VALUE",
            fail_example: fixture!("components/image-base64/fail.json"),
            pass_example: fixture!("components/image-base64/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&IMAGE_BASE64_PASS),
    };
}
