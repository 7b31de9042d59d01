use crate::pointer;
use crate::rules::engine::{Check, RuleInfo, Sink, fixture, rule};
use crate::rules::walker::Ctx;
use crate::version::FlowVersion;

rule! {
    /// If components may be nested at most three levels deep.
    ///
    /// ## Why
    ///
    /// Meta rejects deeper nesting ("The 'If' component can only be nested up to 3 levels deep.").
    ///
    /// ## Notes
    ///
    /// Reported at the first If that is too deep in each chain, not at the Ifs inside it.
    pub(crate) static RULE: Rule = Rule {
        info: RuleInfo {
            id: "if/nesting",
            code: "MAXIMUM_IF_NESTING",
            since: FlowVersion::V4_0,
            fail_example: fixture!("if/nesting/fail.json"),
            pass_example: fixture!("if/nesting/pass.json"),
            ..RuleInfo::DEFAULT
        },
        check: Check::Own(check),
    };
}

/// The deepest an If may sit inside other Ifs (three levels in all).
const MAX_IF_LEVELS: usize = 3;

fn check(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.components {
        // `if_depth` counts the Ifs around the component; report the first one too deep.
        if c.kind == "If" && c.if_depth == MAX_IF_LEVELS {
            sink.report(&RULE,
                pointer::push(&c.pointer, "type"),
                format!(
                    "this If sits inside {} other Ifs; Ifs may be nested at most {MAX_IF_LEVELS} levels deep",
                    c.if_depth
                ),
            )
            .help("combine the conditions with && instead of nesting another If");
        }
    }
}
