//! The top level, screens and the layout.

use super::{Bindable, ObjRule, ObjSpec, Prop, Slot, Ty, prop};
use crate::version::FlowVersion::*;

/// The top-level object of a flow.
pub static ROOT: ObjSpec = ObjSpec {
    name: "the top level",
    props: &[
        prop("version", Ty::Version).required(),
        prop("data_api_version", Ty::DataApiVersion),
        prop("routing_model", Ty::RoutingModel),
        prop("data_channel_uri", Ty::Url).until(V3_0),
        prop("screens", Ty::Screens).required(),
        // Refused by the Builder only: toplevel/meta.
        prop("meta", Ty::Payload),
    ],
    rules: &[],
};

/// A screen.
pub static SCREEN: ObjSpec = ObjSpec {
    name: "screen",
    props: &[
        prop("id", Ty::ScreenId).required(),
        prop("title", Ty::AnyText),
        prop("terminal", Ty::LiteralBool),
        prop("success", Ty::LiteralBool).since(V3_1),
        prop("refresh_on_back", Ty::LiteralBool),
        prop("data", Ty::DataModel),
        prop(
            "sensitive",
            Ty::Strings {
                min: Some(1),
                max: None,
            },
        )
        .since(V5_1),
        prop("layout", Ty::Layout).required(),
    ],
    rules: &[ObjRule::OnlyWhenTrue {
        key: "success",
        flag: "terminal",
    }],
};

const LAYOUT_PROPS: &[Prop] = &[
    prop(
        "type",
        Ty::Enum {
            values: &["SingleColumnLayout"],
            dynamic: Bindable::No,
        },
    )
    .required(),
    prop(
        "children",
        Ty::Children {
            slot: Slot::Layout,
            min: None,
        },
    )
    .required(),
];

/// A screen's layout.
pub static LAYOUT: ObjSpec = ObjSpec {
    name: "layout",
    props: LAYOUT_PROPS,
    rules: &[],
};
