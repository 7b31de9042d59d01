use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::rules::engine::{Check, Evidence, RuleInfo, Sink, fixture, rule};
use crate::rules::lookup::Field;
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

use super::{item_pointer, items};

rule! {
    /// The items of one data-source use images or colours, not both.
    ///
    /// ## Why
    ///
    /// Meta's Flow Builder rejects a mix ("Data source can only have either only image attributes
    /// or only color attributes for all items for RadioButtonsGroup 'x'.").
    ///
    /// ## Notes
    ///
    /// Reported at the first item that uses the other kind.
    ///
    /// Only Meta's Flow Builder states this rule; no Meta document does, and no report shows
    /// Meta's server refusing a flow for it. Decision: a warning in the default (server)
    /// profile, an error in the builder profile; `push` and `publish` say when Meta's answer
    /// differs.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "components/data-source-image-and-color",
            code: "DATA_SOURCE_ITEMS_HAVE_BOTH_IMAGE_AND_COLOR",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Builder,
            since: FlowVersion::V5_0,
            fail_example: fixture!("components/data-source-image-and-color/fail.json"),
            pass_example: fixture!("components/data-source-image-and-color/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        let list = items(c, "data-source");
        let first_image = list.iter().position(|(_, o)| o.has("image"));
        let first_color = list.iter().position(|(_, o)| o.has("color"));
        if let (Some(i), Some(j)) = (first_image, first_color) {
            let (at, key, other) = if i > j {
                (i, "image", "color")
            } else {
                (j, "color", "image")
            };
            sink.report(&RULE,
                pointer::push(&item_pointer(c, "data-source", list[at].0), key),
                format!(
                    "this item of {} '{}' has an {key}, but an earlier one has a {other}: use images or colours for all items",
                    c.kind,
                    c.name.unwrap_or("")
                ),
            )
            .anchor(Anchor::Key);
        }
    }
}
