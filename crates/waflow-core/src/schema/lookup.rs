//! The nodes of a schema text that findings quote, found without parsing the whole text.
//!
//! A finding reads the schema object of the keyword that failed (its `type`, `pattern`,
//! `properties`…). Parsing a whole 200 KB schema into a `Value` costs about as much as the
//! rest of a one-file check, so the node at a pointer is read from the text: one pass that
//! skips everything outside the path and stops once the node is read. Each node is read once
//! per process, and once a process has needed many nodes the whole text is parsed once instead,
//! so that thousands of errors do not scan the text thousands of times.

use std::fmt;
use std::sync::{Mutex, OnceLock};

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::pointer;

/// After this many distinct nodes, the whole text is parsed once and the rest read from it.
const SCANS: usize = 8;

/// A schema text whose nodes are read on demand, by JSON pointer; shared by the threads that
/// check files.
pub struct Schema<'a> {
    text: &'a str,
    /// The nodes read so far, by pointer (`None`: no node there).
    read: Mutex<Vec<(String, Option<Value>)>>,
    /// The whole schema, once [`SCANS`] nodes have been read.
    whole: OnceLock<Option<Value>>,
}

impl<'a> Schema<'a> {
    /// The schema written in `text`; nothing is read yet.
    pub const fn new(text: &'a str) -> Schema<'a> {
        Schema {
            text,
            read: Mutex::new(Vec::new()),
            whole: OnceLock::new(),
        }
    }

    /// The node at JSON pointer `at` (`""` for the root), if there is one.
    pub fn pointer(&self, at: &str) -> Option<Value> {
        if let Some(whole) = self.whole.get() {
            return whole.as_ref()?.pointer(at).cloned();
        }
        // A thread that panicked while holding the lock left the list whole: use it.
        let mut read = self
            .read
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, node)) = read.iter().find(|(p, _)| p == at) {
            return node.clone();
        }
        if read.len() >= SCANS {
            let whole = self
                .whole
                .get_or_init(|| serde_json::from_str(self.text).ok());
            return whole.as_ref()?.pointer(at).cloned();
        }
        let node = scan(self.text, at);
        read.push((at.to_owned(), node.clone()));
        node
    }
}

/// Why a scan stopped early: the node was read.
const FOUND: &str = "found";

/// The node at `at` in `text`, read in one pass that stops after it.
fn scan(text: &str, at: &str) -> Option<Value> {
    let segs: Vec<String> = pointer::segments(at).collect();
    let mut found = None;
    let mut de = serde_json::Deserializer::from_str(text);
    // The pass ends in an error once the node is read (to stop there), or in a real one.
    let _ = Follow {
        segs: &segs,
        found: &mut found,
    }
    .deserialize(&mut de);
    found
}

/// Reads the node at `segs` below the value being deserialized into `found`.
struct Follow<'s> {
    segs: &'s [String],
    found: &'s mut Option<Value>,
}

impl<'de> DeserializeSeed<'de> for Follow<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.segs.split_first() {
            None => {
                *self.found = Some(Value::deserialize(d)?);
                Err(de::Error::custom(FOUND))
            }
            Some((seg, rest)) => d.deserialize_any(Step {
                seg,
                rest,
                found: self.found,
            }),
        }
    }
}

/// One step of a pointer: member `seg` of an object, or element `seg` of an array.
struct Step<'s> {
    seg: &'s str,
    rest: &'s [String],
    found: &'s mut Option<Value>,
}

impl<'de> Visitor<'de> for Step<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(hit) = map.next_key_seed(KeyIs(self.seg))? {
            if hit {
                let (segs, found) = (self.rest, &mut *self.found);
                return map.next_value_seed(Follow { segs, found });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Ok(index) = self.seg.parse::<usize>() else {
            return Ok(());
        };
        for _ in 0..index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        let (segs, found) = (self.rest, &mut *self.found);
        seq.next_element_seed(Follow { segs, found })?;
        Ok(())
    }

    // A scalar has no members: the pointer names nothing.
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Whether an object key is the pointer's segment, without allocating the key.
struct KeyIs<'s>(&'s str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    /// Every node of a real schema reads the same as from the parsed schema, past the point
    /// where the whole text is parsed, and missing nodes are missing.
    #[test]
    fn nodes_match_the_parsed_schema() {
        let text = super::super::schema_text(crate::FlowVersion::V7_3);
        let parsed: Value = serde_json::from_str(text).unwrap();
        let schema = Schema::new(text);
        let defs = parsed["$defs"].as_object().unwrap();
        let mut read = 0;
        for (name, def) in defs.iter().take(3 * SCANS) {
            let at = pointer::push("/$defs", name);
            assert_eq!(schema.pointer(&at).as_ref(), Some(def), "{at}");
            assert_eq!(schema.pointer(&at).as_ref(), Some(def), "{at} again");
            read += 1;
        }
        assert!(read > SCANS, "only {read} definitions");
        let scanned = Schema::new(text);
        for at in [
            "",
            "/properties/version",
            "/$defs/nope",
            "/properties/version/x/y",
        ] {
            assert_eq!(scanned.pointer(at).as_ref(), parsed.pointer(at), "{at}");
        }
        let small = json!({"a": [1, {"b~/": true}], "c": "s"}).to_string();
        let small_schema = Schema::new(&small);
        assert_eq!(small_schema.pointer("/a/1/b~0~1"), Some(json!(true)));
        assert_eq!(small_schema.pointer("/a/2"), None);
        assert_eq!(small_schema.pointer("/c/0"), None);
    }
}
