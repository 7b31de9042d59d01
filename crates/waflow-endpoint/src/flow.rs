//! What the replay needs to know about a flow: its screens, their data models and form fields,
//! the routing model, and every `data_exchange` action with a payload filled as a user would.
//! All of it is read through the core's one walk of a document ([`Ctx`]), so the replay and
//! `waflow check` agree on what a screen, a field and a route are.

use serde_json::{Map, Value, json};
use waflow_core::FlowVersion;
use waflow_core::rules::walker::{Component, Ctx};

use crate::error::Error;

/// An endpoint flow, read for a replay.
#[derive(Debug)]
pub struct Flow<'a> {
    /// `data_api_version` (`"3.0"` or `"4.0"`).
    pub data_api_version: String,
    /// The screens with an id, in file order.
    pub screens: Vec<Screen<'a>>,
    ctx: Ctx<'a>,
}

/// One screen.
#[derive(Debug)]
pub struct Screen<'a> {
    /// The screen id.
    pub id: &'a str,
    /// Pointer to the screen object (`/screens/2`).
    pub pointer: String,
    /// Whether going back to it asks the endpoint (`refresh_on_back`).
    pub refresh_on_back: bool,
    /// The data model (`data`), when declared.
    pub data: Option<&'a Map<String, Value>>,
    /// Its `data_exchange` actions, in file order.
    pub exchanges: Vec<Exchange<'a>>,
    /// Its position in the walk's screens.
    pos: usize,
}

/// A `data_exchange` action on a screen.
#[derive(Debug)]
pub struct Exchange<'a> {
    /// Pointer to the action object.
    pub pointer: String,
    /// The component holding it (`Footer`, `Dropdown`, `NavigationList`, …).
    pub component: &'a str,
    /// Its payload, when it has one.
    pub payload: Option<&'a Value>,
}

impl<'a> Flow<'a> {
    /// Reads `value` (a Flow JSON document). Fails when it is not an endpoint flow.
    pub fn read(value: &'a Value) -> Result<Flow<'a>, Error> {
        let Some(version) = value.get("data_api_version").and_then(Value::as_str) else {
            return Err(Error::Flow(
                "it has no `data_api_version`, so it is not an endpoint flow".into(),
            ));
        };
        if !value.get("screens").is_some_and(Value::is_array) {
            return Err(Error::Flow("it has no `screens` array".into()));
        }
        // The walk does not depend on the version; the declared one is kept for what may.
        let flow_version = value
            .get("version")
            .and_then(Value::as_str)
            .and_then(FlowVersion::parse)
            .unwrap_or(FlowVersion::LATEST);
        let ctx = Ctx::new(flow_version, value);
        let screens = ctx
            .screens
            .iter()
            .filter_map(|screen| {
                Some(Screen {
                    id: screen.id?,
                    pointer: screen.pointer.clone(),
                    refresh_on_back: screen.value.get("refresh_on_back")
                        == Some(&Value::Bool(true)),
                    data: screen.data,
                    exchanges: ctx
                        .actions_of(screen)
                        .iter()
                        .filter(|action| action.name == Some("data_exchange"))
                        .map(|action| Exchange {
                            pointer: action.pointer.clone(),
                            component: match ctx.components[action.component].kind {
                                "" => "component",
                                kind => kind,
                            },
                            payload: action.value.get("payload"),
                        })
                        .collect(),
                    pos: screen.pos,
                })
            })
            .collect();
        Ok(Flow {
            data_api_version: version.to_owned(),
            screens,
            ctx,
        })
    }

    /// The screen with this id.
    pub fn screen(&self, id: &str) -> Option<&Screen<'a>> {
        self.screens.iter().find(|s| s.id == id)
    }

    /// The screens the routing model lets a user go to from `from`.
    pub fn routes(&self, from: &str) -> impl Iterator<Item = &'a str> + use<'a> {
        self.ctx.routes_from(from)
    }

    /// Whether no route of the routing model leads into `id` from another screen (a screen a
    /// flow can open on).
    pub fn is_entry(&self, id: &str) -> bool {
        !self.ctx.is_routed_into(id)
    }

    /// The form field `name` of `screen`: the first component of that name, as for
    /// `waflow check`; a Form is not a field.
    fn field(&self, screen: &Screen<'a>, name: &str) -> Option<&Component<'a>> {
        self.ctx
            .named(self.ctx.screen(screen.pos), name)
            .filter(|component| component.kind != "Form")
    }

    /// `payload` of an action on `screen` as WhatsApp would send it: every `${form.…}` filled
    /// with a value the user could have entered, every `${data.…}` with the data model's
    /// `__example__`, `${screen.ID.…}` from that screen.
    pub fn fill(&self, screen: &Screen<'a>, payload: &Value) -> Value {
        match payload {
            Value::String(s) => self.fill_string(screen, s),
            Value::Array(items) => items.iter().map(|v| self.fill(screen, v)).collect(),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.fill(screen, v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn fill_string(&self, screen: &Screen<'a>, s: &str) -> Value {
        let nested = s.strip_prefix('`').and_then(|t| t.strip_suffix('`'));
        let text = nested.unwrap_or(s);
        if nested.is_none()
            && let Some(expr) = whole_binding(text)
        {
            return self.resolve(screen, expr).unwrap_or(Value::Null);
        }
        if !text.contains("${") {
            return Value::String(s.to_owned());
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            match self.resolve(screen, &after[..end]) {
                Some(Value::String(v)) => out.push_str(&v),
                Some(v) => out.push_str(&v.to_string()),
                None => {}
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Value::String(out)
    }

    fn resolve(&self, screen: &Screen<'a>, expr: &str) -> Option<Value> {
        let parts: Vec<&str> = expr.trim().split('.').collect();
        match parts.as_slice() {
            ["data", path @ ..] => screen.example(path),
            ["form", name, ..] => Some(self.form_value(screen, name)),
            ["screen", id, rest @ ..] => {
                let other = self.screen(id)?;
                match rest {
                    ["data", path @ ..] => other.example(path),
                    ["form", name, ..] => Some(self.form_value(other, name)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A value the user could have entered in the form field `name` of `screen`.
    fn form_value(&self, screen: &Screen<'a>, name: &str) -> Value {
        let Some(field) = self.field(screen, name).map(|c| c.value) else {
            return Value::Null;
        };
        if let Some(init) = field.get("init-value")
            && !matches!(init, Value::String(s) if s.contains("${"))
        {
            return init.clone();
        }
        let first_option = || {
            let source = match field.get("data-source") {
                Some(Value::String(s)) => {
                    whole_binding(s).and_then(|expr| self.resolve(screen, expr))
                }
                other => other.cloned(),
            };
            source
                .as_ref()
                .and_then(|s| s.get(0))
                .and_then(|item| item.get("id"))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let kind = field.get("type").and_then(Value::as_str).unwrap_or("");
        let input = field
            .get("input-type")
            .and_then(Value::as_str)
            .unwrap_or("");
        match (kind, input) {
            ("TextInput", "email") => json!("user@example.com"),
            ("TextInput", "phone") => json!("+15550100000"),
            ("TextInput", "number") => json!("42"),
            ("TextInput", "passcode") => json!("123456"),
            ("TextInput" | "TextArea", _) => json!("Example text"),
            ("Dropdown" | "RadioButtonsGroup", _) => first_option(),
            ("CheckboxGroup" | "ChipsSelector", _) => Value::Array(vec![first_option()]),
            ("DatePicker", _) => json!("2024-01-01"),
            ("CalendarPicker", _) if field.get("mode").and_then(Value::as_str) == Some("range") => {
                json!({"start-date": "2024-01-01", "end-date": "2024-01-02"})
            }
            ("CalendarPicker", _) => json!("2024-01-01"),
            ("OptIn", _) => Value::Bool(true),
            ("PhotoPicker" | "DocumentPicker", _) => Value::Array(Vec::new()),
            _ => json!("Example text"),
        }
    }
}

impl Screen<'_> {
    /// The `__example__` of data field `path[0]`, then the member `path[1..]` inside it.
    fn example(&self, path: &[&str]) -> Option<Value> {
        let (first, rest) = path.split_first()?;
        let mut value = self.data?.get(*first)?.get("__example__")?;
        for key in rest {
            value = value.get(*key)?;
        }
        Some(value.clone())
    }
}

/// `expr` when `s` is exactly one binding `${expr}`.
fn whole_binding(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("${")?.strip_suffix('}')?;
    (!inner.contains(['{', '}'])).then_some(inner)
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn flow() -> Value {
        json!({
            "version": "7.0", "data_api_version": "3.0",
            "routing_model": {"A": ["B"], "B": []},
            "screens": [
                {"id": "A", "data": {
                    "options": {"type": "array", "items": {"type": "object"},
                                "__example__": [{"id": "x", "title": "X"}, {"id": "y", "title": "Y"}]},
                    "who": {"type": "object", "__example__": {"name": "Ann"}}},
                 "layout": {"type": "SingleColumnLayout", "children": [{"type": "Form", "name": "f", "children": [
                    {"type": "Dropdown", "name": "pick", "label": "P", "data-source": "${data.options}"},
                    {"type": "TextInput", "name": "mail", "label": "M", "input-type": "email"},
                    {"type": "OptIn", "name": "ok", "label": "OK"},
                    {"type": "Footer", "label": "Go", "on-click-action": {"name": "data_exchange", "payload": {
                        "pick": "${form.pick}", "mail": "${form.mail}", "ok": "${form.ok}",
                        "name": "${data.who.name}", "greeting": "Hi ${data.who.name}!",
                        "fixed": 3, "unknown": "${form.nope}"}}}]}]}},
                {"id": "B", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": []}}
            ]
        })
    }

    #[test]
    fn payloads_are_filled_from_examples_and_form_fields() {
        let value = flow();
        let flow = Flow::read(&value).unwrap();
        let a = flow.screen("A").unwrap();
        assert_eq!(a.exchanges.len(), 1);
        let exchange = &a.exchanges[0];
        assert_eq!(
            exchange.pointer,
            "/screens/0/layout/children/0/children/3/on-click-action"
        );
        assert_eq!(exchange.component, "Footer");
        let filled = flow.fill(a, exchange.payload.unwrap());
        assert_eq!(
            filled,
            json!({"pick": "x", "mail": "user@example.com", "ok": true, "name": "Ann",
                   "greeting": "Hi Ann!", "fixed": 3, "unknown": null})
        );
        assert!(flow.is_entry("A") && !flow.is_entry("B"));
        assert_eq!(flow.routes("A").collect::<Vec<_>>(), ["B"]);
    }

    #[test]
    fn a_repeated_field_name_means_the_field_the_check_means() {
        let value = json!({
            "version": "7.3", "data_api_version": "3.0", "routing_model": {"A": []},
            "screens": [{"id": "A", "terminal": true, "layout": {"type": "SingleColumnLayout", "children": [
                {"type": "Form", "name": "f", "children": [
                    {"type": "TextInput", "name": "contact", "label": "E-mail", "input-type": "email"},
                    {"type": "TextInput", "name": "contact", "label": "Phone", "input-type": "phone"},
                    {"type": "Footer", "label": "Go", "on-click-action": {"name": "data_exchange",
                        "payload": {"contact": "${form.contact}"}}}]}]}}]
        });
        // `waflow check` reads `${form.contact}` as the first field of that name…
        let ctx = Ctx::new(FlowVersion::V7_3, &value);
        let named = ctx.named(&ctx.screens[0], "contact").unwrap();
        assert_eq!(named.pointer, "/screens/0/layout/children/0/children/0");
        // …and so does the replay: the payload is filled from the e-mail field.
        let flow = Flow::read(&value).unwrap();
        let a = flow.screen("A").unwrap();
        let filled = flow.fill(a, a.exchanges[0].payload.unwrap());
        assert_eq!(filled, json!({"contact": "user@example.com"}));
    }

    #[test]
    fn a_route_of_a_screen_to_itself_leaves_it_an_entry_screen() {
        let value = json!({
            "version": "7.3", "data_api_version": "3.0",
            "routing_model": {"A": ["A", "B"], "B": []},
            "screens": [{"id": "A"}, {"id": "B"}]
        });
        let flow = Flow::read(&value).unwrap();
        assert!(
            flow.is_entry("A"),
            "routing/no-entry-screen ignores self-routes too"
        );
        assert!(!flow.is_entry("B"));
    }

    #[test]
    fn a_flow_without_data_api_version_is_not_replayed() {
        let err = Flow::read(&json!({"version": "7.0", "screens": []})).unwrap_err();
        assert!(err.to_string().contains("data_api_version"), "{err}");
    }
}
