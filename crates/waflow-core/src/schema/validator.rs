//! The run-time validators, which list a flow's schema errors.
//!
//! Whether a flow is valid is answered by the build-time validators of `waflow-precompiled`;
//! only a flow with schema errors gets here, and its errors must carry the schema locations the
//! findings are made of, which only a run-time validator gives. Compiling a whole schema costs
//! more than checking a typical flow, and most of it is components the flow does not use. So
//! each version compiles, on first use, a shell (see [`Split`]) in which each component is a
//! [`MARKER`] keyword, and that keyword checks the component with a validator of its own,
//! compiled the first time a flow has one. The errors of each failing component take the place
//! of its marker's, so they come in the order the whole schema would give them.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError, ValidationOptions, Validator};
use serde_json::{Map, Value};

use super::report::{self, Context};
use super::rule_list::INTERNAL;
use super::split::{MARKER, Split};
use super::text::schema_text;
use super::window;
use crate::finding::Finding;
use crate::pointer;
use crate::version::FlowVersion;

/// A deferred component's schema and validator.
struct Part {
    /// The standalone schema, which its findings quote.
    schema: Value,
    validator: Validator,
}

/// A deferred component, compiled on first use.
type Slot = OnceLock<Result<Part, String>>;

/// A version's split schema and the deferred components compiled so far.
struct Parts {
    split: Split,
    /// Each deferred component, by definition name.
    slots: HashMap<String, Arc<Slot>>,
}

impl Parts {
    fn compile(&self, name: &str) -> Result<Part, String> {
        let schema = self
            .split
            .part(name)
            .ok_or_else(|| format!("no definition {name}"))?;
        let validator = options().build(&schema).map_err(|e| e.to_string())?;
        Ok(Part { schema, validator })
    }

    /// Component `name`, compiled on first use (`None` for a name that was not deferred).
    fn part(&self, name: &str) -> Option<&Result<Part, String>> {
        Some(self.slots.get(name)?.get_or_init(|| self.compile(name)))
    }
}

/// The [`MARKER`] keyword: valid when the component's own validator accepts the instance.
struct Component {
    parts: Arc<Parts>,
    name: String,
    /// The component's slot in `parts`, held here to skip a lookup per instance.
    slot: Arc<Slot>,
}

impl<'i> Keyword<'i> for Component {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        match self.is_valid(instance) {
            true => Ok(()),
            false => Err(ValidationError::custom(format!(
                "not a valid {}",
                self.name
            ))),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        let part = self.slot.get_or_init(|| self.parts.compile(&self.name));
        matches!(part, Ok(p) if p.validator.is_valid(instance))
    }
}

struct Compiled {
    parts: Arc<Parts>,
    /// The shell, with each deferred component a [`MARKER`].
    shell: Validator,
}

const VERSIONS: usize = FlowVersion::ALL.len();

static COMPILED: [OnceLock<Result<Compiled, String>>; VERSIONS] =
    [const { OnceLock::new() }; VERSIONS];

fn options() -> ValidationOptions<'static> {
    // The patterns use no look-around, so the linear-time `regex` engine can run them.
    jsonschema::draft202012::options().with_pattern_options(jsonschema::PatternOptions::regex())
}

fn compile(version: FlowVersion) -> Result<Compiled, String> {
    let schema: Value = serde_json::from_str(schema_text(version)).map_err(|e| e.to_string())?;
    let split = Split::new(schema);
    let slots = split
        .deferred()
        .map(|name| (name.clone(), Arc::new(OnceLock::new())))
        .collect();
    let parts = Arc::new(Parts { split, slots });
    let for_marker = Arc::clone(&parts);
    let shell = options()
        .with_keyword(
            MARKER,
            move |_: &Map<String, Value>, value: &Value, _: Location| {
                let name = value.as_str().unwrap_or_default().to_owned();
                let Some(slot) = for_marker.slots.get(&name).cloned() else {
                    return Err(ValidationError::schema(format!(
                        "{MARKER}: no component {value}"
                    )));
                };
                let parts = Arc::clone(&for_marker);
                Ok(Box::new(Component { parts, name, slot }) as Box<dyn for<'i> Keyword<'i>>)
            },
        )
        .build(&parts.split.shell)
        .map_err(|e| e.to_string())?;
    Ok(Compiled { parts, shell })
}

fn compiled(version: FlowVersion) -> &'static Result<Compiled, String> {
    COMPILED[version as usize].get_or_init(|| compile(version))
}

/// The component whose marker raised `err`, if it is a marker's error.
fn marked(err: &ValidationError<'_>) -> Option<String> {
    let segs: Vec<String> = pointer::segments(err.schema_path().as_str()).collect();
    match <[String; 3]>::try_from(segs) {
        Ok([defs, name, keyword]) if defs == "$defs" && keyword == MARKER => Some(name),
        _ => None,
    }
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
/// A clean flow is answered by the validator compiled into the program at build time
/// (`waflow-precompiled`), so no schema is parsed or compiled; only a flow with schema errors
/// builds the run-time validator, whose errors carry what the findings need.
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
    if waflow_precompiled::is_valid(version.as_str(), doc) == Some(true) {
        return (Vec::new(), false);
    }
    // The flow has errors, so the shell goes straight to listing them (no `is_valid` pass).
    let c = match compiled(version) {
        Ok(c) => c,
        Err(reason) => return (vec![not_loaded(version, reason)], false),
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
        stopped = list(version, c, doc, doc, &|at| Some(at.to_owned()), &mut each);
    } else {
        let mut cut = false;
        for k in 0.. {
            let Some(view) = window::view(doc, &long, k, window, &mut cut) else {
                break;
            };
            let place = |at: &str| window::place(at, &long, k, window);
            stopped = list(version, c, &view, doc, &place, &mut each);
            if stopped {
                break;
            }
        }
        // Arrays inside a window's elements were listed in their first elements only.
        stopped |= cut;
    }
    let shell = Context {
        version,
        doc,
        schema: &c.parts.split.shell,
    };
    (report::finish(&shell, findings), stopped)
}

/// Lists the errors of `listed` (`doc` itself, or a window of it), handing the findings of
/// each to `each`, which answers whether to stop; tells whether it stopped so. `place` gives
/// an error's place in `doc`, or `None` for an error this listing does not report; findings
/// are made against `doc`, so their words and pointers are those of the whole document.
fn list(
    version: FlowVersion,
    c: &Compiled,
    listed: &Value,
    doc: &Value,
    place: &dyn Fn(&str) -> Option<String>,
    each: &mut dyn FnMut(Vec<Finding>) -> bool,
) -> bool {
    // Each error is read against the schema it came from: its schema path points into it, at
    // the same place as in the whole schema.
    let shell = Context {
        version,
        doc,
        schema: &c.parts.split.shell,
    };
    for error in c.shell.iter_errors(listed) {
        let Some(at) = place(error.instance_path().as_str()) else {
            continue;
        };
        let mut findings = Vec::new();
        match marked(&error).and_then(|name| c.parts.part(&name)) {
            Some(Ok(part)) => {
                let ctx = Context {
                    schema: &part.schema,
                    ..shell
                };
                for inner in part.validator.iter_errors(error.instance()) {
                    let inst = format!("{at}{}", inner.instance_path().as_str());
                    report::push(&ctx, &inner, &inst, &mut findings);
                }
            }
            Some(Err(reason)) => findings.push(not_loaded(version, reason)),
            None => report::push(&shell, &error, &at, &mut findings),
        }
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

    use serde_json::{Map, Value, json};

    use super::*;

    /// The findings of the whole schema compiled at once, as before the split.
    fn whole(
        version: FlowVersion,
        schema: &Value,
        validator: &Validator,
        doc: &Value,
    ) -> Vec<Finding> {
        let ctx = Context {
            version,
            doc,
            schema,
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

    /// The build-time validators cover every version and agree with the run-time validator of
    /// the whole schema on every document: fixtures, examples, their broken copies, the corpus.
    #[test]
    fn precompiled_agrees_with_runtime() {
        let names: Vec<&str> = FlowVersion::ALL.iter().map(|v| v.as_str()).collect();
        assert_eq!(waflow_precompiled::VERSIONS, names.as_slice());
        let ours = ours();
        let mut docs: Vec<Value> = ours.iter().flat_map(variants).collect();
        if let Some(corpus) = super::shared::shared("corpus/real") {
            files(&corpus, &mut docs);
        }
        let mut valid = 0;
        for version in FlowVersion::ALL {
            let schema: Value = serde_json::from_str(schema_text(version)).unwrap();
            let runtime = options().build(&schema).unwrap();
            for doc in &docs {
                let expected = runtime.is_valid(doc);
                let got = waflow_precompiled::is_valid(version.as_str(), doc);
                assert_eq!(got, Some(expected), "{version}: {doc}");
                valid += usize::from(expected);
            }
        }
        // Both answers occur, so the comparison means something.
        assert!(
            valid > 50 && valid < docs.len() * FlowVersion::ALL.len() - 50,
            "{valid} valid"
        );
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

    /// Splitting the schema changes nothing: the same findings in the same order as the whole
    /// schema, for the first and last version and two between, on our fixtures, the examples, the corpus and broken copies.
    #[test]
    fn split_matches_whole_schema() {
        let ours = ours();
        assert!(ours.len() > 100, "only {} documents", ours.len());
        let mut docs: Vec<Value> = ours.iter().flat_map(variants).collect();
        if let Some(corpus) = super::shared::shared("corpus/real") {
            files(&corpus, &mut docs);
        }
        let mut seen = 0;
        let versions = [
            FlowVersion::V2_1,
            FlowVersion::V5_0,
            FlowVersion::V6_3,
            FlowVersion::V7_3,
        ];
        for version in versions {
            let schema: Value = serde_json::from_str(schema_text(version)).unwrap();
            let validator = options().build(&schema).unwrap();
            let c = compiled(version).as_ref().unwrap();
            assert!(!c.parts.slots.is_empty(), "{version}: nothing deferred");
            for doc in &docs {
                let expected = whole(version, &schema, &validator, doc);
                assert_eq!(validate(version, doc), expected, "{version}: {doc}");
                seen += expected.len();
            }
        }
        assert!(seen > 10_000, "only {seen} findings compared");
    }
}
