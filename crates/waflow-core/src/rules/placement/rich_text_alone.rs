use crate::rules::counts::PER_TYPE_COUNTS_PASS;
use crate::rules::engine::{Check, RuleInfo, rule};
use crate::rules::props::one_screen;
use crate::version::FlowVersion;

rule! {
    /// In Flow JSON 5.1 a RichText must be the only component of its screen.
    ///
    /// ## Why
    ///
    /// Meta rejects other components next to a RichText ("RichText cannot be used with other
    /// components on the same screen.").
    ///
    /// ## Notes
    ///
    /// Reported once per screen, at the RichText. From 6.0 the same check is placement/rich-text
    /// (INVALID_COMPONENT_PLACEMENT). A RichText-only terminal screen has no Footer, which
    /// screens/terminal-without-footer may report from 7.3.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "placement/rich-text-alone",
            code: "INVALID_RICHTEXT_PLACEMENT",
            since: FlowVersion::V5_1,
            until: Some(FlowVersion::V6_0),
            fail_example: one_screen!("5.1", r##"{"type":"RichText","text":"# Terms"},"##),
            pass_example: r##"{"version":"5.1","screens":[{"id":"A","title":"Start","layout":{"type":"SingleColumnLayout","children":[{"type":"EmbeddedLink","text":"Read our terms","on-click-action":{"name":"navigate","next":{"type":"screen","name":"TERMS"},"payload":{}}},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"DONE"},"payload":{}}}]}},{"id":"TERMS","title":"Terms","layout":{"type":"SingleColumnLayout","children":[{"type":"RichText","text":"# Terms"}]}},{"id":"DONE","title":"Done","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"##,
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&PER_TYPE_COUNTS_PASS),
    };
}
