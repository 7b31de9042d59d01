//! The walk: builds a [`Ctx`] from a document, screen by screen, component by component.

use std::cell::OnceCell;

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::{Action, ActionSlot, Branch, BranchStep, Component, Ctx, Screen};
use crate::json::Object;
use crate::pointer;
use crate::rules::lookup::Field;
use crate::version::FlowVersion;

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
                .and_then(|r| r.field("routing_model"))
                .and_then(Value::as_object),
            data_api_version: root.and_then(|r| r.field("data_api_version")),
            screen_ids: FxHashMap::default(),
            data_reads: OnceCell::new(),
        };
        let screens = root
            .and_then(|r| r.field("screens"))
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
        let id = value.field("id").and_then(Value::as_str);
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
            .field("layout")
            .and_then(Value::as_object)
            .and_then(|l| l.field("children"))
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
            terminal: value.field("terminal").and_then(Value::as_bool) == Some(true),
            data: value.field("data").and_then(Value::as_object),
            has_form,
            has_navigation_list,
            components,
            actions: first_action..self.actions.len(),
            names,
        });
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
