//! The one walk over a document that every rule shares: screens, components (with their Form,
//! If/Switch branches and nesting) and actions, each with its JSON pointer.
//!
//! The walk never fails: values of the wrong type or missing keys are skipped (the schema layer
//! reports them), so rules only see well-typed pieces.

use std::cell::OnceCell;
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

use crate::pointer;

use crate::expr::scan::scan_refs;
use crate::json::{Object, for_each_string};
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
        if self.value.contains_key("id") {
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
        let next = self.value.get("next")?.as_object()?;
        match next.get("type") {
            None => {}
            Some(t) if t.as_str() == Some("screen") => {}
            Some(_) => return None,
        }
        next.get("name")?.as_str()
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

impl<'a> Ctx<'a> {
    /// Walks `doc` once.
    pub fn new(version: FlowVersion, doc: &'a Value) -> Ctx<'a> {
        let root = doc.as_object();
        let mut ctx = Ctx {
            version,
            root,
            screens: Vec::new(),
            components: Vec::new(),
            actions: Vec::new(),
            routing_model: root
                .and_then(|r| r.get("routing_model"))
                .and_then(Value::as_object),
            data_api_version: root.and_then(|r| r.get("data_api_version")),
            screen_ids: FxHashMap::default(),
            data_reads: OnceCell::new(),
        };
        let screens = root
            .and_then(|r| r.get("screens"))
            .and_then(Value::as_array);
        for (index, value) in screens.into_iter().flatten().enumerate() {
            let Some(value) = value.as_object() else {
                continue;
            };
            ctx.add_screen(index, value);
        }
        ctx
    }

    fn add_screen(&mut self, index: usize, value: &'a Object) {
        let screen_no = self.screens.len();
        let pointer = pointer::push_index("/screens", index);
        let id = value.get("id").and_then(Value::as_str);
        if let Some(id) = id {
            self.screen_ids.entry(id).or_insert(screen_no);
        }
        let first_component = self.components.len();
        let first_action = self.actions.len();
        let mut walk = Walk {
            ctx: self,
            screen: screen_no,
        };
        if let Some(children) = value
            .get("layout")
            .and_then(Value::as_object)
            .and_then(|l| l.get("children"))
            .and_then(Value::as_array)
        {
            let children_ptr = format!("{pointer}/layout/children");
            walk.list(children, &children_ptr, &Place::default());
        }
        let components = first_component..self.components.len();
        let mut names = FxHashMap::default();
        let (mut has_form, mut has_navigation_list) = (false, false);
        for c in &self.components[components.clone()] {
            has_form |= c.kind == "Form";
            has_navigation_list |= c.kind == "NavigationList";
            if let Some(name) = c.name {
                names.entry(name).or_insert(c.index);
            }
        }
        self.screens.push(Screen {
            index,
            pos: screen_no,
            pointer,
            value,
            id,
            terminal: value.get("terminal").and_then(Value::as_bool) == Some(true),
            data: value.get("data").and_then(Value::as_object),
            has_form,
            has_navigation_list,
            components,
            actions: first_action..self.actions.len(),
            names,
        });
    }

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
        self.root.is_some_and(|r| r.contains_key("routing_model"))
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

/// Where the walk currently is inside a screen.
#[derive(Debug, Default, Clone)]
struct Place<'a> {
    parent: Option<usize>,
    form: Option<usize>,
    branches: Vec<BranchStep<'a>>,
    if_depth: usize,
}

struct Walk<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    screen: usize,
}

impl<'a> Walk<'_, 'a> {
    fn list(&mut self, items: &'a [Value], ptr: &str, place: &Place<'a>) {
        for (i, item) in items.iter().enumerate() {
            if let Some(obj) = item.as_object() {
                self.component(obj, pointer::push_index(ptr, i), place);
            }
        }
    }

    fn component(&mut self, value: &'a Object, ptr: String, place: &Place<'a>) {
        let index = self.ctx.components.len();
        let (mut kind, mut name) = ("", None);
        let (mut children, mut then, mut els, mut cases, mut items) =
            (None, None, None, None, None);
        // One pass over the keys: a component is read once, whatever its size.
        for (key, v) in value {
            match key.as_str() {
                "type" => kind = v.as_str().unwrap_or(""),
                "name" => name = v.as_str(),
                "children" => children = v.as_array(),
                "then" => then = v.as_array(),
                "else" => els = v.as_array(),
                "cases" => cases = v.as_object(),
                "data-source" | "list-items" => items = v.as_array().map(|a| (key.as_str(), a)),
                k => {
                    if let Some(slot) = ActionSlot::of_key(k) {
                        self.action(index, v, &ptr, slot, None);
                    }
                }
            }
        }
        if let Some((key, list)) = items {
            for (i, item) in list.iter().enumerate() {
                let Some(item) = item.as_object() else {
                    continue;
                };
                for (k, v) in item {
                    let Some(slot) = ActionSlot::of_key(k) else {
                        continue;
                    };
                    if (key == "list-items") != (slot == ActionSlot::Click) {
                        continue;
                    }
                    let item_ptr = pointer::push_index(&pointer::push(&ptr, key), i);
                    self.action(index, v, &item_ptr, slot, Some(i));
                }
            }
        }
        self.ctx.components.push(Component {
            index,
            pointer: ptr,
            value,
            kind,
            name,
            screen: self.screen,
            parent: place.parent,
            form: place.form,
            branches: place.branches.clone(),
            if_depth: place.if_depth,
        });
        let inner = |extra: Option<BranchStep<'a>>, form: bool, is_if: bool| {
            let mut p = place.clone();
            p.parent = Some(index);
            if form {
                p.form = Some(index);
            }
            if is_if {
                p.if_depth += 1;
            }
            p.branches.extend(extra);
            p
        };
        let ptr = &self.ctx.components[index].pointer;
        let has_lists = match kind {
            "If" => then.is_some() || els.is_some(),
            "Switch" => cases.is_some(),
            _ => children.is_some(),
        };
        if !has_lists {
            return;
        }
        let ptr = ptr.clone();
        match kind {
            "If" => {
                for (key, list, branch) in
                    [("then", then, Branch::Then), ("else", els, Branch::Else)]
                {
                    if let Some(list) = list {
                        let step = BranchStep {
                            component: index,
                            branch,
                        };
                        self.list(
                            list,
                            &pointer::push(&ptr, key),
                            &inner(Some(step), false, true),
                        );
                    }
                }
            }
            "Switch" => {
                let cases_ptr = pointer::push(&ptr, "cases");
                for (key, list) in cases.into_iter().flatten() {
                    if let Some(list) = list.as_array() {
                        let step = BranchStep {
                            component: index,
                            branch: Branch::Case(key),
                        };
                        self.list(
                            list,
                            &pointer::push(&cases_ptr, key),
                            &inner(Some(step), false, false),
                        );
                    }
                }
            }
            _ => {
                if let Some(list) = children {
                    let p = inner(None, kind == "Form", false);
                    self.list(list, &pointer::push(&ptr, "children"), &p);
                }
            }
        }
    }

    fn action(
        &mut self,
        component: usize,
        value: &'a Value,
        holder_ptr: &str,
        slot: ActionSlot,
        item: Option<usize>,
    ) {
        let Some(value) = value.as_object() else {
            return;
        };
        let (mut name, mut payload) = (None, None);
        for (k, v) in value {
            match k.as_str() {
                "name" => name = v.as_str(),
                "payload" => payload = v.as_object(),
                _ => {}
            }
        }
        self.ctx.actions.push(Action {
            pointer: pointer::push(holder_ptr, slot.key()),
            value,
            slot,
            name,
            payload,
            component,
            screen: self.screen,
            item,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn walks_forms_branches_and_actions() {
        let doc = json!({
            "version": "7.3",
            "screens": [
                {"id": "A", "layout": {"type": "SingleColumnLayout", "children": [
                    {"type": "Form", "name": "f", "children": [
                        {"type": "If", "condition": "${form.x}", "then": [
                            {"type": "TextInput", "name": "t"},
                            {"type": "If", "condition": "true", "then": [{"type": "TextBody", "text": "x"}]}
                        ], "else": [
                            {"type": "Footer", "label": "x", "on-click-action": {"name": "complete", "payload": {}}}
                        ]},
                        {"type": "CheckboxGroup", "name": "c", "data-source": [
                            {"id": "1", "title": "a", "on-select-action": {"name": "update_data", "payload": {}}}
                        ]}
                    ]}
                ]}},
                "not a screen",
                {"id": 5, "layout": {"children": {"bad": true}}}
            ]
        });
        let ctx = Ctx::new(FlowVersion::V7_3, &doc);
        assert_eq!(ctx.screens.len(), 2);
        assert_eq!(ctx.screens[1].index, 2);
        assert_eq!(ctx.screens[1].id, None);
        let kinds: Vec<_> = ctx.components.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                "Form",
                "If",
                "TextInput",
                "If",
                "TextBody",
                "Footer",
                "CheckboxGroup"
            ]
        );
        let c = &ctx.components;
        assert_eq!(
            c[2].pointer,
            "/screens/0/layout/children/0/children/0/then/0"
        );
        assert_eq!(c[2].form, Some(0));
        assert_eq!(c[4].if_depth, 2);
        assert!(ctx.screens[0].has_form);
        assert_eq!(ctx.named(&ctx.screens[0], "c").map(|c| c.index), Some(6));
        assert_eq!(ctx.actions.len(), 2);
        assert_eq!(ctx.actions[1].item, Some(0));
        assert_eq!(
            ctx.actions[1].pointer,
            "/screens/0/layout/children/0/children/1/data-source/0/on-select-action"
        );
        assert_eq!(ctx.screen_by_id("A").map(|s| s.index), Some(0));
    }

    #[test]
    fn survives_any_shape() {
        for doc in [
            json!(null),
            json!([]),
            json!({"screens": 3}),
            json!({"screens": [[], {"layout": 1}]}),
        ] {
            let ctx = Ctx::new(FlowVersion::V2_1, &doc);
            assert!(ctx.components.is_empty());
        }
    }
}
