//! Listing the schema errors of a document with very long arrays a window of elements at a
//! time. The validators collect every error before they hand out the first, so a flow
//! with five million bad components would cost gigabytes; under a cap on findings, each long
//! array is listed `window` elements at a time instead, until the cap is reached.
//!
//! An element's errors depend on the element alone, and the schemas have no keyword that
//! compares elements (`uniqueItems`, `contains`), so an element has the same errors in a window
//! as in its whole array. Window 0 also gives the errors of everything outside the long arrays
//! and of the arrays themselves (`maxItems`); later windows keep only their elements' errors.

use std::collections::HashSet;

use serde_json::Value;

use crate::pointer;

/// The smallest window: more elements than any `minItems` or `maxItems` of the schemas, so
/// that window 0 of an array has the array's own errors.
pub(super) const MIN_WINDOW: usize = 64;

/// The outermost arrays of `doc` longer than `window` elements, by pointer.
pub(super) fn long_arrays(doc: &Value, window: usize) -> HashSet<String> {
    fn walk(v: &Value, at: &str, window: usize, out: &mut HashSet<String>) {
        match v {
            Value::Array(items) if items.len() > window => {
                out.insert(at.to_owned());
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &pointer::push_index(at, i), window, out);
                }
            }
            Value::Object(members) => {
                for (k, member) in members {
                    walk(member, &pointer::push(at, k), window, out);
                }
            }
            _ => {}
        }
    }
    /// Whether `v` holds an array longer than `window`; it allocates nothing, so the common
    /// flow without one is not walked building pointers.
    fn any_long(v: &Value, window: usize) -> bool {
        match v {
            Value::Array(items) => {
                items.len() > window || items.iter().any(|item| any_long(item, window))
            }
            Value::Object(members) => members.values().any(|member| any_long(member, window)),
            _ => false,
        }
    }
    let mut out = HashSet::new();
    if any_long(doc, window) {
        walk(doc, "", window, &mut out);
    }
    out
}

/// A copy of `doc` in which each long array holds its elements `k·window..(k+1)·window` (an
/// array shorter than that is empty); `None` once no long array has elements left. Arrays
/// inside those elements that are themselves longer than `window` keep their first `window`
/// elements only, and `cut` is set.
pub(super) fn view(
    doc: &Value,
    long: &HashSet<String>,
    k: usize,
    window: usize,
    cut: &mut bool,
) -> Option<Value> {
    fn prefix(v: &Value, window: usize, cut: &mut bool) -> Value {
        match v {
            Value::Array(items) => {
                *cut |= items.len() > window;
                Value::Array(
                    items
                        .iter()
                        .take(window)
                        .map(|i| prefix(i, window, cut))
                        .collect(),
                )
            }
            Value::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(key, m)| (key.clone(), prefix(m, window, cut)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    struct Build<'a> {
        long: &'a HashSet<String>,
        k: usize,
        window: usize,
        cut: &'a mut bool,
        any: bool,
    }
    impl Build<'_> {
        fn value(&mut self, v: &Value, at: &str) -> Value {
            match v {
                Value::Array(items) if self.long.contains(at) => {
                    let start = self.k.saturating_mul(self.window);
                    self.any |= start < items.len();
                    Value::Array(
                        items
                            .iter()
                            .skip(start)
                            .take(self.window)
                            .map(|i| prefix(i, self.window, self.cut))
                            .collect(),
                    )
                }
                Value::Array(items) => Value::Array(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.value(item, &pointer::push_index(at, i)))
                        .collect(),
                ),
                Value::Object(members) => Value::Object(
                    members
                        .iter()
                        .map(|(key, m)| (key.clone(), self.value(m, &pointer::push(at, key))))
                        .collect(),
                ),
                other => other.clone(),
            }
        }
    }
    let mut build = Build {
        long,
        k,
        window,
        cut,
        any: false,
    };
    let copy = build.value(doc, "");
    build.any.then_some(copy)
}

/// The place in the whole document of the node at `at` in window `k`; `None` when window `k`
/// does not report it (for `k > 0`, anything but an element of a long array: window 0 had it).
pub(super) fn place(at: &str, long: &HashSet<String>, k: usize, window: usize) -> Option<String> {
    let Some((array, index, rest)) = long.iter().find_map(|array| {
        let below = at.strip_prefix(array.as_str())?.strip_prefix('/')?;
        let (index, rest) = below
            .split_once('/')
            .map_or((below, None), |(i, r)| (i, Some(r)));
        Some((array, index.parse::<usize>().ok()?, rest))
    }) else {
        return (k == 0).then(|| at.to_owned());
    };
    let mut moved = pointer::push_index(array, k * window + index);
    if let Some(rest) = rest {
        moved.push('/');
        moved.push_str(rest);
    }
    Some(moved)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    #[test]
    fn item_limits_of_the_schemas_fit_in_the_smallest_window() {
        for version in crate::FlowVersion::ALL {
            let schema: Value =
                serde_json::from_str(crate::schema::schema_text(version)).expect("schema");
            let mut limits = Vec::new();
            fn walk(v: &Value, out: &mut Vec<u64>) {
                match v {
                    Value::Object(m) => {
                        for (k, c) in m {
                            if k == "minItems" || k == "maxItems" {
                                out.extend(c.as_u64());
                            }
                            walk(c, out);
                        }
                    }
                    Value::Array(a) => a.iter().for_each(|c| walk(c, out)),
                    _ => {}
                }
            }
            walk(&schema, &mut limits);
            assert!(!limits.is_empty());
            assert!(
                limits.iter().all(|&l| l < MIN_WINDOW as u64),
                "{version}: {limits:?}"
            );
        }
    }

    #[test]
    fn windows_cover_each_long_array_and_places_move_back() {
        let doc = json!({"a": [1, 2, 3, 4, 5], "b": {"c": [[1, 2], 7]}, "d": [1]});
        let long = long_arrays(&doc, 2);
        assert_eq!(long.into_iter().collect::<Vec<_>>(), ["/a"]);
        let long = long_arrays(&doc, 2);
        let mut cut = false;
        let views: Vec<Value> = (0..)
            .map_while(|k| view(&doc, &long, k, 2, &mut cut))
            .collect();
        assert_eq!(views.len(), 3);
        assert_eq!(views[1]["a"], json!([3, 4]));
        assert_eq!(views[2]["a"], json!([5]));
        assert_eq!(views[2]["b"], doc["b"]);
        assert!(!cut);
        assert_eq!(place("/a/1/z", &long, 2, 2).as_deref(), Some("/a/5/z"));
        assert_eq!(place("/a/1", &long, 2, 2).as_deref(), Some("/a/5"));
        assert_eq!(place("/b", &long, 0, 2).as_deref(), Some("/b"));
        assert_eq!(place("/b", &long, 1, 2), None);
        assert_eq!(place("/a", &long, 1, 2), None);
        // An array inside a window's element keeps its first elements only.
        let nested = json!({"a": [[1, 2, 3], 2, 3]});
        let long = long_arrays(&nested, 2);
        let first = view(&nested, &long, 0, 2, &mut cut).unwrap();
        assert_eq!(first["a"], json!([[1, 2], 2]));
        assert!(cut);
    }
}
