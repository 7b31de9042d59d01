//! The fixes of schema-layer findings: a `success` on a non-terminal screen removed and
//! `data_channel_uri` removed from 3.0 on, attached once the schema layer has reported; and the
//! "did you mean" of an unknown key or component type applied, which the schema layer attaches
//! as it makes the finding, from the name its help proposes (`schema/report/suggest.rs`).

use serde_json::Value;

use crate::finding::Finding;
use crate::pointer;
use crate::version::FlowVersion;

use super::{Applicability, Edit, Fix, json_string};

/// Whether findings of the schema rule `id` can carry a fix, and how safe it is.
pub(crate) fn schema_fix_of(id: &str) -> Option<Applicability> {
    match id {
        "schema/conditional-property" => Some(Applicability::Safe),
        "schema/unknown-property" | "schema/unknown-component" => Some(Applicability::Unsafe),
        _ => None,
    }
}

/// Attaches their fix to the schema findings of a flow of `version` whose value is `doc` (the
/// "did you mean" fixes are attached where the schema layer makes the finding:
/// [`proposed_fix`]).
pub(crate) fn attach(version: FlowVersion, doc: &Value, findings: &mut [Finding]) {
    for f in findings.iter_mut() {
        let fix = match &*f.rule {
            "schema/conditional-property" if f.fix.is_none() => success_removed(doc, &f.pointer),
            // A key Meta removed, not a misspelt one: this fix wins over any "did you mean".
            "schema/unknown-property" => data_channel_uri_removed(version, &f.pointer),
            _ => None,
        };
        if let Some(fix) = fix {
            f.fix = Some(Box::new(fix));
        }
    }
}

/// The fix that applies the name `to` which the help of the schema finding `f` proposes (its
/// "did you mean"): the key renamed, or the component type replaced.
pub(crate) fn proposed_fix(doc: &Value, f: &Finding, to: &str) -> Option<Fix> {
    match &*f.rule {
        "schema/unknown-property" => key_renamed(doc, &f.pointer, to),
        "schema/unknown-component" => type_renamed(doc, &f.pointer, to),
        _ => None,
    }
}

/// `/screens/N/success` on a screen that is not terminal.
fn success_removed(doc: &Value, at: &str) -> Option<Fix> {
    let segs: Vec<String> = pointer::segments(at).collect();
    let [screens, _, success] = segs.as_slice() else {
        return None;
    };
    let screen = doc.pointer(pointer::parent(at)?)?;
    let terminal = screen.get("terminal").and_then(Value::as_bool) == Some(true);
    (screens == "screens" && success == "success" && !terminal).then(|| {
        Fix::safe(
            "remove `success` (only a terminal screen has it)",
            vec![Edit::Remove {
                pointer: at.to_owned(),
            }],
        )
    })
}

fn data_channel_uri_removed(version: FlowVersion, at: &str) -> Option<Fix> {
    (at == "/data_channel_uri" && version >= FlowVersion::V3_0).then(|| {
        Fix::unsafe_(
            "remove `data_channel_uri` (from Flow JSON 3.0 set the flow's endpoint_uri through the Flows API or the builder instead)",
            vec![Edit::Remove {
                pointer: at.to_owned(),
            }],
        )
    })
}

fn key_renamed(doc: &Value, at: &str, to: &str) -> Option<Fix> {
    let object = doc.pointer(pointer::parent(at)?)?.as_object()?;
    let from = pointer::segments(at).last()?;
    (!object.contains_key(to)).then(|| {
        Fix::unsafe_(
            format!("rename `{from}` to `{to}`"),
            vec![Edit::RenameKey {
                pointer: at.to_owned(),
                key: to.to_owned(),
            }],
        )
    })
}

fn type_renamed(doc: &Value, at: &str, to: &str) -> Option<Fix> {
    let from = doc.pointer(at)?.as_str()?;
    Some(Fix::unsafe_(
        format!("change the component type {from} to {to}"),
        vec![Edit::Replace {
            pointer: at.to_owned(),
            json: json_string(to),
        }],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &'static str, at: &str) -> Finding {
        Finding::error(rule, "INVALID_PROPERTY", at, "")
    }

    #[test]
    fn the_proposed_name_is_applied_as_given() {
        let doc: Value = serde_json::from_str(
            r#"{"screens": [{"layout": {"children": [{"type": "Foter", "lable": "Go", "text": ""}]}}]}"#,
        )
        .unwrap_or_default();
        let c = "/screens/0/layout/children/0";
        let rename = proposed_fix(
            &doc,
            &finding("schema/unknown-property", &format!("{c}/lable")),
            "label",
        );
        assert_eq!(
            rename.map(|f| f.edits),
            Some(vec![Edit::RenameKey {
                pointer: format!("{c}/lable"),
                key: "label".into()
            }])
        );
        // Not onto a key the object already has.
        let taken = finding("schema/unknown-property", &format!("{c}/lable"));
        assert_eq!(proposed_fix(&doc, &taken, "text"), None);
        let retype = proposed_fix(
            &doc,
            &finding("schema/unknown-component", &format!("{c}/type")),
            "Footer",
        );
        assert_eq!(
            retype.map(|f| (f.title, f.edits)),
            Some((
                "change the component type Foter to Footer".into(),
                vec![Edit::Replace {
                    pointer: format!("{c}/type"),
                    json: "\"Footer\"".into()
                }]
            ))
        );
        assert_eq!(proposed_fix(&doc, &finding("schema/enum", c), "x"), None);
    }
}
