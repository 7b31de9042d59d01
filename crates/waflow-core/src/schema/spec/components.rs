//! The component table (spec §5): every component, where it may sit, and its properties.

use super::ActionKind::{Click, Select};
use super::ActionName::{Complete, DataExchange, Navigate, OpenUrl, UpdateData};
use super::Slot::{Form, If, Layout, Switch};
use super::{Bindable, Component, ObjRule, ObjSpec, Place, Prop, Ty, Versions, at, at_since, prop};
use crate::version::FlowVersion::{self, *};

const EVERYWHERE: &[Place] = &[at(Layout), at(Form), at(If), at(Switch)];
const INPUT: &[Place] = &[at_since(Layout, V4_0), at(Form), at(If), at(Switch)];
const LAYOUT_ONLY: &[Place] = &[at(Layout)];
const LAYOUT_OR_FORM: &[Place] = &[at(Layout), at(Form)];
const CONDITIONAL: &[Place] = &[at(Layout), at(Form), at(If)];
const CHIPS: &[Place] = &[
    at(Layout),
    at(Form),
    at_since(If, V7_1),
    at_since(Switch, V7_1),
];

const fn dynamic_number() -> Ty {
    Ty::Number {
        integer: false,
        min: None,
        max: None,
        dynamic: true,
    }
}

const fn integer(min: i64, max: i64) -> Ty {
    Ty::Number {
        integer: true,
        min: Some(min),
        max: Some(max),
        dynamic: false,
    }
}

const fn count(min: Option<i64>) -> Ty {
    Ty::Number {
        integer: false,
        min,
        max: None,
        dynamic: true,
    }
}

const fn literal(values: &'static [&'static str]) -> Ty {
    Ty::Enum {
        values,
        dynamic: Bindable::No,
    }
}

/// One of `values` or a binding, by Meta's reference; only one of `values` by its Flow
/// Builder (`bindings/static-enum`).
const fn literal_in_builder(values: &'static [&'static str]) -> Ty {
    Ty::Enum {
        values,
        dynamic: Bindable::NotInBuilder,
    }
}

const fn select(names: &'static [super::ActionName]) -> Ty {
    Ty::Action {
        kind: Select,
        names,
    }
}

const fn click(names: &'static [super::ActionName]) -> Ty {
    Ty::Action { kind: Click, names }
}

const VISIBLE: Prop = prop("visible", Ty::Bool);
const ENABLED: Prop = prop("enabled", Ty::Bool);
const REQUIRED: Prop = prop("required", Ty::Bool);
const NAME: Prop = prop("name", Ty::Name).required();
const LABEL: Prop = prop("label", Ty::Label).required();
const HELPER_TEXT: Prop = prop("helper-text", Ty::Text);
const INIT_TEXT: Prop = prop("init-value", Ty::Text).since(V4_0).outside_form();
const ERROR_TEXT: Prop = prop("error-message", Ty::Text).since(V4_0).outside_form();
const LABEL_VARIANT: Prop = prop("label-variant", literal(&["large"])).since(V7_0);
const MEDIA_SIZE: &[&str] = &["regular", "large"];
const FONT_WEIGHTS: &[&str] = &["bold", "italic", "bold_italic", "normal"];
const DAYS: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MIME_TYPES: &[&str] = &[
    "application/gzip",
    "application/msword",
    "application/pdf",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/x-7z-compressed",
    "application/zip",
    "image/avif",
    "image/gif",
    "image/heic",
    "image/heif",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/webp",
    "text/plain",
    "video/mp4",
    "video/mpeg",
];
const ON_UNSELECT: Prop = prop("on-unselect-action", select(&[UpdateData])).since(V6_0);
const CHOICE_ON_SELECT: Prop = prop("on-select-action", select(&[DataExchange, UpdateData]));

static DATA_SOURCE_ITEM: ObjSpec = ObjSpec {
    name: "data-source item",
    props: &[
        prop("id", Ty::Text).required(),
        prop("title", Ty::Text).required(),
        prop("description", Ty::Text),
        prop("metadata", Ty::Text),
        prop("enabled", Ty::LiteralBool).until(V5_0),
        prop("enabled", Ty::Bool).since(V5_0),
        prop("image", Ty::Image).since(V5_0),
        prop("alt-text", Ty::Text).since(V5_0),
        prop("color", Ty::Color).since(V5_0),
        prop("on-select-action", select(&[UpdateData])).since(V6_0),
        ON_UNSELECT,
    ],
    rules: &[],
};

const DATA_SOURCE: Prop = prop(
    "data-source",
    Ty::Items {
        item: &DATA_SOURCE_ITEM,
        min: Some(1),
        max: None,
    },
)
.required();

static CHIPS_ITEM: ObjSpec = ObjSpec {
    name: "data-source item",
    props: &[
        prop("id", Ty::Text).required(),
        prop("title", Ty::Text).required(),
        prop("enabled", Ty::Bool),
        prop("on-select-action", select(&[UpdateData])),
        prop("on-unselect-action", select(&[UpdateData])),
    ],
    rules: &[],
};

static RANGE_LABEL: ObjSpec = ObjSpec {
    name: "range label",
    props: &[
        prop("start-date", Ty::Label).required(),
        prop("end-date", Ty::Label).required(),
    ],
    rules: &[],
};

static RANGE_TEXT: ObjSpec = ObjSpec {
    name: "range text",
    props: &[prop("start-date", Ty::Text), prop("end-date", Ty::Text)],
    rules: &[],
};

static RANGE_BOOL: ObjSpec = ObjSpec {
    name: "range flag",
    props: &[prop("start-date", Ty::Bool), prop("end-date", Ty::Bool)],
    rules: &[],
};

static RANGE_DATES: ObjSpec = ObjSpec {
    name: "date range",
    props: &[prop("start-date", Ty::Date), prop("end-date", Ty::Date)],
    rules: &[],
};

static CAROUSEL_IMAGE: ObjSpec = ObjSpec {
    name: "carousel image",
    props: &[
        prop("src", Ty::Image).required(),
        prop("alt-text", Ty::Text).required(),
    ],
    rules: &[],
};

static NAV_MAIN: ObjSpec = ObjSpec {
    name: "main-content",
    props: &[
        prop("title", Ty::Text).required(),
        prop("description", Ty::Text),
        prop("metadata", Ty::Text),
    ],
    rules: &[],
};

static NAV_START: ObjSpec = ObjSpec {
    name: "start",
    props: &[
        prop("image", Ty::Image).required(),
        prop("alt-text", Ty::Text),
    ],
    rules: &[],
};

static NAV_END: ObjSpec = ObjSpec {
    name: "end",
    props: &[
        prop("title", Ty::Text),
        prop("description", Ty::Text),
        prop("metadata", Ty::Text),
    ],
    rules: &[],
};

static NAV_ITEM: ObjSpec = ObjSpec {
    name: "list item",
    props: &[
        prop("id", Ty::Text).required(),
        prop("main-content", Ty::Object(&NAV_MAIN)).required(),
        prop("start", Ty::Object(&NAV_START)),
        prop("end", Ty::Object(&NAV_END)),
        prop("badge", Ty::Text),
        prop(
            "tags",
            Ty::Strings {
                min: Some(1),
                max: Some(3),
            },
        ),
        prop("enabled", Ty::LiteralBool),
        prop("on-click-action", click(&[Navigate, DataExchange])),
    ],
    rules: &[],
};

const fn def(
    name: &'static str,
    since: FlowVersion,
    places: &'static [Place],
    summary: &'static str,
    props: &'static [Prop],
    rules: &'static [ObjRule],
) -> Component {
    Component {
        name,
        summary,
        versions: Versions::since(since),
        places,
        spec: ObjSpec { name, props, rules },
    }
}

/// Every component of every version, in the order the schemas list them.
pub static COMPONENTS: &[Component] = &[
    def(
        "TextHeading",
        V2_1,
        EVERYWHERE,
        "A top-level heading.",
        &[prop("text", Ty::Label).required(), VISIBLE],
        &[],
    ),
    def(
        "TextSubheading",
        V2_1,
        EVERYWHERE,
        "A subheading.",
        &[prop("text", Ty::Label).required(), VISIBLE],
        &[],
    ),
    def(
        "TextBody",
        V2_1,
        EVERYWHERE,
        "A paragraph of body text.",
        &[
            prop("text", Ty::Label).required().until(V5_1),
            prop("text", Ty::TextOrLines).required().since(V5_1),
            prop(
                "font-weight",
                Ty::Enum {
                    values: FONT_WEIGHTS,
                    dynamic: Bindable::Yes,
                },
            ),
            prop("strikethrough", Ty::Bool),
            prop("markdown", Ty::LiteralBool).since(V5_1),
            VISIBLE,
        ],
        &[],
    ),
    def(
        "TextCaption",
        V2_1,
        EVERYWHERE,
        "Small caption text.",
        &[
            prop("text", Ty::Label).required().until(V5_1),
            prop("text", Ty::TextOrLines).required().since(V5_1),
            prop(
                "font-weight",
                Ty::Enum {
                    values: FONT_WEIGHTS,
                    dynamic: Bindable::Yes,
                },
            ),
            prop("strikethrough", Ty::Bool),
            prop("markdown", Ty::LiteralBool).since(V5_1),
            VISIBLE,
        ],
        &[],
    ),
    def(
        "RichText",
        V5_1,
        LAYOUT_ONLY,
        "Markdown text (headings, lists, links, tables); it must be alone on its screen (from 6.3 a Footer may join it).",
        &[prop("text", Ty::TextOrLines).required(), VISIBLE],
        &[],
    ),
    def(
        "TextInput",
        V2_1,
        INPUT,
        "A single-line text field.",
        &[
            NAME,
            LABEL,
            prop(
                "input-type",
                literal(&["text", "number", "email", "password", "passcode", "phone"]),
            ),
            REQUIRED,
            prop("min-chars", dynamic_number()),
            prop("max-chars", dynamic_number()),
            HELPER_TEXT,
            ENABLED,
            VISIBLE,
            INIT_TEXT,
            ERROR_TEXT,
            prop("pattern", Ty::Text).since(V6_2),
            LABEL_VARIANT,
        ],
        &[ObjRule::Needs {
            key: "pattern",
            needs: "helper-text",
            versions: Versions::since(V6_2),
        }],
    ),
    def(
        "TextArea",
        V2_1,
        INPUT,
        "A multi-line text field.",
        &[
            NAME,
            LABEL,
            REQUIRED,
            prop(
                "max-length",
                Ty::Number {
                    integer: true,
                    min: None,
                    max: None,
                    dynamic: true,
                },
            ),
            HELPER_TEXT,
            ENABLED,
            VISIBLE,
            INIT_TEXT,
            ERROR_TEXT,
            LABEL_VARIANT,
        ],
        &[],
    ),
    def(
        "CheckboxGroup",
        V2_1,
        INPUT,
        "Pick several options from a list.",
        &[
            NAME,
            DATA_SOURCE,
            // Required from 4.0 by the reference alone: components/choice-group-label.
            prop("label", Ty::Label),
            prop("description", Ty::Text).since(V4_0),
            prop("min-selected-items", count(Some(0))),
            // At least 2 from 5.1 is the Builder's alone: components/checkbox-max-selected.
            prop("max-selected-items", count(None)),
            REQUIRED,
            ENABLED,
            VISIBLE,
            prop("media-size", literal_in_builder(MEDIA_SIZE)).since(V5_0),
            CHOICE_ON_SELECT,
            ON_UNSELECT,
            prop(
                "init-value",
                Ty::Strings {
                    min: None,
                    max: None,
                },
            )
            .since(V4_0)
            .outside_form(),
            ERROR_TEXT,
        ],
        &[],
    ),
    def(
        "RadioButtonsGroup",
        V2_1,
        INPUT,
        "Pick one option from a list.",
        &[
            NAME,
            DATA_SOURCE,
            // Required from 4.0 by the reference alone: components/choice-group-label.
            prop("label", Ty::Label),
            prop("description", Ty::Text).since(V4_0),
            REQUIRED,
            ENABLED,
            VISIBLE,
            prop("media-size", literal_in_builder(MEDIA_SIZE)).since(V5_0),
            CHOICE_ON_SELECT,
            ON_UNSELECT,
            INIT_TEXT,
            ERROR_TEXT,
        ],
        &[],
    ),
    def(
        "Dropdown",
        V2_1,
        INPUT,
        "Pick one option from a drop-down list.",
        &[
            NAME,
            LABEL,
            DATA_SOURCE,
            REQUIRED,
            ENABLED,
            VISIBLE,
            CHOICE_ON_SELECT,
            ON_UNSELECT,
            INIT_TEXT,
            ERROR_TEXT,
        ],
        &[],
    ),
    def(
        "ChipsSelector",
        V6_3,
        CHIPS,
        "Pick options shown as chips.",
        &[
            NAME,
            LABEL,
            prop(
                "data-source",
                Ty::Items {
                    item: &CHIPS_ITEM,
                    min: Some(1),
                    max: None,
                },
            )
            .required(),
            prop("description", Ty::Text),
            prop("min-selected-items", count(Some(0))),
            prop("max-selected-items", count(Some(1))),
            REQUIRED,
            ENABLED,
            VISIBLE,
            prop(
                "init-value",
                Ty::Strings {
                    min: None,
                    max: None,
                },
            )
            .outside_form(),
            prop("error-message", Ty::Text).outside_form(),
            prop("on-select-action", select(&[DataExchange, UpdateData])).since(V7_1),
            prop("on-unselect-action", select(&[UpdateData])).since(V7_1),
        ],
        &[],
    ),
    def(
        "Footer",
        V2_1,
        EVERYWHERE,
        "The button at the bottom of a screen.",
        &[
            LABEL,
            prop(
                "on-click-action",
                click(&[Navigate, DataExchange, Complete]),
            )
            .required(),
            prop("left-caption", Ty::Text),
            prop("center-caption", Ty::Text),
            prop("right-caption", Ty::Text),
            ENABLED,
        ],
        &[
            ObjRule::Needs {
                key: "left-caption",
                needs: "right-caption",
                versions: Versions::ALL,
            },
            ObjRule::Needs {
                key: "right-caption",
                needs: "left-caption",
                versions: Versions::ALL,
            },
            ObjRule::Excludes {
                key: "center-caption",
                others: &["left-caption", "right-caption"],
            },
        ],
    ),
    def(
        "OptIn",
        V2_1,
        INPUT,
        "A checkbox for consent, with an optional \"Read more\" link.",
        &[
            NAME,
            LABEL,
            REQUIRED,
            VISIBLE,
            prop("on-click-action", click(&[DataExchange, Navigate, OpenUrl])),
            prop("on-select-action", select(&[UpdateData])).since(V6_0),
            ON_UNSELECT,
            prop("init-value", Ty::Bool).since(V4_0).outside_form(),
        ],
        &[],
    ),
    def(
        "EmbeddedLink",
        V2_1,
        EVERYWHERE,
        "A text link that runs an action.",
        &[
            prop("text", Ty::Label).required(),
            prop("on-click-action", click(&[DataExchange, Navigate, OpenUrl])).required(),
            VISIBLE,
        ],
        &[],
    ),
    def(
        "DatePicker",
        V2_1,
        INPUT,
        "A date field.",
        &[
            NAME,
            LABEL,
            prop("min-date", Ty::Date),
            prop("max-date", Ty::Date),
            prop("unavailable-dates", Ty::Dates),
            HELPER_TEXT,
            REQUIRED,
            ENABLED,
            VISIBLE,
            prop("on-select-action", select(&[DataExchange])),
            INIT_TEXT,
            ERROR_TEXT,
        ],
        &[],
    ),
    def(
        "CalendarPicker",
        V6_1,
        INPUT,
        "A full-screen calendar for one date or a date range.",
        &[
            NAME,
            prop("label", Ty::Either(&[Ty::Label, Ty::Object(&RANGE_LABEL)])).required(),
            prop(
                "mode",
                Ty::Enum {
                    values: &["single", "range"],
                    dynamic: Bindable::Yes,
                },
            ),
            prop("title", Ty::Text),
            prop("description", Ty::Text),
            prop(
                "helper-text",
                Ty::Either(&[Ty::Text, Ty::Object(&RANGE_TEXT)]),
            ),
            prop("required", Ty::Either(&[Ty::Bool, Ty::Object(&RANGE_BOOL)])),
            ENABLED,
            VISIBLE,
            prop("min-date", Ty::Date),
            prop("max-date", Ty::Date),
            prop("unavailable-dates", Ty::Dates),
            prop(
                "include-days",
                Ty::EnumList {
                    values: DAYS,
                    dynamic: true,
                },
            ),
            prop(
                "min-days",
                Ty::Number {
                    integer: true,
                    min: None,
                    max: None,
                    dynamic: true,
                },
            ),
            prop(
                "max-days",
                Ty::Number {
                    integer: true,
                    min: None,
                    max: None,
                    dynamic: true,
                },
            ),
            prop("on-select-action", select(&[DataExchange])),
            prop(
                "init-value",
                Ty::Either(&[Ty::Date, Ty::Object(&RANGE_DATES)]),
            )
            .outside_form(),
            prop(
                "error-message",
                Ty::Either(&[Ty::Text, Ty::Object(&RANGE_TEXT)]),
            )
            .outside_form(),
        ],
        &[],
    ),
    def(
        "Image",
        V2_1,
        EVERYWHERE,
        "An image given as base64 data.",
        &[
            prop("src", Ty::Image).required(),
            prop("width", dynamic_number()),
            prop("height", dynamic_number()),
            prop("aspect-ratio", dynamic_number()),
            prop("scale-type", literal(&["cover", "contain"])),
            prop("alt-text", Ty::Text),
            VISIBLE,
        ],
        &[],
    ),
    def(
        "ImageCarousel",
        V7_1,
        LAYOUT_OR_FORM,
        "Up to three images the user can swipe through.",
        &[
            prop(
                "images",
                Ty::Items {
                    item: &CAROUSEL_IMAGE,
                    min: Some(1),
                    max: Some(3),
                },
            )
            .required(),
            prop("aspect-ratio", literal(&["4:3", "16:9"])),
            prop("scale-type", literal(&["contain", "cover"])),
            VISIBLE,
        ],
        &[],
    ),
    def(
        "PhotoPicker",
        V4_0,
        INPUT,
        "Lets the user take or choose photos to upload.",
        &[
            NAME,
            LABEL,
            prop("description", Ty::Text),
            prop(
                "photo-source",
                literal(&["camera_gallery", "camera", "gallery"]),
            ),
            prop("max-file-size-kb", integer(1, 25600)),
            prop("min-uploaded-photos", integer(0, 30)),
            prop("max-uploaded-photos", integer(1, 30)),
            ENABLED,
            VISIBLE,
            prop("error-message", Ty::Either(&[Ty::Text, Ty::StringMap])).outside_form(),
        ],
        &[],
    ),
    def(
        "DocumentPicker",
        V4_0,
        INPUT,
        "Lets the user choose documents to upload.",
        &[
            NAME,
            LABEL,
            prop("description", Ty::Text),
            prop("max-file-size-kb", integer(1, 25600)),
            prop("min-uploaded-documents", integer(0, 30)),
            prop("max-uploaded-documents", integer(1, 30)),
            prop(
                "allowed-mime-types",
                Ty::EnumList {
                    values: MIME_TYPES,
                    dynamic: false,
                },
            ),
            ENABLED,
            VISIBLE,
            prop("error-message", Ty::Either(&[Ty::Text, Ty::StringMap])).outside_form(),
        ],
        &[],
    ),
    def(
        "NavigationList",
        V6_2,
        LAYOUT_OR_FORM,
        "A list of rich items, each leading somewhere; only NavigationLists may share its screen.",
        &[
            NAME,
            prop(
                "list-items",
                Ty::Items {
                    item: &NAV_ITEM,
                    min: Some(1),
                    max: None,
                },
            )
            .required(),
            prop("label", Ty::Text),
            prop("description", Ty::Text),
            prop("media-size", literal_in_builder(MEDIA_SIZE)),
            prop("on-click-action", click(&[Navigate, DataExchange])),
        ],
        &[],
    ),
    def(
        "Form",
        V2_1,
        LAYOUT_ONLY,
        "Groups input components; before 4.0 every input must be inside one.",
        &[
            NAME,
            prop(
                "children",
                Ty::Children {
                    slot: Form,
                    min: None,
                },
            )
            .required(),
            prop("init-values", Ty::FormValues),
            prop("error-messages", Ty::FormValues),
        ],
        &[],
    ),
    def(
        "If",
        V4_0,
        CONDITIONAL,
        "Shows `then` or `else` depending on a condition.",
        &[
            prop("condition", Ty::Condition).required(),
            prop(
                "then",
                Ty::Children {
                    slot: If,
                    min: Some(1),
                },
            )
            .required(),
            prop(
                "else",
                Ty::Children {
                    slot: If,
                    min: None,
                },
            ),
        ],
        &[],
    ),
    def(
        "Switch",
        V4_0,
        CONDITIONAL,
        "Shows the components of the case that matches a value.",
        &[
            prop("value", Ty::Binding).required(),
            prop("cases", Ty::Cases).required(),
        ],
        &[],
    ),
];

/// The component named `name`, in any version.
pub fn component(name: &str) -> Option<&'static Component> {
    COMPONENTS.iter().find(|c| c.name == name)
}
