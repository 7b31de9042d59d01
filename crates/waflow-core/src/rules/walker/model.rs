//! What the walk finds: screens, components with their Form and branch context, actions.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::json::Object;
use crate::pointer;
use crate::rules::lookup::Field;

/// A screen (an object in `screens`).
#[derive(Debug)]
pub struct Screen<'a> {
    /// Index in the document's `screens` array (pointer index).
    pub index: usize,
    /// Position in [`Ctx::screens`] (differs from `index` when some screens are not objects).
    pub pos: usize,
    /// `/screens/<index>`.
    pub pointer: String,
    /// The screen object.
    pub value: &'a Object,
    /// `id`, when it is a string.
    pub id: Option<&'a str>,
    /// `terminal` is literally `true`.
    pub terminal: bool,
    /// The data model (`data`), when it is an object.
    pub data: Option<&'a Object>,
    /// Whether a Form component is among its components.
    pub has_form: bool,
    /// Whether a NavigationList component is among its components.
    pub has_navigation_list: bool,
    /// Its components: indices into [`Ctx::components`].
    pub components: Range<usize>,
    /// Its actions: indices into [`Ctx::actions`].
    pub actions: Range<usize>,
    /// Named components (`name` is a string) by name, first occurrence, Forms included.
    pub names: FxHashMap<&'a str, usize>,
}

impl Screen<'_> {
    /// Pointer of the screen's `id` when it has that key, else of the screen.
    pub fn id_pointer(&self) -> String {
        if self.value.has("id") {
            format!("{}/id", self.pointer)
        } else {
            self.pointer.clone()
        }
    }

    /// The id for messages: the id, or `screens[i]` when it has none.
    pub fn label(&self) -> String {
        match self.id {
            Some(id) => id.to_owned(),
            None => format!("screens[{}]", self.index),
        }
    }
}

/// Which branch of an If or Switch a component sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branch<'a> {
    /// `If.then`.
    Then,
    /// `If.else`.
    Else,
    /// `Switch.cases.<key>`.
    Case(&'a str),
}

/// One step of a component's branch path: the If/Switch (index into [`Ctx::components`]) and the
/// branch taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BranchStep<'a> {
    /// The If or Switch component.
    pub component: usize,
    /// The branch.
    pub branch: Branch<'a>,
}

/// A component (an object in a `children`, `then`, `else` or Switch case array).
#[derive(Debug)]
pub struct Component<'a> {
    /// Index in [`Ctx::components`].
    pub index: usize,
    /// Pointer of the component object.
    pub pointer: String,
    /// The component object.
    pub value: &'a Object,
    /// `type`, or `""` when it is missing or not a string.
    pub kind: &'a str,
    /// `name`, when it is a string.
    pub name: Option<&'a str>,
    /// Position of its screen in [`Ctx::screens`].
    pub screen: usize,
    /// The component that contains it (Form, If or Switch), if any.
    pub parent: Option<usize>,
    /// The enclosing Form, if any.
    pub form: Option<usize>,
    /// The If/Switch branches it sits in, outermost first.
    pub branches: Vec<BranchStep<'a>>,
    /// How many `If`s enclose it.
    pub if_depth: usize,
}

impl Component<'_> {
    /// Whether it is a media picker (`PhotoPicker`, `DocumentPicker`), whose value is a list of
    /// files.
    pub fn is_media_picker(&self) -> bool {
        matches!(self.kind, "PhotoPicker" | "DocumentPicker")
    }
}

/// The slot an action sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionSlot {
    /// `on-click-action`.
    Click,
    /// `on-select-action`.
    Select,
    /// `on-unselect-action`.
    Unselect,
}

impl ActionSlot {
    /// The slot a property name stands for.
    pub fn of_key(key: &str) -> Option<ActionSlot> {
        match key {
            "on-click-action" => Some(ActionSlot::Click),
            "on-select-action" => Some(ActionSlot::Select),
            "on-unselect-action" => Some(ActionSlot::Unselect),
            _ => None,
        }
    }

    /// The property name.
    pub fn key(self) -> &'static str {
        match self {
            ActionSlot::Click => "on-click-action",
            ActionSlot::Select => "on-select-action",
            ActionSlot::Unselect => "on-unselect-action",
        }
    }
}

/// An action object.
#[derive(Debug)]
pub struct Action<'a> {
    /// Pointer of the action object.
    pub pointer: String,
    /// The action object.
    pub value: &'a Object,
    /// Where it sits.
    pub slot: ActionSlot,
    /// `name`, when it is a string.
    pub name: Option<&'a str>,
    /// `payload`, when it is an object.
    pub payload: Option<&'a Object>,
    /// The component it belongs to.
    pub component: usize,
    /// Position of its screen in [`Ctx::screens`].
    pub screen: usize,
    /// For an item-level action, the index of the item in `data-source` / `list-items`.
    pub item: Option<usize>,
}

impl<'a> Action<'a> {
    /// For a `navigate` action with a string `next.name` (and `next.type` absent or `screen`),
    /// the target screen id.
    pub fn navigate_target(&self) -> Option<&'a str> {
        if self.name != Some("navigate") {
            return None;
        }
        let next = self.value.field("next")?.as_object()?;
        match next.field("type") {
            None => {}
            Some(t) if t.as_str() == Some("screen") => {}
            Some(_) => return None,
        }
        next.field("name")?.as_str()
    }

    /// Pointer of a member of the action (`name`, `payload`, `next/name`, …).
    pub fn pointer_to(&self, member: &str) -> String {
        member
            .split('/')
            .fold(self.pointer.clone(), |p, seg| pointer::push(&p, seg))
    }
    /// The pointer of `key` in this action's payload (`key` is escaped, `/` and `~` included).
    pub fn payload_pointer(&self, key: &str) -> String {
        pointer::push(&self.pointer_to("payload"), key)
    }
}

/// A place in the document, made into a JSON pointer ([`At::pointer`]) only when a finding
/// needs it: the walks over every value of a payload or a data model make none for the values
/// that have no finding.
#[derive(Debug, Clone, Copy)]
pub enum At<'p> {
    /// The value at this pointer.
    Pointer(&'p str),
    /// The payload of this action.
    Payload(&'p Action<'p>),
    /// The member `key` of the object at the first place.
    Key(&'p At<'p>, &'p str),
    /// The element at an index of the array at the first place.
    Index(&'p At<'p>, usize),
}

impl At<'_> {
    /// The JSON pointer of the place.
    pub fn pointer(&self) -> String {
        match self {
            At::Pointer(pointer) => (*pointer).to_owned(),
            At::Payload(action) => action.pointer_to("payload"),
            At::Key(up, key) => pointer::push(&up.pointer(), key),
            At::Index(up, i) => pointer::push_index(&up.pointer(), *i),
        }
    }
}
