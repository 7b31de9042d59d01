//! The fixes of schema-layer findings, attached once the schema layer has reported: a `success`
//! on a non-terminal screen removed, `data_channel_uri` removed from 3.0 on, and the "did you
//! mean" of an unknown key or component type applied.

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

/// Attaches their fix to the schema findings of a flow of `version` whose value is `doc`.
pub(crate) fn attach(version: FlowVersion, doc: &Value, findings: &mut [Finding]) {
    for f in findings.iter_mut().filter(|f| f.fix.is_none()) {
        let fix = match &*f.rule {
            "schema/conditional-property" => success_removed(doc, &f.pointer),
            "schema/unknown-property" => {
                data_channel_uri_removed(version, &f.pointer).or_else(|| key_renamed(doc, f))
            }
            "schema/unknown-component" => type_renamed(doc, f),
            _ => None,
        };
        if let Some(fix) = fix {
            f.fix = Some(Box::new(fix));
        }
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

/// The candidate a "did you mean" help line proposes: "did you mean `label`?" or
/// "did you mean TextInput? allowed …" (the schema layer's help lines, `schema/report/help.rs`).
fn proposed(help: &str) -> Option<&str> {
    let rest = help.strip_prefix("did you mean ")?;
    let (word, _) = rest.split_once('?')?;
    let word = word.trim_matches('`');
    (!word.is_empty() && !word.contains(char::is_whitespace)).then_some(word)
}

fn key_renamed(doc: &Value, f: &Finding) -> Option<Fix> {
    let to = proposed(f.help.as_deref()?)?;
    let object = doc.pointer(pointer::parent(&f.pointer)?)?.as_object()?;
    let from = pointer::segments(&f.pointer).last()?;
    (!object.contains_key(to)).then(|| {
        Fix::unsafe_(
            format!("rename `{from}` to `{to}`"),
            vec![Edit::RenameKey {
                pointer: f.pointer.clone(),
                key: to.to_owned(),
            }],
        )
    })
}

fn type_renamed(doc: &Value, f: &Finding) -> Option<Fix> {
    let to = proposed(f.help.as_deref()?)?;
    let from = doc.pointer(&f.pointer)?.as_str()?;
    Some(Fix::unsafe_(
        format!("change the component type {from} to {to}"),
        vec![Edit::Replace {
            pointer: f.pointer.clone(),
            json: json_string(to),
        }],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_forms_of_did_you_mean() {
        assert_eq!(proposed("did you mean `label`?"), Some("label"));
        assert_eq!(
            proposed("did you mean TextInput? allowed in a Form: …"),
            Some("TextInput")
        );
        assert_eq!(proposed("`x` needs Flow JSON 6.0 or later"), None);
        assert_eq!(proposed("did you mean ``?"), None);
    }
}
