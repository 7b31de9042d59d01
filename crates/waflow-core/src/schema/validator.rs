//! Lists a flow's schema errors and maps them to findings.
//!
//! Both whether a flow is valid and, for a flow that is not, its errors come from the validators
//! `waflow-precompiled` compiles from the checked-in schemas at build time, so no schema is
//! compiled at run time. The findings quote the schema (the node a schema path names: its type,
//! pattern, properties), so a flow with errors reads those nodes from its version's schema text
//! (see the private `lookup` module); a clean flow never does. The tests below prove that the build-time errors give the same findings, in the same
//! order, as jsonschema's run-time validator of the whole schema.

use std::sync::OnceLock;

use serde_json::Value;

use super::lookup::Schema;
use super::report::{self, Context};
use super::rule_list::INTERNAL;
use super::text::schema_text;
use super::window;
use crate::finding::Finding;
use crate::version::FlowVersion;

const VERSIONS: usize = FlowVersion::ALL.len();

/// Each version's schema text, whose nodes are read when a flow's errors need them.
static SCHEMAS: [OnceLock<Schema<'static>>; VERSIONS] = [const { OnceLock::new() }; VERSIONS];

fn schema(version: FlowVersion) -> &'static Schema<'static> {
    SCHEMAS[version as usize].get_or_init(|| Schema::new(schema_text(version)))
}

fn not_loaded(version: FlowVersion, reason: &str) -> Finding {
    Finding::error(
        INTERNAL.id,
        INTERNAL.code,
        "",
        format!("the built-in schema of Flow JSON {version} could not be loaded: {reason}"),
    )
}

/// Validates `doc` against the checked-in schema of `version`.
///
/// Both the answer and the errors come from the validators compiled into the program at build
/// time (`waflow-precompiled`); only a flow with schema errors reads the schema text, which its
/// findings quote.
pub fn validate(version: FlowVersion, doc: &Value) -> Vec<Finding> {
    validate_until(version, doc, usize::MAX, &mut |_| false).0
}

/// [`validate`], listing errors only until `enough` says so: it is given the findings of each
/// error as they are made, and the listing stops after the error for which it answers `true`.
/// Arrays longer than `window` elements are listed `window` elements at a time (see the
/// private `window` module). Also tells whether it stopped early, so that there may be more.
pub fn validate_until(
    version: FlowVersion,
    doc: &Value,
    window: usize,
    enough: &mut dyn FnMut(&[Finding]) -> bool,
) -> (Vec<Finding>, bool) {
    match waflow_precompiled::is_valid(version.as_str(), doc) {
        Some(true) => return (Vec::new(), false),
        Some(false) => {}
        None => return (vec![not_loaded(version, "no build-time validator")], false),
    }
    let ctx = Context {
        version,
        doc,
        schema: schema(version),
    };
    let mut findings = Vec::new();
    let window = window.max(window::MIN_WINDOW);
    let long = window::long_arrays(doc, window);
    let mut stopped = false;
    let mut each = |new: Vec<Finding>| {
        let done = enough(&new);
        findings.extend(new);
        done
    };
    if long.is_empty() {
        stopped = list(&ctx, doc, &|at| Some(at.to_owned()), &mut each);
    } else {
        let mut cut = false;
        for k in 0.. {
            let Some(view) = window::view(doc, &long, k, window, &mut cut) else {
                break;
            };
            let place = |at: &str| window::place(at, &long, k, window);
            stopped = list(&ctx, &view, &place, &mut each);
            if stopped {
                break;
            }
        }
        // Arrays inside a window's elements were listed in their first elements only.
        stopped |= cut;
    }
    (report::finish(&ctx, findings), stopped)
}

/// Lists the errors of `listed` (the document of `ctx` itself, or a window of it), handing the
/// findings of each to `each`, which answers whether to stop; tells whether it stopped so.
/// `place` gives an error's place in the document, or `None` for an error this listing does not
/// report; findings are made against the whole document, so their words and pointers are its.
fn list(
    ctx: &Context,
    listed: &Value,
    place: &dyn Fn(&str) -> Option<String>,
    each: &mut dyn FnMut(Vec<Finding>) -> bool,
) -> bool {
    // `validate_until` answered early for a version with no build-time validator.
    let errors = waflow_precompiled::iter_errors(ctx.version.as_str(), listed);
    for error in errors.into_iter().flatten() {
        let Some(at) = place(error.instance_path().as_str()) else {
            continue;
        };
        let mut findings = Vec::new();
        report::push(ctx, &error, &at, &mut findings);
        if each(findings) {
            return true;
        }
    }
    false
}

/// The reference material next to the repository, for the tests (shared with the integration
/// tests: it fails them under CI when the corpus is missing).
#[cfg(test)]
#[path = "../../tests/support/shared.rs"]
mod shared;

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]

    use std::path::Path;

    use jsonschema::error::ValidationErrorKind;
    use jsonschema::{ErrorIterator, Validator};
    use serde_json::{Map, Value, json};

    use super::*;

    /// The findings of jsonschema's run-time validator of the whole schema, as before.
    fn whole(version: FlowVersion, validator: &Validator, doc: &Value) -> Vec<Finding> {
        let ctx = Context {
            version,
            doc,
            schema: schema(version),
        };
        let mut findings = Vec::new();
        for error in validator.iter_errors(doc) {
            report::push(&ctx, &error, error.instance_path().as_str(), &mut findings);
        }
        report::finish(&ctx, findings)
    }

    fn files(dir: &Path, out: &mut Vec<Value>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "json")
                && entry.metadata().is_ok_and(|m| m.len() < 200_000)
                && let Some(doc) = std::fs::read(&path)
                    .ok()
                    .and_then(|b| serde_json::from_slice(&b).ok())
            {
                out.push(doc);
            }
        }
    }

    /// Our fixtures and examples.
    fn ours() -> Vec<Value> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut ours = Vec::new();
        for dir in ["fixtures", "examples"] {
            files(&root.join(dir), &mut ours);
        }
        ours
    }

    /// `doc` with `change` applied to every value below the root.
    fn mutate(doc: &Value, change: &dyn Fn(&Value) -> Option<Value>) -> Value {
        let below = |v: &Value| change(v).unwrap_or_else(|| mutate(v, change));
        match doc {
            Value::Object(o) => {
                Value::Object(o.iter().map(|(k, v)| (k.clone(), below(v))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(below).collect()),
            other => other.clone(),
        }
    }

    fn variants(doc: &Value) -> Vec<Value> {
        let extra_key = |v: &Value| {
            let mut o: Map<String, Value> = v.as_object()?.clone();
            o.insert("zz-extra".into(), json!(1));
            Some(mutate(&Value::Object(o), &|_| None))
        };
        let first_key_dropped = |v: &Value| {
            let mut o: Map<String, Value> = v.as_object()?.clone();
            let first = o.keys().next()?.clone();
            o.shift_remove(&first);
            Some(Value::Object(o))
        };
        vec![
            doc.clone(),
            mutate(doc, &extra_key),
            mutate(doc, &first_key_dropped),
            mutate(doc, &|v| v.as_str().map(|_| json!(7))),
            mutate(doc, &|v| v.as_str().map(|_| json!(" "))),
            mutate(doc, &|v| v.as_str().map(|_| json!(""))),
            mutate(doc, &|v| v.as_bool().map(|_| json!("${x}"))),
            mutate(doc, &|v| v.as_array().map(|_| json!([]))),
        ]
    }

    /// The run-time validator of a version's whole schema.
    fn runtime(schema: &Value) -> Validator {
        // The patterns use no look-around, so the linear-time `regex` engine can run them.
        jsonschema::draft202012::options()
            .with_pattern_options(jsonschema::PatternOptions::regex())
            .build(schema)
            .unwrap()
    }

    /// What the findings are made of: each error's instance, schema location and kind. A key
    /// that fails `propertyNames` is the one error whose form differs: the run-time validator
    /// wraps it (`PropertyNames { error }`), the build-time one reports the inner error.
    fn raw(errors: ErrorIterator<'_>) -> Vec<(String, String, String)> {
        errors
            .map(|e| {
                let at = e.instance_path().as_str().to_owned();
                let kind = match e.kind() {
                    ValidationErrorKind::PropertyNames { error } => format!("{:?}", error.kind()),
                    kind => format!("{kind:?}"),
                };
                (at, e.schema_path().as_str().to_owned(), kind)
            })
            .collect()
    }

    /// `findings` as a report orders them: a report sorts by place (a pointer and anchor name
    /// one place), then by Meta code, and keeps the order in which they were made otherwise.
    fn in_report_order(findings: &[Finding]) -> Vec<Finding> {
        let mut sorted = findings.to_vec();
        sorted.sort_by_key(|f| (f.pointer.clone(), format!("{:?}", f.anchor), f.code.clone()));
        sorted
    }

    /// The build-time validators cover every version and agree with jsonschema's run-time
    /// validator of the whole schema on every document (fixtures, examples, their broken copies,
    /// the corpus): the same answer, the same errors (kind, instance, schema location), the
    /// same findings. The two list an object's keywords in different orders (the run-time one
    /// sorts them by cost, e.g. `allOf` and `propertyNames` last), so errors are compared as
    /// sets and findings in the order a report puts them in.
    #[test]
    fn precompiled_agrees_with_runtime() {
        let names: Vec<&str> = FlowVersion::ALL.iter().map(|v| v.as_str()).collect();
        assert_eq!(waflow_precompiled::VERSIONS, names.as_slice());
        let ours = ours();
        assert!(ours.len() > 100, "only {} documents", ours.len());
        let mut docs: Vec<Value> = ours.iter().flat_map(variants).collect();
        if let Some(corpus) = super::shared::shared("corpus/real") {
            files(&corpus, &mut docs);
        }
        let (mut valid, mut errors, mut seen) = (0, 0, 0);
        for version in FlowVersion::ALL {
            let schema: Value = serde_json::from_str(schema_text(version)).unwrap();
            let runtime = runtime(&schema);
            for doc in &docs {
                let expected = runtime.is_valid(doc);
                let got = waflow_precompiled::is_valid(version.as_str(), doc);
                assert_eq!(got, Some(expected), "{version}: {doc}");
                valid += usize::from(expected);
                let mut built =
                    raw(waflow_precompiled::iter_errors(version.as_str(), doc).unwrap());
                let mut expected = raw(runtime.iter_errors(doc));
                built.sort();
                expected.sort();
                assert_eq!(built, expected, "{version}: {doc}");
                errors += expected.len();
                let expected = whole(version, &runtime, doc);
                let got = validate(version, doc);
                let (got, expected) = (in_report_order(&got), in_report_order(&expected));
                assert_eq!(got, expected, "{version}: {doc}");
                seen += expected.len();
            }
        }
        // Both answers occur, so the comparison means something.
        assert!(
            valid > 50 && valid < docs.len() * FlowVersion::ALL.len() - 50,
            "{valid} valid"
        );
        assert!(errors > 10_000, "only {errors} errors compared");
        assert!(seen > 10_000, "only {seen} findings compared");
    }

    /// Listing long arrays a window at a time changes nothing either: the same findings as the
    /// whole listing, on our flows with each screen's `children` made 130 long (three windows).
    #[test]
    fn windows_match_whole_listing() {
        let ours = ours();
        let long = |doc: &Value| {
            let mut doc = doc.clone();
            let screens = doc.get_mut("screens").and_then(Value::as_array_mut)?;
            for screen in screens {
                let children = screen.pointer_mut("/layout/children")?.as_array_mut()?;
                let cycle: Vec<Value> = children.iter().cycle().take(130).cloned().collect();
                *children = cycle;
            }
            Some(doc)
        };
        let docs: Vec<Value> = ours
            .iter()
            .flat_map(variants)
            .filter_map(|d| long(&d))
            .collect();
        let mut compared = 0;
        for doc in &docs {
            let whole = validate(FlowVersion::V7_3, doc);
            let (mut windowed, stopped) = validate_until(FlowVersion::V7_3, doc, 1, &mut |_| false);
            if stopped {
                continue; // an array inside a window's elements was long too
            }
            let mut expected = whole.clone();
            let key = |f: &Finding| (f.pointer.clone(), f.rule.clone(), f.message.clone());
            windowed.sort_by_key(key);
            expected.sort_by_key(key);
            assert_eq!(windowed, expected, "{doc}");
            compared += expected.len();
        }
        assert!(compared > 10_000, "only {compared} findings compared");
    }
}
