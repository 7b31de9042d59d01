//! The walk on small documents and on documents of any shape.

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

#[test]
fn routes_are_read_from_the_routing_model() {
    let doc = json!({
        "routing_model": {"A": ["B", 3, "C"], "B": ["B"], "C": "D"},
        "screens": [{"id": "A"}, {"id": "B"}, {"id": "C"}]
    });
    let ctx = Ctx::new(FlowVersion::V7_3, &doc);
    assert_eq!(ctx.routes_from("A").collect::<Vec<_>>(), ["B", "C"]);
    assert_eq!(ctx.routes_from("C").count(), 0);
    assert_eq!(ctx.routes_from("Z").count(), 0);
    assert!(!ctx.is_routed_into("A"));
    assert!(ctx.is_routed_into("B"));
    assert!(
        !ctx.is_routed_into("D"),
        "a route list that is not a list leads nowhere"
    );
    let doc = json!({"routing_model": {"B": ["B"]}});
    let ctx = Ctx::new(FlowVersion::V7_3, &doc);
    assert!(
        !ctx.is_routed_into("B"),
        "a self-route does not make a screen routed into"
    );
}
