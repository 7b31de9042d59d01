//! Member lookups on the small objects the rules read.
//!
//! `serde_json::Map` hashes the key of every lookup with std's SipHash, which costs more than
//! comparing it with each key of an object of a few members (a component, an action, a data
//! model schema). [`Field::field`] compares keys one by one up to [`LINEAR_MAX`] members and
//! hashes beyond; the answer is the same (an object's keys are distinct).

use serde_json::Value;

use crate::json::Object;

/// The largest object searched key by key.
const LINEAR_MAX: usize = 16;

/// A member lookup by key, cheaper than `get` on small objects.
pub(crate) trait Field {
    /// The value of member `key`, as `get` answers it.
    fn field(&self, key: &str) -> Option<&Value>;

    /// Whether member `key` is present, as `contains_key` answers it.
    fn has(&self, key: &str) -> bool {
        self.field(key).is_some()
    }
}

impl Field for Object {
    #[inline]
    fn field(&self, key: &str) -> Option<&Value> {
        if self.len() <= LINEAR_MAX {
            self.iter().find_map(|(k, v)| (k == key).then_some(v))
        } else {
            self.get(key)
        }
    }
}

impl Field for Value {
    #[inline]
    fn field(&self, key: &str) -> Option<&Value> {
        self.as_object()?.field(key)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn answers_as_get_on_small_and_large_objects() {
        for n in [0, 1, 2, LINEAR_MAX, LINEAR_MAX + 1, 3 * LINEAR_MAX] {
            let obj: Object = (0..n).map(|i| (format!("k{i}"), json!(i))).collect();
            let value = Value::Object(obj.clone());
            for key in (0..=n)
                .map(|i| format!("k{i}"))
                .chain(["".into(), "k".into()])
            {
                assert_eq!(obj.field(&key), obj.get(&key), "{n} members, key {key:?}");
                assert_eq!(value.field(&key), value.get(&key));
                assert_eq!(obj.has(&key), obj.contains_key(&key));
            }
        }
        assert_eq!(json!([1]).field("0"), None);
        assert_eq!(json!("k0").field("k0"), None);
    }
}
