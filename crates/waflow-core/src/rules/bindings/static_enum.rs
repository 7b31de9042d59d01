use crate::expr::{self, Dynamic, scan};
use crate::finding::Severity;
use crate::rules::engine::{Check, Evidence, RuleInfo, fixture, rule};
use crate::rules::props::Shape;
use crate::schema::spec::{Bindable, Ty};
use crate::version::FlowVersion;

use super::{ANALYZE_PASS, Analyzer};

rule! {
    /// A `media-size` (CheckboxGroup, RadioButtonsGroup, NavigationList) is one of its values,
    /// not a `${…}` binding or an expression.
    ///
    /// ## Why
    ///
    /// Meta's Flow Builder takes only `"regular"` or `"large"` there and refuses the flow
    /// otherwise ("Value should be one of …"), though Meta's reference shows the property bound
    /// to data (`${data.media-size}`).
    ///
    /// ## Notes
    ///
    /// Meta's sources disagree: the component reference marks `media-size` as dynamic; the
    /// Builder's schema has a fixed list of values there. No report shows what the server does.
    /// Decision: a warning in the default (server) profile, an error in the builder profile
    /// (`profile = "builder"`). Before this rule a binding there was `schema/enum`, an error.
    /// The type of the bound data field (a string) is checked by `bindings/type-mismatch`.
    ///
    /// The Builder also takes only values for `input-type`, Image `scale-type`, ImageCarousel
    /// `aspect-ratio` and `scale-type`, PhotoPicker `photo-source` and `label-variant`; there
    /// the reference lists the values without a dynamic form (it marks every property that takes
    /// one), so the sources agree and a binding stays a `schema/enum` error in both profiles.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "bindings/static-enum",
            code: "INVALID_ENUM_VALUE",
            severity: Severity::Warning,
            builder_severity: Some(Severity::Error),
            evidence: Evidence::Disputed,
            since: FlowVersion::V5_0,
            fail_example: fixture!("bindings/static-enum/fail.json"),
            pass_example: fixture!("bindings/static-enum/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Pass(&ANALYZE_PASS),
    };
}

impl Analyzer<'_, '_, '_, '_> {
    /// Reports the string `s` of property `key` when the spec gives it an enum the Builder takes
    /// only literally, and the schema let it through as a binding or an expression.
    pub(super) fn static_enum(&mut self, ptr: &str, key: &str, s: &str, shape: Shape) {
        let Shape::Ty(Ty::Enum {
            values,
            dynamic: Bindable::NotInBuilder,
        }) = shape
        else {
            return;
        };
        let dynamic = scan::passes_binding_pattern(s, self.ctx.version)
            || matches!(expr::classify(s, self.nested), Dynamic::Nested(_));
        if !dynamic {
            return;
        }
        let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
        let values = quoted.join(" or ");
        self.report(
            &RULE,
            ptr,
            format!(
                "'{key}' takes its value from data here; Meta's Flow Builder accepts only {values}"
            ),
        )
        .help(format!(
            "write {values} if the flow is also edited in Meta's Builder (Meta's reference allows a dynamic value)"
        ));
    }
}
