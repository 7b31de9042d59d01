//! What component properties expect once their bindings and expressions are resolved, read
//! from the schema spec, and small helpers on literal property values. (Data models and the
//! value types of inputs are `data_model.rs`.)

use serde_json::Value;

use super::walker::{Branch, Component};
use crate::expr::Ty;
use crate::rules::lookup::Field;
use crate::schema::spec::{self, ObjSpec, Ty as SpecTy};
use crate::version::FlowVersion;

/// A hashable form of an If/Switch branch: `then`, `else`, or a Switch case key.
pub(crate) fn branch_key(branch: Branch<'_>) -> &str {
    match branch {
        Branch::Then => "\u{0}then",
        Branch::Else => "\u{0}else",
        Branch::Case(key) => key,
    }
}

/// A literal number of a component property.
pub(crate) fn literal_number(component: &Component<'_>, key: &str) -> Option<f64> {
    component.value.field(key).and_then(Value::as_f64)
}

/// The types a property accepts once its binding or expression is resolved: a set of [`Ty`]s,
/// read from the schema spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Want(u8);

/// The types in message order, with their bit in a [`Want`].
const TYPES: [Ty; 5] = [Ty::String, Ty::Number, Ty::Boolean, Ty::Array, Ty::Object];

impl Want {
    /// Anything (a property waflow does not type).
    pub(crate) const ANY: Want = Want(0b1_1111);
    /// A string.
    pub(crate) const STR: Want = Want::of(Ty::String);
    /// A boolean.
    pub(crate) const BOOL: Want = Want::of(Ty::Boolean);
    /// A string or an object (error messages of pickers, CalendarPicker range values).
    pub(crate) const STR_OR_OBJECT: Want = Want(Want::of(Ty::String).0 | Want::of(Ty::Object).0);

    const fn of(ty: Ty) -> Want {
        Want(match ty {
            Ty::String => 1,
            Ty::Number => 2,
            Ty::Boolean => 4,
            Ty::Array => 8,
            Ty::Object => 16,
            Ty::Unknown => 0,
        })
    }

    /// Whether a value of type `ty` fits (an unknown type fits everywhere).
    pub(crate) fn accepts(self, ty: Ty) -> bool {
        ty == Ty::Unknown || self.0 & Want::of(ty).0 != 0
    }

    /// Whether the property takes no string at all (a boolean, a number, an array, an object):
    /// a string there must be one binding or expression, and the schema layer checks its start.
    pub(crate) fn is_typed(self) -> bool {
        !self.accepts(Ty::String)
    }

    /// The accepted types for messages, with their articles: "a boolean", "a string or an
    /// object", "any value".
    pub(crate) fn describe(self) -> String {
        if self == Want::ANY {
            return "any value".to_owned();
        }
        let names: Vec<&str> = TYPES
            .into_iter()
            .filter(|t| self.accepts(*t))
            .map(Ty::article)
            .collect();
        names.join(" or ")
    }

    /// The types a value of spec type `ty` may have.
    fn from_spec(ty: &SpecTy) -> Want {
        match ty {
            SpecTy::Text
            | SpecTy::AnyText
            | SpecTy::Label
            | SpecTy::Name
            | SpecTy::Enum { .. }
            | SpecTy::Date
            | SpecTy::Color
            | SpecTy::Image
            | SpecTy::Url
            | SpecTy::ScreenId
            | SpecTy::DataApiVersion
            | SpecTy::Version
            // A list of text lines is literal only: a binding there gives the one text.
            | SpecTy::TextOrLines => Want::STR,
            SpecTy::Condition => Want(Want::STR.0 | Want::BOOL.0),
            SpecTy::Bool | SpecTy::LiteralBool => Want::BOOL,
            SpecTy::Number { .. } => Want::of(Ty::Number),
            SpecTy::Dates
            | SpecTy::Strings { .. }
            | SpecTy::EnumList { .. }
            | SpecTy::Items { .. }
            | SpecTy::Children { .. }
            | SpecTy::Screens => Want::of(Ty::Array),
            SpecTy::Object(_)
            | SpecTy::StringMap
            | SpecTy::FormValues
            | SpecTy::Cases
            | SpecTy::Action { .. }
            | SpecTy::Payload
            | SpecTy::Next
            | SpecTy::Layout
            | SpecTy::DataModel
            | SpecTy::RoutingModel => Want::of(Ty::Object),
            SpecTy::Either(options) => options
                .iter()
                .fold(Want(0), |w, t| Want(w.0 | Want::from_spec(t).0)),
            SpecTy::Binding => Want::ANY,
        }
    }
}

/// Where a value sits in the schema spec: what it must be and, for objects and arrays, what
/// their entries must be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    /// A property of this spec type.
    Ty(&'static SpecTy),
    /// An item of an array of objects.
    Item(&'static ObjSpec),
    /// A place the spec does not describe: anything goes.
    Unknown,
}

/// The spec type of a string in a list of strings, or a value of a string map.
static TEXT: SpecTy = SpecTy::Text;

impl Shape {
    /// The types the value may have.
    pub(crate) fn want(self) -> Want {
        match self {
            Shape::Ty(ty) => Want::from_spec(ty),
            Shape::Item(_) => Want::of(Ty::Object),
            Shape::Unknown => Want::ANY,
        }
    }

    /// The shape of the entry `key` when the value is an object.
    pub(crate) fn entry(self, key: &str, version: FlowVersion) -> Shape {
        match self {
            Shape::Item(obj) => property(obj, key, version),
            Shape::Ty(SpecTy::Object(obj)) => property(obj, key, version),
            Shape::Ty(SpecTy::StringMap) => Shape::Ty(&TEXT),
            Shape::Ty(SpecTy::Either(options)) => options
                .iter()
                .map(|t| Shape::Ty(t).entry(key, version))
                .find(|s| !matches!(s, Shape::Unknown))
                .unwrap_or(Shape::Unknown),
            _ => Shape::Unknown,
        }
    }

    /// The shape of the items when the value is an array.
    pub(crate) fn item(self) -> Shape {
        match self {
            Shape::Ty(
                SpecTy::Strings { .. }
                | SpecTy::Dates
                | SpecTy::EnumList { .. }
                | SpecTy::TextOrLines,
            ) => Shape::Ty(&TEXT),
            Shape::Ty(SpecTy::Items { item, .. }) => Shape::Item(item),
            Shape::Ty(SpecTy::Either(options)) => options
                .iter()
                .map(|t| Shape::Ty(t).item())
                .find(|s| !matches!(s, Shape::Unknown))
                .unwrap_or(Shape::Unknown),
            _ => Shape::Unknown,
        }
    }
}

/// The shape of property `key` of an object of the spec: its row for `version`, else any row
/// (a property used outside its versions is the schema layer's finding, its type still holds).
fn property(obj: &'static ObjSpec, key: &str, version: FlowVersion) -> Shape {
    let rows = || obj.props.iter().filter(move |p| p.name == key);
    rows()
        .find(|p| p.versions.contains(version))
        .or_else(|| rows().next())
        .map_or(Shape::Unknown, |p| Shape::Ty(&p.ty))
}

/// The shape of property `key` of a component of type `kind`.
pub(crate) fn component_property(kind: &str, key: &str, version: FlowVersion) -> Shape {
    spec::component(kind).map_or(Shape::Unknown, |c| property(&c.spec, key, version))
}

/// What `init-value` of a component accepts (also a Form's `init-values` entry for it). A
/// number TextInput may be initialised with a number as well as a string.
pub(crate) fn init_value_want(component: &Component<'_>, version: FlowVersion) -> Want {
    let number_input =
        component.value.field("input-type").and_then(Value::as_str) == Some("number");
    if component.kind == "TextInput" && number_input {
        return Want::ANY;
    }
    component_property(component.kind, "init-value", version).want()
}

/// The item properties a bound list needs: `data-source` items an id and a title, NavigationList
/// items an id and main content, ImageCarousel images a source and an alt text.
pub(crate) fn required_item_properties(key: &str) -> &'static [&'static str] {
    match key {
        "data-source" => &["id", "title"],
        "list-items" => &["id", "main-content"],
        "images" => &["src", "alt-text"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wants_come_from_the_spec() {
        let want = |kind, key| component_property(kind, key, FlowVersion::LATEST).want();
        assert!(Want::BOOL.accepts(Ty::Unknown));
        assert!(!Want::BOOL.accepts(Ty::String));
        assert!(Want::STR_OR_OBJECT.accepts(Ty::Object));
        assert_eq!(want("TextBody", "visible"), Want::BOOL);
        assert_eq!(want("CheckboxGroup", "init-value").describe(), "an array");
        assert_eq!(want("TextInput", "max-chars").describe(), "a number");
        assert_eq!(want("CalendarPicker", "label"), Want::STR_OR_OBJECT);
        assert_eq!(want("PhotoPicker", "error-message"), Want::STR_OR_OBJECT);
        assert_eq!(want("X", "unknown-key"), Want::ANY);
        assert_eq!(want("TextInput", "unknown-key").describe(), "any value");
        let range = component_property("CalendarPicker", "required", FlowVersion::LATEST);
        assert_eq!(range.want().describe(), "a boolean or an object");
        assert_eq!(
            range.entry("start-date", FlowVersion::LATEST).want(),
            Want::BOOL
        );
        let items = component_property("RadioButtonsGroup", "data-source", FlowVersion::LATEST);
        assert_eq!(
            items.item().entry("enabled", FlowVersion::LATEST).want(),
            Want::BOOL
        );
        assert_eq!(
            items.item().entry("title", FlowVersion::LATEST).want(),
            Want::STR
        );
    }
}
