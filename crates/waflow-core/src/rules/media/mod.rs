//! Media pickers (PhotoPicker, DocumentPicker) in action payloads: never in `navigate`, only as
//! whole top-level values in `complete` / `data_exchange`, and the upload limits of `complete`.

pub(super) mod complete_upload_limits;
pub(super) mod picker_in_navigate_payload;
pub(super) mod picker_not_top_level;
pub(super) mod upload_ranges;

use serde_json::Value;

use crate::expr::{self, Reference, Scope};
use crate::finding::Anchor;
use crate::rules::engine::{Pass, Rule, Sink};
use crate::rules::lookup::Field;
use crate::rules::walker::{Action, At, Component, Ctx};
use crate::version::FlowVersion;

/// Most files a `complete` payload may carry (5.0+).
const MAX_FILES: u64 = 10;

/// Most kilobytes a `complete` payload may carry (5.0+): 100 MiB.
const MAX_KB: u64 = 102_400;

/// Meta's default `max-uploaded-photos` / `max-uploaded-documents`.
const DEFAULT_FILES: u64 = 30;

/// Meta's default `max-file-size-kb`.
const DEFAULT_KB: u64 = 25_600;

/// A picker reference found in a payload.
struct PickerRef<'c, 'a> {
    /// Pointer of the payload string.
    pointer: String,
    /// The reference's bytes in the string.
    span: std::ops::Range<usize>,
    /// Whether the string is the whole value of a top-level payload key and only this reference.
    top_level: bool,
    /// The picker.
    component: &'c Component<'a>,
}

/// The picker a form reference names, if it names one.
fn picker<'c, 'a>(
    ctx: &'c Ctx<'a>,
    action: &Action<'_>,
    r: &Reference,
) -> Option<&'c Component<'a>> {
    if r.scope != Scope::Form {
        return None;
    }
    let screen = match &r.screen {
        Some((id, _)) => ctx.screen_by_id(id)?,
        None => ctx.screen(action.screen),
    };
    ctx.named(screen, r.path.first()?)
        .filter(|c| c.is_media_picker())
}

fn collect<'c, 'a>(
    ctx: &'c Ctx<'a>,
    action: &Action<'_>,
    value: &Value,
    at: &At<'_>,
    top: bool,
    out: &mut Vec<PickerRef<'c, 'a>>,
) {
    match value {
        Value::String(s) => {
            let refs = expr::references(s);
            let whole = top && refs.len() == 1 && refs[0].span == (0..s.len());
            for r in refs {
                if let Some(component) = picker(ctx, action, &r) {
                    out.push(PickerRef {
                        pointer: at.pointer(),
                        span: r.span,
                        top_level: whole,
                        component,
                    });
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect(ctx, action, v, &At::Index(at, i), false, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                collect(ctx, action, v, &At::Key(at, k), false, out);
            }
        }
        _ => {}
    }
}

/// One pass over the action payloads for the three media rules.
fn media_payloads(ctx: &Ctx<'_>, sink: &mut Sink) {
    // Only a reference to a picker is reported: a flow without one has nothing to look for.
    if !ctx.components.iter().any(Component::is_media_picker) {
        return;
    }
    for action in &ctx.actions {
        let Some(payload) = action.payload else {
            continue;
        };
        let mut refs = Vec::new();
        let base = At::Payload(action);
        for (k, v) in payload {
            collect(ctx, action, v, &At::Key(&base, k), true, &mut refs);
        }
        if refs.is_empty() {
            continue;
        }
        // One finding per picker value, at the `${form.x}` inside its string.
        let report =
            |sink: &mut Sink, rule: &'static Rule, r: &PickerRef<'_, '_>, what: &str, help| {
                let message = format!(
                    "the value of the {} '{}' {what}",
                    r.component.kind,
                    r.component.name.unwrap_or("")
                );
                sink.report(rule, &r.pointer, message)
                    .anchor(Anchor::InString {
                        start: r.span.start,
                        end: r.span.end,
                    })
                    .help(help);
            };
        match action.name {
            Some("navigate") => {
                for r in &refs {
                    report(
                        sink,
                        &picker_in_navigate_payload::RULE,
                        r,
                        "cannot be sent with navigate",
                        "remove it here and read it on a later screen with ${screen.SCREEN_ID.form.name}",
                    );
                }
            }
            Some(name @ ("complete" | "data_exchange")) => {
                let what =
                    format!("must be the whole value of a top-level key of the {name} payload");
                for r in refs.iter().filter(|r| !r.top_level) {
                    report(
                        sink,
                        &picker_not_top_level::RULE,
                        r,
                        &what,
                        "send it as \"key\": \"${form.name}\" directly in the payload",
                    );
                }
                if name == "complete" {
                    upload_limits(ctx, sink, action, &refs);
                }
            }
            _ => {}
        }
    }
}

/// The pass of the `media/…` rules.
static MEDIA_PAYLOADS_PASS: Pass = Pass(media_payloads);

fn upload_limits(ctx: &Ctx<'_>, sink: &mut Sink, action: &Action<'_>, refs: &[PickerRef<'_, '_>]) {
    let mut pickers: Vec<&Component<'_>> = Vec::new();
    for r in refs {
        if !pickers.iter().any(|p| p.index == r.component.index) {
            pickers.push(r.component);
        }
    }
    let max_files = |c: &Component<'_>| {
        let key = if c.kind == "PhotoPicker" {
            "max-uploaded-photos"
        } else {
            "max-uploaded-documents"
        };
        c.value
            .field(key)
            .and_then(Value::as_u64)
            .unwrap_or(DEFAULT_FILES)
    };
    let max_kb = |c: &Component<'_>| {
        c.value
            .field("max-file-size-kb")
            .and_then(Value::as_u64)
            .unwrap_or(DEFAULT_KB)
    };
    let at = refs
        .first()
        .map_or(action.pointer_to("payload"), |r| r.pointer.clone());
    let mut problems = Vec::new();
    if ctx.version < FlowVersion::V5_0 {
        if pickers.len() > 1 {
            problems.push("before Flow JSON 5.0 a complete payload may carry a single PhotoPicker or DocumentPicker".to_owned());
        }
        for p in pickers.iter().filter(|p| max_files(p) > 1) {
            problems.push(format!(
                "before Flow JSON 5.0 the {} '{}' sent with complete may upload 1 file, but it allows {} (30 when unset)",
                p.kind,
                p.name.unwrap_or(""),
                max_files(p)
            ));
        }
    } else {
        let files: u64 = pickers.iter().map(|p| max_files(p)).sum();
        let kb: u64 = pickers
            .iter()
            .map(|p| max_files(p).saturating_mul(max_kb(p)))
            .sum();
        if files > MAX_FILES {
            problems.push(format!(
                "the pickers sent with complete allow {files} files in all (30 each when max-uploaded-* is unset); at most {MAX_FILES} are allowed"
            ));
        }
        if kb > MAX_KB {
            problems.push(format!(
                "the pickers sent with complete allow {kb} KB in all (max-uploaded-* × max-file-size-kb); at most {MAX_KB} KB are allowed"
            ));
        }
    }
    for message in problems {
        sink.report(&complete_upload_limits::RULE, &at, message)
            .help("set max-uploaded-photos / max-uploaded-documents and max-file-size-kb on the pickers");
    }
}
