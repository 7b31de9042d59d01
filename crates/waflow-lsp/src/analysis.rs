//! What the editor features read from a document: its text (repaired when it does not parse),
//! the parsed value and the spans its parse recorded, the declared version, the node under the
//! cursor and what kind of Flow JSON object that node is.

use serde_json::Value;
use waflow_core::document::{self, Document};
use waflow_core::schema::spec::Slot;
use waflow_core::span_index::{NodeId, NodeKind, SpanIndex};
use waflow_core::{Finding, FlowVersion, Span};

use crate::repair::{Repair, repair};

/// A document prepared for the editor features and the diagnostics: the editor's text is
/// parsed once per change, for both.
pub struct Analysis {
    /// The editor's text, loaded (its value is `None` when it does not parse).
    pub source: Document,
    /// What loading the editor's text found (encoding, syntax).
    pub source_findings: Vec<Finding>,
    /// The repair and its loaded text, when the editor's text did not parse as it is.
    pub repaired: Option<(Repair, Document)>,
    /// The declared version, or the latest when it is missing or unknown.
    pub version: FlowVersion,
}

impl Analysis {
    /// Prepares `text`.
    pub fn new(text: &str) -> Analysis {
        let (source, source_findings) = document::load(text.as_bytes());
        let repaired = match source.value {
            Some(_) => None,
            None => repair(text).and_then(|r| {
                let (repaired, _) = document::load(r.text.as_bytes());
                repaired.value.is_some().then_some((r, repaired))
            }),
        };
        let mut analysis = Analysis {
            source,
            source_findings,
            repaired,
            version: FlowVersion::LATEST,
        };
        if let Some(version) = analysis
            .value()
            .and_then(|v| v.get("version"))
            .and_then(Value::as_str)
            .and_then(FlowVersion::parse)
        {
            analysis.version = version;
        }
        analysis
    }

    /// The loaded text the features read: the document itself, or its repair.
    pub fn doc(&self) -> &Document {
        self.repaired.as_ref().map_or(&self.source, |(_, doc)| doc)
    }

    /// The repair, when the document did not parse as it is.
    pub fn repair(&self) -> Option<&Repair> {
        self.repaired.as_ref().map(|(r, _)| r)
    }

    /// The text the features read.
    pub fn text(&self) -> &str {
        &self.doc().text
    }

    /// The parsed value, when there is one.
    pub fn value(&self) -> Option<&Value> {
        self.doc().value.as_ref()
    }

    /// The analysis offset of a document offset.
    pub fn to_analysis(&self, offset: usize) -> usize {
        self.repair().map_or(offset, |r| r.to_repaired(offset))
    }

    /// The document offset of an analysis offset.
    pub fn to_document(&self, offset: usize) -> usize {
        self.repair().map_or(offset, |r| r.to_original(offset))
    }

    /// Where each key and value of the analysis text is: the spans its one parse recorded.
    pub fn spans(&self) -> SpanIndex<'_> {
        self.doc().spans()
    }
}

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A member key.
    Key(String),
    /// An array index.
    Index(usize),
}

impl Seg {
    /// The key, when the step is one.
    pub fn key(&self) -> Option<&str> {
        match self {
            Seg::Key(k) => Some(k),
            Seg::Index(_) => None,
        }
    }
}

/// The RFC 6901 pointer of a path.
pub fn pointer_of(path: &[Seg]) -> String {
    path.iter().fold(String::new(), |p, seg| match seg {
        Seg::Key(k) => waflow_core::pointer::push(&p, k),
        Seg::Index(i) => waflow_core::pointer::push_index(&p, *i),
    })
}

/// The node under an offset.
pub struct Hit {
    /// Path from the root to `node`.
    pub path: Vec<Seg>,
    /// The innermost value that holds the offset.
    pub node: NodeId,
    /// Whether the offset is on the member key of the last step (then `node` is its value).
    pub in_key: bool,
    /// The byte range of that key, when `in_key`.
    pub key_range: Option<(usize, usize)>,
}

impl Hit {
    /// The decoded text of `node`, when it is a string.
    pub fn string(&self, spans: &SpanIndex<'_>, text: &str) -> Option<String> {
        let value = spans.node(self.node).value;
        (spans.kind(self.node) == NodeKind::String)
            .then(|| text.get(value.start..value.end))
            .flatten()
            .and_then(|raw| serde_json::from_str(raw).ok())
    }
}

/// The innermost node holding `offset` (ranges include their ends, so a cursor just after a
/// value still belongs to it).
pub fn hit(spans: &SpanIndex<'_>, offset: usize) -> Option<Hit> {
    let holds = |span: Span| span.start <= offset && offset <= span.end;
    let root = spans.root()?;
    if !holds(spans.node(root).value) {
        return None;
    }
    let mut node = root;
    let mut path = Vec::new();
    loop {
        let next = spans.children(node).enumerate().find_map(|(i, child)| {
            let s = spans.node(child);
            let key = s.key.filter(|k| holds(*k));
            (key.is_some() || holds(s.value)).then_some((i, child, key))
        });
        let Some((i, child, key)) = next else {
            return Some(Hit {
                path,
                node,
                in_key: false,
                key_range: None,
            });
        };
        path.push(spans.key_of(child).map_or(Seg::Index(i), Seg::Key));
        if let Some(key) = key {
            return Some(Hit {
                path,
                node: child,
                in_key: true,
                key_range: Some((key.start, key.end)),
            });
        }
        // A container is entered only when the offset is inside its brackets.
        let value = spans.node(child).value;
        let inside = value.start < offset && offset < value.end;
        if matches!(spans.kind(child), NodeKind::Object | NodeKind::Array) && !inside {
            return Some(Hit {
                path,
                node: child,
                in_key: false,
                key_range: None,
            });
        }
        node = child;
    }
}

/// What kind of Flow JSON object a path leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The top level.
    Root,
    /// A screen, by index in `screens`.
    Screen(usize),
    /// A screen's `layout`.
    Layout(usize),
    /// A screen's data model (`data`).
    DataModel(usize),
    /// A component.
    Component {
        /// The screen index.
        screen: usize,
        /// Where it sits.
        slot: Slot,
        /// Whether a Form encloses it.
        in_form: bool,
        /// Its `type` (empty when missing).
        kind: String,
    },
    /// An action object of a component.
    Action(usize),
    /// The `next` of an action.
    Next(usize),
    /// `routing_model`.
    RoutingModel,
    /// Anything else.
    Other,
}

/// The place `path` leads to in `doc`.
pub fn place(doc: &Value, path: &[Seg]) -> Place {
    let mut place = Place::Root;
    let mut value = doc;
    let mut screen = None;
    let mut pending_slot: Option<(Slot, bool)> = None;
    for (depth, seg) in path.iter().enumerate() {
        let next = match seg {
            Seg::Key(k) => value.get(k),
            Seg::Index(i) => value.get(*i),
        };
        let Some(next) = next else {
            return Place::Other;
        };
        let kind = || {
            next.get("type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        place = match (&place, seg) {
            (Place::Root, Seg::Key(k)) if k == "screens" => Place::Other,
            (Place::Root, Seg::Key(k)) if k == "routing_model" => Place::RoutingModel,
            (Place::Other, Seg::Index(i))
                if depth == 1 && path.first().and_then(Seg::key) == Some("screens") =>
            {
                screen = Some(*i);
                Place::Screen(*i)
            }
            (Place::Screen(s), Seg::Key(k)) if k == "layout" => Place::Layout(*s),
            (Place::Screen(s), Seg::Key(k)) if k == "data" => Place::DataModel(*s),
            (Place::Layout(_), Seg::Key(k)) if k == "children" => {
                pending_slot = Some((Slot::Layout, false));
                Place::Other
            }
            (Place::Component { kind, in_form, .. }, Seg::Key(k)) => {
                match (kind.as_str(), k.as_str()) {
                    ("Form", "children") => {
                        pending_slot = Some((Slot::Form, true));
                        Place::Other
                    }
                    ("If", "then" | "else") => {
                        pending_slot = Some((Slot::If, *in_form));
                        Place::Other
                    }
                    ("Switch", "cases") => {
                        pending_slot = Some((Slot::Switch, *in_form));
                        Place::Other
                    }
                    (_, "on-click-action" | "on-select-action" | "on-unselect-action") => {
                        Place::Action(screen.unwrap_or_default())
                    }
                    _ => {
                        pending_slot = None;
                        Place::Other
                    }
                }
            }
            (Place::Other, Seg::Key(_))
                if matches!(pending_slot, Some((Slot::Switch, _))) && next.is_array() =>
            {
                Place::Other
            }
            (Place::Other, Seg::Index(_)) if pending_slot.is_some() => {
                let (slot, in_form) = pending_slot.take().unwrap_or((Slot::Layout, false));
                Place::Component {
                    screen: screen.unwrap_or_default(),
                    slot,
                    in_form,
                    kind: kind(),
                }
            }
            (Place::Action(s), Seg::Key(k)) if k == "next" => Place::Next(*s),
            _ => {
                pending_slot = None;
                Place::Other
            }
        };
        value = next;
    }
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(path: &[&str]) -> Vec<Seg> {
        path.iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Seg::Index(i),
                Err(_) => Seg::Key((*s).to_owned()),
            })
            .collect()
    }

    #[test]
    fn places_follow_the_flow_structure() {
        let doc: Value = serde_json::from_str(
            r#"{"screens":[{"id":"A","layout":{"children":[{"type":"Form","children":[
               {"type":"Switch","cases":{"x":[{"type":"TextInput"}]}},
               {"type":"Footer","on-click-action":{"name":"navigate","next":{"name":"B"}}}]}]}}]}"#,
        )
        .unwrap_or_default();
        let p = |path: &[&str]| place(&doc, &keys(path));
        assert_eq!(p(&["screens", "0"]), Place::Screen(0));
        assert!(matches!(
            p(&["screens", "0", "layout", "children", "0", "children", "0", "cases", "x", "0"]),
            Place::Component { slot: Slot::Switch, in_form: true, ref kind, .. } if kind == "TextInput"
        ));
        assert_eq!(
            p(&[
                "screens",
                "0",
                "layout",
                "children",
                "0",
                "children",
                "1",
                "on-click-action",
                "next"
            ]),
            Place::Next(0)
        );
        assert_eq!(p(&["screens", "0", "layout"]), Place::Layout(0));
    }

    #[test]
    fn the_hit_is_the_innermost_node() {
        let a = Analysis::new(r#"{"screens": [{"id": "A"}]}"#);
        let spans = a.spans();
        let at = a.text().find("\"A\"").unwrap_or(0) + 1;
        let h = hit(&spans, at).unwrap_or_else(|| panic!("no hit"));
        assert_eq!(pointer_of(&h.path), "/screens/0/id");
        assert!(!h.in_key);
        assert_eq!(h.string(&spans, a.text()).as_deref(), Some("A"));
        let h = hit(&spans, 16).unwrap_or_else(|| panic!("no hit"));
        assert!(h.in_key);
    }
}
