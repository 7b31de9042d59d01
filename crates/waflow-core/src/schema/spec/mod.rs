//! The one source of truth for the schema layer: which keys, components, properties, value
//! shapes and limits exist in which Flow JSON versions. The generator turns these tables into one
//! JSON Schema per version; the error mapper reads them to explain failures.

mod components;
mod document;

pub use components::{COMPONENTS, component};
pub use document::{LAYOUT, ROOT, SCREEN};

use crate::version::FlowVersion;

/// A half-open range of Flow JSON versions: from `since` up to, not including, `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    /// First version that has the item.
    pub since: FlowVersion,
    /// First version that no longer has it, if any.
    pub until: Option<FlowVersion>,
}

impl Versions {
    /// Every version.
    pub const ALL: Versions = Versions::since(FlowVersion::V2_1);

    /// From `since` on.
    pub const fn since(since: FlowVersion) -> Versions {
        Versions { since, until: None }
    }

    /// Whether `version` is in the range.
    pub fn contains(self, version: FlowVersion) -> bool {
        version >= self.since && self.until.is_none_or(|until| version < until)
    }
}

/// Whether a property must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Never required.
    No,
    /// Required from this version on (while the property exists).
    Since(FlowVersion),
}

/// Where a component property may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    /// Inside and outside a Form.
    Anywhere,
    /// Only when the component is not inside a Form (`init-value`, `error-message`).
    OutsideForm,
}

/// One property of an object, valid for a range of versions. A property whose shape changes
/// between versions has one row per shape, with disjoint ranges.
#[derive(Debug, Clone, Copy)]
pub struct Prop {
    /// The key.
    pub name: &'static str,
    /// What its value may be.
    pub ty: Ty,
    /// The versions that know it.
    pub versions: Versions,
    /// Whether it must be present.
    pub required: Required,
    /// Inside or outside a Form.
    pub place: Where,
}

/// A property row with no version limits, optional, usable anywhere.
pub const fn prop(name: &'static str, ty: Ty) -> Prop {
    Prop {
        name,
        ty,
        versions: Versions::ALL,
        required: Required::No,
        place: Where::Anywhere,
    }
}

impl Prop {
    /// Exists from `version` on.
    pub const fn since(mut self, version: FlowVersion) -> Prop {
        self.versions.since = version;
        self
    }

    /// Exists only before `version`.
    pub const fn until(mut self, version: FlowVersion) -> Prop {
        self.versions.until = Some(version);
        self
    }

    /// Required in every version that has it.
    pub const fn required(mut self) -> Prop {
        self.required = Required::Since(FlowVersion::V2_1);
        self
    }

    /// Required from `version` on.
    pub const fn required_since(mut self, version: FlowVersion) -> Prop {
        self.required = Required::Since(version);
        self
    }

    /// Only outside a Form.
    pub const fn outside_form(mut self) -> Prop {
        self.place = Where::OutsideForm;
        self
    }

    /// Whether the row applies to `version` in the given Form context.
    pub fn applies(&self, version: FlowVersion, in_form: bool) -> bool {
        self.versions.contains(version) && !(in_form && self.place == Where::OutsideForm)
    }

    /// Whether the property is required in `version`.
    pub fn is_required(&self, version: FlowVersion) -> bool {
        matches!(self.required, Required::Since(v) if version >= v)
    }
}

/// A cross-property constraint on an object.
#[derive(Debug, Clone, Copy)]
pub enum ObjRule {
    /// When `key` is present, `needs` must be too.
    Needs {
        /// The triggering key.
        key: &'static str,
        /// The key it depends on.
        needs: &'static str,
        /// The versions in which the rule holds.
        versions: Versions,
    },
    /// When `key` is present, none of `others` may be.
    Excludes {
        /// The key that excludes the others.
        key: &'static str,
        /// The keys it excludes.
        others: &'static [&'static str],
    },
    /// `key` may only be present when the boolean `flag` is `true`.
    OnlyWhenTrue {
        /// The conditional key.
        key: &'static str,
        /// The boolean property that allows it.
        flag: &'static str,
    },
}

/// A JSON object with a fixed set of keys.
#[derive(Debug, Clone, Copy)]
pub struct ObjSpec {
    /// How messages and schema titles name it.
    pub name: &'static str,
    /// Its properties.
    pub props: &'static [Prop],
    /// Cross-property constraints.
    pub rules: &'static [ObjRule],
}

impl ObjSpec {
    /// The rows of `key`, for any version.
    pub fn rows(&self, key: &str) -> impl Iterator<Item = &'static Prop> + use<> {
        let props: &'static [Prop] = self.props;
        let key = key.to_owned();
        props.iter().filter(move |p| p.name == key)
    }
}

/// Where a component sits, which decides which components are allowed there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// `layout.children` of a screen.
    Layout,
    /// `children` of a Form.
    Form,
    /// `then` / `else` of an If.
    If,
    /// A case of a Switch.
    Switch,
}

impl Slot {
    /// Every slot, in schema order.
    pub const ALL: [Slot; 4] = [Slot::Layout, Slot::Form, Slot::If, Slot::Switch];

    /// Words for messages: "at the top level of a layout", "inside a Form", ….
    pub fn phrase(self) -> &'static str {
        match self {
            Slot::Layout => "directly in a screen's layout",
            Slot::Form => "inside a Form",
            Slot::If => "inside an If",
            Slot::Switch => "inside a Switch case",
        }
    }

    /// Short name used in `$defs` keys.
    pub fn key(self) -> &'static str {
        match self {
            Slot::Layout => "layout",
            Slot::Form => "form",
            Slot::If => "if",
            Slot::Switch => "switch",
        }
    }
}

/// A slot a component may occupy, and since which version.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// The slot.
    pub slot: Slot,
    /// The versions in which the component may sit there.
    pub versions: Versions,
}

/// A place from every version that has the component.
pub const fn at(slot: Slot) -> Place {
    Place {
        slot,
        versions: Versions::ALL,
    }
}

/// A place from `version` on.
pub const fn at_since(slot: Slot, version: FlowVersion) -> Place {
    Place {
        slot,
        versions: Versions::since(version),
    }
}

/// A component type.
#[derive(Debug, Clone, Copy)]
pub struct Component {
    /// Its `type` value.
    pub name: &'static str,
    /// One sentence for editors.
    pub summary: &'static str,
    /// The versions that have it.
    pub versions: Versions,
    /// Where it may sit.
    pub places: &'static [Place],
    /// Its properties (besides `type`).
    pub spec: ObjSpec,
}

impl Component {
    /// Whether the component may sit in `slot` in `version`.
    pub fn allowed_in(&self, slot: Slot, version: FlowVersion) -> bool {
        self.versions.contains(version)
            && self
                .places
                .iter()
                .any(|p| p.slot == slot && p.versions.contains(version))
    }

    /// Whether the component needs a separate schema inside a Form in `version`: it has
    /// outside-Form-only properties, or children whose allowed set depends on the Form.
    pub fn has_form_variant(&self, version: FlowVersion) -> bool {
        self.spec.props.iter().any(|p| {
            p.versions.contains(version)
                && (p.place == Where::OutsideForm
                    || matches!(p.ty, Ty::Children { .. } | Ty::Cases))
        })
    }
}

/// The actions Flow JSON knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionName {
    /// Go to another screen.
    Navigate,
    /// Send data to the endpoint.
    DataExchange,
    /// Finish the flow.
    Complete,
    /// Change the current screen's data.
    UpdateData,
    /// Open a web page.
    OpenUrl,
}

impl ActionName {
    /// The `name` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionName::Navigate => "navigate",
            ActionName::DataExchange => "data_exchange",
            ActionName::Complete => "complete",
            ActionName::UpdateData => "update_data",
            ActionName::OpenUrl => "open_url",
        }
    }

    /// First version with the action.
    pub fn since(self) -> FlowVersion {
        match self {
            ActionName::UpdateData | ActionName::OpenUrl => FlowVersion::V6_0,
            _ => FlowVersion::V2_1,
        }
    }
}

/// The two shapes of action objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// `on-click-action`: `name`, optional `payload`, `next` for navigate, `url` for open_url.
    Click,
    /// `on-select-action` / `on-unselect-action`: exactly `name` and `payload`.
    Select,
}

/// Whether an enum property takes a binding (or, from 6.0, a backtick expression) instead of
/// one of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bindable {
    /// Only one of the values.
    No,
    /// One of the values or a binding.
    Yes,
    /// A binding by Meta's reference, only one of the values by its Flow Builder: the schema
    /// accepts a binding and `bindings/static-enum` reports it.
    NotInBuilder,
}

/// What a property's value may be. "Dynamic" means a `${…}` binding string (or, from 6.0, a
/// backtick expression) is accepted instead of the literal.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// A string; non-blank from 6.0. May be dynamic.
    Text,
    /// A string of at least one character; non-blank from 5.1. May be dynamic.
    Label,
    /// Any string, blank or not (a screen `title`, whose non-blank rule is the Builder's). May
    /// be dynamic.
    AnyText,
    /// A component name: non-blank; from 6.0 it may not be a binding or expression.
    Name,
    /// A boolean, or dynamic.
    Bool,
    /// A literal boolean.
    LiteralBool,
    /// A number, or dynamic when `dynamic`.
    Number {
        /// Whole numbers only.
        integer: bool,
        /// Smallest allowed value.
        min: Option<i64>,
        /// Largest allowed value.
        max: Option<i64>,
        /// Whether a binding is accepted.
        dynamic: bool,
    },
    /// One of a list of strings, or dynamic as `dynamic` says.
    Enum {
        /// The allowed values.
        values: &'static [&'static str],
        /// Whether a binding is accepted.
        dynamic: Bindable,
    },
    /// A date string (format per version), or dynamic.
    Date,
    /// An array of date strings, or dynamic.
    Dates,
    /// An array of strings, or dynamic.
    Strings {
        /// Fewest items.
        min: Option<u64>,
        /// Most items.
        max: Option<u64>,
    },
    /// An array of values from a list, or dynamic when `dynamic`.
    EnumList {
        /// The allowed values.
        values: &'static [&'static str],
        /// Whether a binding is accepted instead of the array.
        dynamic: bool,
    },
    /// A string or an array of strings (text lines).
    TextOrLines,
    /// A `#RRGGBB` colour.
    Color,
    /// A base64 image or a binding.
    Image,
    /// An http(s) URL or a binding.
    Url,
    /// A binding and nothing else.
    Binding,
    /// An If condition: a string; from 6.0 also a boolean.
    Condition,
    /// A nested object with its own keys.
    Object(&'static ObjSpec),
    /// An object whose values are strings (any keys).
    StringMap,
    /// An array of nested objects, or dynamic.
    Items {
        /// The item object.
        item: &'static ObjSpec,
        /// Fewest items.
        min: Option<u64>,
        /// Most items.
        max: Option<u64>,
    },
    /// Any of the listed shapes (they must have distinct JSON types).
    Either(&'static [Ty]),
    /// An array of components for a slot.
    Children {
        /// The slot.
        slot: Slot,
        /// Fewest components.
        min: Option<u64>,
    },
    /// Switch cases: an object of component arrays.
    Cases,
    /// An action object.
    Action {
        /// Click or select shape.
        kind: ActionKind,
        /// Action names allowed (filtered by their own `since`).
        names: &'static [ActionName],
    },
    /// A free-form object (action payloads).
    Payload,
    /// An object or a binding (Form `init-values`, `error-messages`).
    FormValues,
    /// The target of a navigate action.
    Next,
    /// A screen id (pattern per version).
    ScreenId,
    /// The screens array.
    Screens,
    /// A screen's layout.
    Layout,
    /// A screen's data model.
    DataModel,
    /// The routing model.
    RoutingModel,
    /// `data_api_version` values per version.
    DataApiVersion,
    /// The `version` itself.
    Version,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects() -> Vec<&'static ObjSpec> {
        let mut out = vec![&ROOT, &SCREEN, &LAYOUT];
        let mut stack: Vec<&'static ObjSpec> = COMPONENTS.iter().map(|c| &c.spec).collect();
        while let Some(obj) = stack.pop() {
            out.push(obj);
            for p in obj.props {
                match p.ty {
                    Ty::Object(o) | Ty::Items { item: o, .. } => stack.push(o),
                    Ty::Either(options) => stack.extend(options.iter().filter_map(|t| match t {
                        Ty::Object(o) => Some(*o),
                        _ => None,
                    })),
                    _ => {}
                }
            }
        }
        out
    }

    #[test]
    fn rows_of_one_property_never_overlap() {
        for obj in objects() {
            for v in FlowVersion::ALL {
                for in_form in [false, true] {
                    let mut names: Vec<&str> = obj
                        .props
                        .iter()
                        .filter(|p| p.applies(v, in_form))
                        .map(|p| p.name)
                        .collect();
                    let count = names.len();
                    names.sort_unstable();
                    names.dedup();
                    assert_eq!(
                        count,
                        names.len(),
                        "{} has overlapping rows in {v}",
                        obj.name
                    );
                }
            }
        }
    }

    #[test]
    fn components_are_unique_and_placed() {
        let mut names: Vec<&str> = COMPONENTS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMPONENTS.len());
        for c in COMPONENTS {
            assert!(!c.places.is_empty(), "{} has no place", c.name);
            assert!(
                c.allowed_in(Slot::Layout, FlowVersion::LATEST)
                    || c.allowed_in(Slot::Form, FlowVersion::LATEST),
                "{} cannot be used anywhere in the latest version",
                c.name
            );
            assert!(c.spec.props.iter().all(|p| p.name != "type"));
        }
    }

    #[test]
    fn version_facts_from_the_delta_table() {
        let since = |name: &str| component(name).map(|c| c.versions.since);
        assert_eq!(since("If"), Some(FlowVersion::V4_0));
        assert_eq!(since("RichText"), Some(FlowVersion::V5_1));
        assert_eq!(since("CalendarPicker"), Some(FlowVersion::V6_1));
        assert_eq!(since("NavigationList"), Some(FlowVersion::V6_2));
        assert_eq!(since("ChipsSelector"), Some(FlowVersion::V6_3));
        assert_eq!(since("ImageCarousel"), Some(FlowVersion::V7_1));
        let text_input = component("TextInput").map(|c| c.spec);
        let first =
            |key: &str| text_input.and_then(|s| s.rows(key).map(|r| r.versions.since).min());
        assert_eq!(first("pattern"), Some(FlowVersion::V6_2));
        assert_eq!(first("label-variant"), Some(FlowVersion::V7_0));
        assert!(
            ROOT.rows("data_channel_uri")
                .all(|r| r.versions.until == Some(FlowVersion::V3_0))
        );
    }
}
