//! Splits a version's schema so that a process compiles only the components a flow uses.
//!
//! Most of a schema is component definitions (`$defs/TextInput`, `$defs/TextInput-in-form`, …),
//! while a flow uses a handful of them. [`Split`] keeps the rest of the schema as a *shell* in
//! which each component definition that cannot hold other components is a [`MARKER`] naming
//! it, and [`Split::part`] is the small standalone schema that checks one such definition.
//!
//! A definition stays in the shell when a failure below it could be swallowed or inverted
//! (it is referenced under `anyOf`, `oneOf`, `not`, `if`, …), and nothing is split when the
//! schema uses a reference or keyword this analysis does not follow.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::pointer;

/// The keyword that stands for a deferred definition in the shell: `{"x-waflow-component": name}`.
pub const MARKER: &str = "x-waflow-component";

/// A schema split into a shell and the definitions the shell leaves out.
pub struct Split {
    /// The schema with each deferred definition replaced by `{MARKER: name}`.
    pub shell: Value,
    /// Each deferred definition as written, with the definitions its [`Split::part`] needs
    /// (itself included).
    deferred: HashMap<String, (Value, Vec<String>)>,
}

/// The definitions a `$ref` can name: those of the root's `$defs`.
fn def_name(reference: &str) -> Option<String> {
    let segs: Vec<String> = pointer::segments(reference.strip_prefix('#')?).collect();
    match <[String; 2]>::try_from(segs) {
        Ok([defs, name]) if defs == "$defs" => Some(name),
        _ => None,
    }
}

/// The `$ref`s below some schema nodes.
struct Refs {
    /// Each target, and whether its failures reach the output unchanged from there.
    targets: Vec<(String, bool)>,
    /// Whether everything was understood: references to the root's `$defs` only, no nested
    /// identifiers, dynamic references or annotation-dependent keywords.
    understood: bool,
}

impl Refs {
    fn new() -> Self {
        Refs {
            targets: Vec::new(),
            understood: true,
        }
    }

    fn walk(&mut self, node: &Value, plain: bool) {
        if let Some(object) = node.as_object() {
            self.keywords(object.iter(), plain);
        }
    }

    fn keywords<'a>(
        &mut self,
        keywords: impl Iterator<Item = (&'a String, &'a Value)>,
        plain: bool,
    ) {
        for (key, value) in keywords {
            match key.as_str() {
                "$ref" => match value.as_str().and_then(def_name) {
                    Some(name) => self.targets.push((name, plain)),
                    None => self.understood = false,
                },
                "properties" | "patternProperties" | "dependentSchemas" => {
                    for sub in value.as_object().into_iter().flat_map(Map::values) {
                        self.walk(sub, plain);
                    }
                }
                "items" | "additionalProperties" | "then" | "else" => self.walk(value, plain),
                "allOf" | "prefixItems" => self.walk_all(value, plain),
                "enum" | "const" | "default" | "examples" | "description" | "title" => {}
                "$defs"
                | "$id"
                | "$anchor"
                | "$dynamicAnchor"
                | "$dynamicRef"
                | "$recursiveRef"
                | "unevaluatedProperties"
                | "unevaluatedItems" => self.understood = false,
                // `anyOf`, `oneOf`, `not`, `if`, `contains`, `propertyNames` and anything else:
                // a failure below may not reach the output as it is.
                _ => self.walk_all(value, false),
            }
        }
    }

    fn walk_all(&mut self, value: &Value, plain: bool) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| self.walk(v, plain)),
            other => self.walk(other, plain),
        }
    }
}

/// Whether `name` is a dispatch block of components (`children.form`, …).
fn is_children(name: &str) -> bool {
    name.starts_with("children.")
}

/// `name` and every definition it references, directly or not, in no particular order.
fn closure(name: &str, graph: &HashMap<&str, Vec<String>>) -> Vec<String> {
    let mut seen = vec![name.to_owned()];
    let mut at = 0;
    while let Some(def) = seen.get(at) {
        for next in graph.get(def.as_str()).into_iter().flatten() {
            if !seen.contains(next) {
                seen.push(next.clone());
            }
        }
        at += 1;
    }
    seen
}

fn defs(schema: &Value) -> impl Iterator<Item = (&String, &Value)> {
    schema
        .get("$defs")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

impl Split {
    /// Splits `schema`: a definition is deferred when it cannot hold components (its references
    /// never reach a `children.*` block) and every reference to it reports its failures as they
    /// are.
    pub fn new(mut schema: Value) -> Split {
        let mut all = Refs::new();
        if let Some(root) = schema.as_object() {
            let skip = ["$defs", "$id", "$schema"];
            all.keywords(
                root.iter().filter(|(k, _)| !skip.contains(&k.as_str())),
                true,
            );
        }
        let mut graph: HashMap<&str, Vec<String>> = HashMap::new();
        for (name, def) in defs(&schema) {
            let mut refs = Refs::new();
            refs.walk(def, true);
            all.understood &= refs.understood;
            graph.insert(name, refs.targets.iter().map(|(t, _)| t.clone()).collect());
            all.targets.extend(refs.targets);
        }
        let guarded: HashSet<&str> = all
            .targets
            .iter()
            .filter(|(_, plain)| !plain)
            .map(|(t, _)| t.as_str())
            .collect();
        let chosen: Vec<(String, Vec<String>)> = defs(&schema)
            .filter(|_| all.understood)
            .filter(|(name, _)| !guarded.contains(name.as_str()))
            .map(|(name, _)| (name.clone(), closure(name, &graph)))
            .filter(|(_, needs)| !needs.iter().any(|d| is_children(d)))
            .collect();
        let mut deferred = HashMap::new();
        if let Some(shell_defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
            for (name, needs) in chosen {
                let marker = Map::from_iter([(MARKER.to_owned(), Value::String(name.clone()))]);
                if let Some(def) = shell_defs.get_mut(&name) {
                    let def = std::mem::replace(def, Value::Object(marker));
                    deferred.insert(name, (def, needs));
                }
            }
        }
        Split {
            shell: schema,
            deferred,
        }
    }

    /// The names of the deferred definitions.
    pub fn deferred(&self) -> impl Iterator<Item = &String> {
        self.deferred.keys()
    }

    /// A definition as written, deferred or not.
    fn def(&self, name: &str) -> Option<&Value> {
        match self.deferred.get(name) {
            Some((def, _)) => Some(def),
            None => self.shell.get("$defs")?.get(name),
        }
    }

    /// A standalone schema that checks deferred definition `name`: the same `$schema` and `$id`,
    /// a root `$ref` to the definition, and the definitions it needs as written, at the same
    /// places (so the schema paths of its errors are those of the whole schema).
    pub fn part(&self, name: &str) -> Option<Value> {
        let (_, needs) = self.deferred.get(name)?;
        let mut out = Map::new();
        for key in ["$schema", "$id"] {
            if let Some(value) = self.shell.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        out.insert(
            "$ref".to_owned(),
            Value::String(format!("#{}", pointer::push("/$defs", name))),
        );
        let part_defs = needs
            .iter()
            .filter_map(|n| Some((n.clone(), self.def(n)?.clone())))
            .collect();
        out.insert("$defs".to_owned(), Value::Object(part_defs));
        Some(Value::Object(out))
    }
}
