//! The one walk over a document that every rule shares: screens, components (with their Form,
//! If/Switch branches and nesting) and actions, each with its JSON pointer.
//!
//! The walk never fails: values of the wrong type or missing keys are skipped (the schema layer
//! reports them), so rules only see well-typed pieces. `model.rs` holds what the walk finds
//! (screens, components, actions), `walk.rs` the walk itself; this file the [`Ctx`] and its
//! queries.

mod model;
mod walk;

use std::cell::OnceCell;

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

pub use model::{Action, ActionSlot, At, Branch, BranchStep, Component, Screen};

use crate::expr::scan::scan_refs;
use crate::json::{Object, for_each_string};
use crate::rules::lookup::Field;
use crate::version::FlowVersion;

/// What the rules know about a document, computed once.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The declared Flow JSON version.
    pub version: FlowVersion,
    /// The top-level object (`None` when the document is not an object).
    pub root: Option<&'a Object>,
    /// Screens that are objects, in document order.
    pub screens: Vec<Screen<'a>>,
    /// Every component of every screen, screen by screen, each in document (pre-)order.
    pub components: Vec<Component<'a>>,
    /// Every action object (`on-click-action`, `on-select-action`, `on-unselect-action`, also on
    /// data-source and list items), screen by screen in document order.
    pub actions: Vec<Action<'a>>,
    /// `routing_model`, when it is an object.
    pub routing_model: Option<&'a Object>,
    /// `data_api_version`, whatever its type (its presence makes the flow an endpoint flow).
    pub data_api_version: Option<&'a Value>,
    screen_ids: FxHashMap<&'a str, usize>,
    data_reads: OnceCell<FxHashSet<(usize, &'a str)>>,
}

impl<'a> Ctx<'a> {
    /// The first screen with this id.
    pub fn screen_by_id(&self, id: &str) -> Option<&Screen<'a>> {
        self.screen_ids.get(id).map(|&i| &self.screens[i])
    }

    /// The position in [`Ctx::screens`] of the first screen with this id.
    pub fn position_of(&self, id: &str) -> Option<usize> {
        self.screen_ids.get(id).copied()
    }

    /// Whether an earlier screen has the same id as `screen`: screens/duplicate-id reports it,
    /// and every reference to the id means the first screen, so the graph rules skip it.
    pub fn repeats_earlier_id(&self, screen: &Screen<'_>) -> bool {
        screen
            .id
            .is_some_and(|id| self.position_of(id) != Some(screen.pos))
    }

    /// The position of the screen a navigate action goes to, when it names an existing screen.
    pub fn target_of(&self, action: &Action<'_>) -> Option<usize> {
        self.position_of(action.navigate_target()?)
    }

    /// The screen Meta's connectivity checks start from: the first screen of `screens`.
    pub fn first_screen(&self) -> Option<&Screen<'a>> {
        self.screens.first()
    }

    /// Whether the flow declares a `routing_model` (of any type): Meta then checks routing
    /// against it instead of generating one from navigate actions.
    pub fn declares_routing_model(&self) -> bool {
        self.root.is_some_and(|r| r.has("routing_model"))
    }

    /// The screen ids `routing_model` lists as the routes from screen `id` (its string entries,
    /// in order; none when the model or the entry is missing or not a list).
    pub fn routes_from(&self, id: &str) -> impl Iterator<Item = &'a str> + use<'a> {
        self.routing_model
            .and_then(|model| model.get(id))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }

    /// Whether a route of `routing_model` leads into screen `id` from another screen (a route
    /// of a screen to itself does not count): a screen no route leads into is an entry screen.
    pub fn is_routed_into(&self, id: &str) -> bool {
        self.routing_model.into_iter().flatten().any(|(from, to)| {
            from != id
                && to
                    .as_array()
                    .is_some_and(|to| to.iter().any(|t| t.as_str() == Some(id)))
        })
    }

    /// Whether the flow talks to an endpoint (`data_api_version` is present).
    pub fn has_endpoint(&self) -> bool {
        self.data_api_version.is_some()
    }

    /// The components of a screen.
    pub fn components_of(&self, screen: &Screen<'_>) -> &[Component<'a>] {
        &self.components[screen.components.clone()]
    }

    /// The actions of a screen.
    pub fn actions_of(&self, screen: &Screen<'_>) -> &[Action<'a>] {
        &self.actions[screen.actions.clone()]
    }

    /// The screen a component or action belongs to.
    pub fn screen(&self, index: usize) -> &Screen<'a> {
        &self.screens[index]
    }

    /// The component a named `${form.x}` refers to on a screen.
    pub fn named(&self, screen: &Screen<'_>, name: &str) -> Option<&Component<'a>> {
        screen.names.get(name).map(|&i| &self.components[i])
    }

    /// The data fields read anywhere, as `(screen position, field)`: `${data.x}` on the screen
    /// itself (outside its data model) and `${screen.S.data.x}` anywhere. Computed on first use.
    pub fn data_reads(&self) -> &FxHashSet<(usize, &'a str)> {
        self.data_reads.get_or_init(|| {
            let mut reads = FxHashSet::default();
            for screen in &self.screens {
                for (key, value) in screen.value {
                    if key == "data" {
                        continue;
                    }
                    for_each_string(value, &mut |s| {
                        for r in scan_refs(s).filter(|r| !r.form) {
                            let target = match r.screen {
                                None => Some(screen.pos),
                                Some(id) => self.position_of(id),
                            };
                            if let Some(t) = target {
                                reads.insert((t, r.path[0]));
                            }
                        }
                    });
                }
            }
            reads
        })
    }
}

#[cfg(test)]
mod tests;
