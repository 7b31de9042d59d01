//! Dynamic values in component properties, screen titles and `If` conditions: `${data.x}`,
//! `${form.x}`, global `${screen.S.…}` references, backtick expressions (6.0+) and the legacy
//! condition grammar.
//!
//! Every string is classified and parsed exactly once, by the first rule of this file, which
//! reports for all of them (each finding stamped with its own rule). The other rules of the list
//! carry the documentation and the version range; their own check does nothing.

use std::collections::HashMap;

use serde_json::Value;

use crate::finding::{Anchor, Severity};
use crate::pointer;
use crate::version::FlowVersion;

use super::engine::{Report, Rule, RuleInfo, Sink};
use super::expr::{self, Dynamic, Reference, Scope, Ty};
use super::props::{self, DataPath, Want, one_screen};
use super::walker::{Ctx, Screen};

const UNDECLARED_DATA: usize = 0;
const UNKNOWN_FORM_FIELD: usize = 1;
const GLOBAL_UNKNOWN_SCREEN: usize = 2;
const GLOBAL_CURRENT_SCREEN: usize = 3;
const GLOBAL_UNKNOWN_FIELD: usize = 4;
const ARRAY_ITEM_PATH: usize = 5;
const TYPE_MISMATCH: usize = 6;
const SYNTAX: usize = 7;
const OPERAND_TYPE: usize = 8;
const CONDITION_SYNTAX: usize = 9;
const CONDITION_TYPE: usize = 10;
const INTERPOLATION: usize = 11;
const RICH_TEXT_DYNAMIC: usize = 12;
const ITEM_SCHEMA: usize = 13;
const KEY_CHARACTERS: usize = 14;

const DYNAMIC: RuleInfo = RuleInfo {
    code: "INVALID_SCREEN_DYNAMIC_DATA",
    ..RuleInfo::DEFAULT
};

/// The rules about dynamic values.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        info: RuleInfo {
            id: "bindings/undeclared-data",
            summary: "Every `${data.x}` (and `${data.x.y}`) used on a screen must be declared in that screen's `data`.",
            why: "The value comes from the screen's data model; Meta rejects a reference to a field it does not declare (\"Missing dynamic data '${data.x}' in the screen data model.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"name":{"type":"string","__example__":"Ann"}}"#,
                r#"{"type":"TextBody","text":"${data.nmae}"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"name":{"type":"string","__example__":"Ann"}}"#,
                r#"{"type":"TextBody","text":"${data.name}"},"#
            ),
            notes: "Checked in component properties, screen titles, `If` conditions and `Switch` values, also inside backtick expressions; action payloads are checked by the action rules. Nested names follow `properties`; an object field without `properties` is not looked into.",
            ..DYNAMIC
        },
        check: Some(analyze),
    },
    Rule {
        info: RuleInfo {
            id: "bindings/unknown-form-field",
            since: FlowVersion::V4_0,
            summary: "`${form.x}` must name an input component of the same screen (not a Form).",
            why: "A form reference reads the value the user entered in the component called `x`; Meta rejects a name no component on the screen has (\"Missing Form component ${form.x}\") and the name of a Form (\"Value of 'Form' component cannot be used in form binding.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"first_name","label":"Name"},{"type":"TextBody","text":"`'Hi ' ${form.firstname}`"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"type":"TextInput","name":"first_name","label":"Name"},{"type":"TextBody","text":"`'Hi ' ${form.first_name}`"},"#
            ),
            notes: "From 4.0, where form references in component properties appeared. Meta files this under INVALID_SCREEN_DYNAMIC_DATA in properties and INVALID_ON_CLICK_ACTION_PAYLOAD in payloads (checked by the action rules).",
            ..DYNAMIC
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "bindings/global-unknown-screen",
            since: FlowVersion::V4_0,
            summary: "A global reference `${screen.S.…}` must name an existing screen.",
            why: "Meta rejects a global reference to a screen that is not in the flow (\"… is invalid since screen 'S' is missing in the Flow JSON.\").",
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"city","label":"City"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${screen.START.form.city}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"city","label":"City"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${screen.A.form.city}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            notes: "Global references exist from Flow JSON 4.0.",
            ..DYNAMIC
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "bindings/global-current-screen",
            since: FlowVersion::V4_0,
            summary: "A global reference may not name the screen it is used on; use `${data.x}` / `${form.x}` there.",
            why: "Meta rejects `${screen.A.data.x}` on screen A (\"… is invalid since screen 'A' represents current screen. Convert expression to local referencing\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"name":{"type":"string","__example__":"Ann"}}"#,
                r#"{"type":"TextBody","text":"${screen.A.data.name}"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"name":{"type":"string","__example__":"Ann"}}"#,
                r#"{"type":"TextBody","text":"${data.name}"},"#
            ),
            ..DYNAMIC
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "bindings/global-unknown-field",
            code: "INVALID_SCREEN_DATA",
            since: FlowVersion::V4_0,
            summary: "A global reference must name a field declared in that screen's `data`, or an input component of that screen.",
            why: "Meta rejects a global reference to a field the other screen does not have (\"Global dynamic data '…' does not exist on screen 'S' but is used on screen 'T'.\").",
            fail_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"city","label":"City"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${screen.A.form.town}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            pass_example: r#"{"version":"7.3","screens":[{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"city","label":"City"},{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextBody","text":"${screen.A.form.city}"},{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#,
            notes: "Meta's builder uses INVALID_SCREEN_DATA for this message (its docs word it \"Global Dynamic data '(expression)' on screen S does not exist\").",
            ..DYNAMIC
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "bindings/array-item-path",
            since: FlowVersion::V4_0,
            summary: "A reference may not reach into the items of an array field (`${data.products.items.properties.title}`).",
            why: "An array is bound as a whole (for example to a `data-source`); Meta rejects paths into its item schema (\"… is invalid as 'items' is defined in an array schema in the data model.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"products":{"type":"array","items":{"type":"object","properties":{"title":{"type":"string"}}},"__example__":[]}}"#,
                r#"{"type":"TextBody","text":"${data.products.items.properties.title}"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"title":{"type":"string","__example__":"Shoes"}}"#,
                r#"{"type":"TextBody","text":"${data.title}"},"#
            ),
            ..DYNAMIC
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "bindings/type-mismatch",
            summary: "A bound value (a `${…}` reference or a backtick expression) must have the type the property takes: boolean for `visible`, string for `text`, array for `data-source`, number for `max-chars`, …",
            why: "Meta checks the declared type of the data field (or the input's value type) against the property (\"Expected '…' to be of type 'string'.\", \"The expression return type is 'string' which does not match the schema for the property.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"show":{"type":"string","__example__":"yes"}}"#,
                r#"{"type":"TextBody","text":"Hello","visible":"${data.show}"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"show":{"type":"boolean","__example__":true}}"#,
                r#"{"type":"TextBody","text":"Hello","visible":"${data.show}"},"#
            ),
            notes: "`integer` fields count as numbers. A TextInput with `input-type: number` gives a number, CheckboxGroup and ChipsSelector an array, OptIn a boolean, a CalendarPicker in range mode an object, other inputs a string. Item schemas of bound arrays are not checked yet.",
            ..DYNAMIC
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "expressions/syntax",
            code: "INVALID_PROPERTY_VALUE",
            summary: "A `${…}` reference and a backtick expression (6.0+) must be well-formed.",
            why: "Meta parses every dynamic value; a malformed one is rejected with the parser's message (\"Error while parsing dynamic expression …\"). waflow points at the offending character.",
            fail_example: one_screen!(
                "7.3",
                r#"{"a":{"type":"number","__example__":1},"b":{"type":"number","__example__":2}}"#,
                r#"{"type":"TextBody","text":"`'Total: ' (${data.a} + ${data.b}`"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"a":{"type":"number","__example__":1},"b":{"type":"number","__example__":2}}"#,
                r#"{"type":"TextBody","text":"`'Total: ' (${data.a} + ${data.b})`"},"#
            ),
            notes: "Expressions: single-quoted strings (a backtick inside is written \\`), numbers, true/false, references, parentheses, `! && || == != < <= > >= + - * / %`, and text joined by writing operands next to each other. `*` is not in Meta's operator list but is used by Meta's own examples. Meta's code for parse errors of nested expressions is not documented; INVALID_PROPERTY_VALUE is the code of the equivalent If-condition errors.",
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "expressions/operand-type",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V6_0,
            summary: "Operators in backtick expressions need operands of the right type: `==`/`!=` the same type, `< <= > >= + - * / %` numbers, `&& || !` booleans.",
            why: "Meta type-checks nested expressions and rejects the flow when an operator gets the wrong kind of value.",
            fail_example: one_screen!(
                "7.3",
                r#"{"name":{"type":"string","__example__":"Ann"}}"#,
                r#"{"type":"TextBody","text":"`'Name: ' + ${data.name}`"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"name":{"type":"string","__example__":"Ann"}}"#,
                r#"{"type":"TextBody","text":"`'Name: ' ${data.name}`"},"#
            ),
            notes: "Texts are joined by juxtaposition (`'a' ${data.b}`), not with `+`, which is for numbers. An operand whose type is unknown (an undeclared field, reported on its own) fits everywhere.",
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "if/condition-syntax",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V4_0,
            summary: "An `If` condition must be a well-formed expression with at least one dynamic operand, and no operator between two literals.",
            why: "Meta parses conditions and rejects empty ones, unbalanced parentheses, unclosed quotes, missing operators or operands, and conditions made only of literals (\"The only operand is a literal value.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"vip":{"type":"boolean","__example__":true}}"#,
                r#"{"type":"If","condition":"(${data.vip} && true","then":[{"type":"TextBody","text":"Welcome back"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"vip":{"type":"boolean","__example__":true}}"#,
                r#"{"type":"If","condition":"${data.vip}","then":[{"type":"TextBody","text":"Welcome back"}]},"#
            ),
            notes: "The legacy grammar (no backticks, no text concatenation) applies to every string condition; from 6.0 a condition may also be a boolean or a backtick expression.",
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "if/condition-type",
            code: "INVALID_PROPERTY_VALUE",
            since: FlowVersion::V4_0,
            summary: "An `If` condition must give a boolean, and its operators need operands of the right type.",
            why: "Meta rejects a condition that is not boolean (\"Expected single operand to be a boolean.\") or compares values of different types (\"Type mismatch in an equality operation …\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"age":{"type":"number","__example__":30}}"#,
                r#"{"type":"If","condition":"${data.age} == '18'","then":[{"type":"TextBody","text":"Adult"}]},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"age":{"type":"number","__example__":30}}"#,
                r#"{"type":"If","condition":"${data.age} >= 18","then":[{"type":"TextBody","text":"Adult"}]},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "bindings/interpolation",
            code: "WAFLOW_STRING_INTERPOLATION",
            severity: Severity::Warning,
            summary: "A string should be either literal text or one `${…}` reference, not text with `${…}` inside.",
            why: "Meta's docs call mixing static and dynamic text an error, while users report that the validator accepts it and the phone shows the `${…}` literally. Either way the value is not substituted.",
            fail_example: one_screen!(
                "7.3",
                r#"{"name":{"type":"string","__example__":"Ann"}}"#,
                r#"{"type":"TextBody","text":"Hello ${data.name}!"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"name":{"type":"string","__example__":"Ann"}}"#,
                r#"{"type":"TextBody","text":"`'Hello ' ${data.name} '!'`"},"#
            ),
            notes: "Beyond Meta's validator (a warning). From 6.0 use a backtick expression; before, put the whole text in the data model. RichText reports this as an error (text/rich-text-dynamic).",
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "text/rich-text-dynamic",
            code: "INVALID_TEXT_DYNAMIC_DATA",
            since: FlowVersion::V5_1,
            summary: "RichText `text` is static text or one whole `${…}` reference; array items must be static, and `${…}` may not be mixed into text.",
            why: "Meta rejects interpolation in RichText (\"String interpolation is not supported by RichText component.\") and bindings in its array items (\"Every item of the array … should be a static string.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"name":{"type":"string","__example__":"Ann"}}"#,
                r##"{"type":"RichText","text":["# Welcome","Hello ${data.name}"]},"##
            ),
            pass_example: one_screen!(
                "7.3",
                r##"{"body":{"type":"string","__example__":"# Welcome\nHello Ann"}}"##,
                r#"{"type":"RichText","text":"${data.body}"},"#
            ),
            ..RuleInfo::DEFAULT
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "bindings/item-schema",
            summary: "An array bound to `data-source`, `list-items` or `images` must declare the item properties the component needs: `id` and `title`, `id` and `main-content`, `src` and `alt-text`.",
            why: "Meta checks the item schema of a bound list (\"Data model schema is invalid for '${data.products}'. Missing schema for title.\").",
            fail_example: one_screen!(
                "7.3",
                r#"{"products":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}}},"__example__":[{"id":"1","name":"Shoes"}]}}"#,
                r#"{"type":"RadioButtonsGroup","name":"product","label":"Product","data-source":"${data.products}"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"products":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"title":{"type":"string"}}},"__example__":[{"id":"1","title":"Shoes"}]}}"#,
                r#"{"type":"RadioButtonsGroup","name":"product","label":"Product","data-source":"${data.products}"},"#
            ),
            notes: "Checked when `items` is an object; an array without `items` is a data-model error (data/array-items).",
            ..DYNAMIC
        },
        check: Some(props::reported_elsewhere),
    },
    Rule {
        info: RuleInfo {
            id: "bindings/key-characters",
            severity: Severity::Warning,
            summary: "Names used in references should avoid `-` (as well as spaces, backticks and quotes, which cannot be referenced at all).",
            why: "Meta's builder warns about such data keys (\"Invalid format of dynamic data '…' in the screen data model. Please avoid …\", naming the hyphen, the space, the backtick and the quote); in expressions a `-` also reads as a minus.",
            fail_example: one_screen!(
                "7.3",
                r#"{"first-name":{"type":"string","__example__":"Ann"}}"#,
                r#"{"type":"TextBody","text":"${data.first-name}"},"#
            ),
            pass_example: one_screen!(
                "7.3",
                r#"{"first_name":{"type":"string","__example__":"Ann"}}"#,
                r#"{"type":"TextBody","text":"${data.first_name}"},"#
            ),
            notes: "A warning: the builder message exists, but where Meta applies it is not confirmed. Reported once per reference.",
            ..DYNAMIC
        },
        check: Some(props::reported_elsewhere),
    },
];

/// One pass over every dynamic value of the flow, reporting for all rules of this file.
/// Whether [`Analyzer::value`] has nothing to say about `value` whatever the property: a
/// literal other than a string, or a string without binding or expression.
fn is_static(value: &Value, nested: bool) -> bool {
    match value {
        Value::String(s) => matches!(expr::classify(s, nested), Dynamic::Static),
        Value::Array(_) | Value::Object(_) => false,
        Value::Null | Value::Bool(_) | Value::Number(_) => true,
    }
}

fn analyze(ctx: &Ctx<'_>, sink: &mut Sink) {
    let mut a = Analyzer {
        ctx,
        sink,
        nested: ctx.version >= FlowVersion::V6_0,
    };
    for screen in &ctx.screens {
        if let Some(Value::String(title)) = screen.value.get("title") {
            let ptr = pointer::push(&screen.pointer, "title");
            a.string(screen, &ptr, title, Want::Str, "title", false);
        }
    }
    for c in &ctx.components {
        let screen = ctx.screen(c.screen);
        for (key, value) in c.value {
            match key.as_str() {
                "type" | "name" | "children" | "then" | "else" | "cases" | "on-click-action"
                | "on-select-action" | "on-unselect-action" => {}
                "condition" if c.kind == "If" => {
                    a.condition(screen, &pointer::push(&c.pointer, key), value);
                }
                "text" if c.kind == "RichText" => {
                    a.rich_text(screen, &pointer::push(&c.pointer, key), value);
                }
                // Literals and static strings have nothing to check: no pointer to build.
                _ if is_static(value, a.nested) => {}
                _ => {
                    let ptr = pointer::push(&c.pointer, key);
                    a.value(screen, &ptr, key, value, props::property_want(c.kind, key));
                }
            }
        }
    }
}

struct Analyzer<'c, 'a, 's, 'o> {
    ctx: &'c Ctx<'a>,
    sink: &'s mut Sink<'o>,
    nested: bool,
}

impl Analyzer<'_, '_, '_, '_> {
    /// Reports for rule `rule` of [`RULES`] when it applies to the flow's version.
    fn report(&mut self, rule: usize, ptr: &str, message: String) -> Option<Report<'_>> {
        props::report_as(self.ctx, self.sink, &RULES[rule].info, ptr, message)
    }

    fn report_in(
        &mut self,
        rule: usize,
        ptr: &str,
        span: std::ops::Range<usize>,
        message: String,
    ) -> Option<Report<'_>> {
        self.report(rule, ptr, message).map(|r| {
            r.anchor(Anchor::InString {
                start: span.start,
                end: span.end,
            })
        })
    }

    fn value(&mut self, screen: &Screen<'_>, ptr: &str, key: &str, value: &Value, want: Want) {
        match value {
            Value::String(s) => self.string(screen, ptr, s, want, key, false),
            Value::Array(items) => {
                let item_want = match key {
                    "text" | "unavailable-dates" | "include-days" | "allowed-mime-types"
                    | "tags" => Want::Str,
                    _ => Want::Any,
                };
                for (i, item) in items.iter().enumerate() {
                    self.value(screen, &pointer::push_index(ptr, i), key, item, item_want);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    if matches!(
                        k.as_str(),
                        "on-click-action" | "on-select-action" | "on-unselect-action"
                    ) {
                        continue;
                    }
                    let want = match key {
                        "init-values" => self
                            .ctx
                            .named(screen, k)
                            .map_or(Want::Any, props::init_value_want),
                        "error-messages" => Want::StrOrObject,
                        "required" => Want::Bool,
                        _ => props::nested_want(k),
                    };
                    self.value(screen, &pointer::push(ptr, k), k, v, want);
                }
            }
            _ => {}
        }
    }

    fn string(
        &mut self,
        screen: &Screen<'_>,
        ptr: &str,
        s: &str,
        want: Want,
        key: &str,
        rich: bool,
    ) {
        match expr::classify(s, self.nested) {
            Dynamic::Static => {}
            Dynamic::Binding(r) => {
                let ty = self.resolve(screen, ptr, s, &r);
                if ty == Ty::Array {
                    self.item_schema(screen, ptr, s, key, &r);
                }
                if !want.accepts(ty) {
                    let text = r.text(s).to_owned();
                    self.report(
                        TYPE_MISMATCH,
                        ptr,
                        format!(
                            "'{text}' is {}, but '{key}' takes {}",
                            ty.article(),
                            want.describe()
                        ),
                    )
                    .map(|r| {
                        r.help(format!(
                            "declare the field as {} or bind another one",
                            want.describe()
                        ))
                    });
                }
            }
            // A typed property only takes a well-formed binding: the schema layer reports it.
            Dynamic::BadBinding(_) | Dynamic::Interpolated(_) if want.is_typed() => {}
            Dynamic::BadBinding(e) => {
                self.report_in(SYNTAX, ptr, e.span, e.message);
            }
            Dynamic::Nested(Err(e)) => {
                self.report_in(
                    SYNTAX,
                    ptr,
                    e.span,
                    format!("in this expression: {}", e.message),
                );
            }
            Dynamic::Nested(Ok(parsed)) => {
                let Ok(ty) = self.type_check(screen, ptr, s, &parsed, OPERAND_TYPE) else {
                    return;
                };
                if !want.accepts(ty) {
                    self.report_in(
                        TYPE_MISMATCH,
                        ptr,
                        parsed.span(),
                        format!(
                            "the expression gives {}, but '{key}' takes {}",
                            ty.article(),
                            want.describe()
                        ),
                    );
                }
            }
            Dynamic::Interpolated(parts) => {
                let first = parts.first().cloned().unwrap_or(0..0);
                if rich {
                    self.report_in(
                        RICH_TEXT_DYNAMIC,
                        ptr,
                        first,
                        "RichText does not interpolate: this text mixes literal text with a ${…} reference".to_owned(),
                    )
                    .map(|r| r.help("use static text, or bind the whole text to one data field"));
                } else {
                    let help = if self.nested {
                        "write a backtick expression instead, e.g. `'Hello ' ${data.name}`"
                    } else {
                        "bind the whole text to one data field and build it in your endpoint or payload"
                    };
                    let n = parts.len();
                    self.report_in(
                        INTERPOLATION,
                        ptr,
                        first,
                        format!(
                            "this text mixes literal text with {n} ${{…}} reference{}; it is not substituted",
                            if n == 1 { "" } else { "s" }
                        ),
                    )
                    .map(|r| r.help(help));
                }
            }
        }
    }

    /// Checks that the items of an array bound to a list property declare what the list needs.
    fn item_schema(&mut self, screen: &Screen<'_>, ptr: &str, s: &str, key: &str, r: &Reference) {
        let required = props::required_item_properties(key);
        if required.is_empty() || r.scope != Scope::Data {
            return;
        }
        let data = match &r.screen {
            None => screen.data,
            Some((id, _)) => self.ctx.screen_by_id(id).and_then(|t| t.data),
        };
        let Some(items) = props::data_schema(data, &r.path)
            .and_then(|field| field.get("items"))
            .and_then(Value::as_object)
        else {
            return;
        };
        let declared = items.get("properties").and_then(Value::as_object);
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|k| !declared.is_some_and(|d| d.contains_key(*k)))
            .collect();
        if missing.is_empty() {
            return;
        }
        let text = r.text(s).to_owned();
        self.report(
            ITEM_SCHEMA,
            ptr,
            format!(
                "'{text}' is bound to '{key}', but its items declare no {}",
                missing.join(" and no ")
            ),
        )
        .map(|rep| {
            rep.help(format!(
                "declare {} under \"items\": {{\"properties\": …}} in the data model",
                required.join(" and ")
            ))
        });
    }

    fn rich_text(&mut self, screen: &Screen<'_>, ptr: &str, value: &Value) {
        match value {
            Value::String(s) => self.string(screen, ptr, s, Want::Str, "text", true),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let Some(s) = item.as_str() else { continue };
                    let Some(at) = s.find("${") else { continue };
                    let end = s[at..].find('}').map_or(s.len(), |k| at + k + 1);
                    self.report_in(
                        RICH_TEXT_DYNAMIC,
                        &pointer::push_index(ptr, i),
                        at..end,
                        "the items of a RichText text array must be static strings".to_owned(),
                    )
                    .map(|r| {
                        r.help("bind the whole `text` to one data field instead of an array item")
                    });
                }
            }
            _ => {}
        }
    }

    fn condition(&mut self, screen: &Screen<'_>, ptr: &str, value: &Value) {
        let Some(s) = value.as_str() else { return };
        let parsed = if self.nested && s.starts_with('`') {
            expr::parse_nested(s)
        } else {
            expr::parse_condition(s)
        };
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                self.report_in(
                    CONDITION_SYNTAX,
                    ptr,
                    e.span,
                    format!("invalid condition: {}", e.message),
                );
                return;
            }
        };
        let Ok(ty) = self.type_check(screen, ptr, s, &parsed, CONDITION_TYPE) else {
            return;
        };
        if !Want::Bool.accepts(ty) {
            self.report_in(
                CONDITION_TYPE,
                ptr,
                parsed.span(),
                format!(
                    "the condition gives {}; it must give a boolean",
                    ty.article()
                ),
            )
            .map(|r| r.help("compare the value, e.g. ${data.x} == 'yes', or bind a boolean"));
        }
    }

    /// Resolves every reference of `parsed` (reporting the unresolved ones), then types it.
    fn type_check(
        &mut self,
        screen: &Screen<'_>,
        ptr: &str,
        s: &str,
        parsed: &expr::Expr,
        rule: usize,
    ) -> Result<Ty, ()> {
        let mut types: HashMap<usize, Ty> = HashMap::new();
        let mut refs = Vec::new();
        parsed.for_each_ref(&mut |r| refs.push(r));
        for r in refs {
            let ty = self.resolve(screen, ptr, s, r);
            types.insert(r.span.start, ty);
        }
        expr::type_of(parsed, &mut |r| {
            types.get(&r.span.start).copied().unwrap_or(Ty::Unknown)
        })
        .map_err(|e| {
            self.report_in(rule, ptr, e.span, e.message);
        })
    }

    /// The type of a reference on `screen`, reporting why it cannot be resolved.
    fn resolve(&mut self, screen: &Screen<'_>, ptr: &str, s: &str, r: &Reference) -> Ty {
        let ctx = self.ctx;
        let text = r.text(s).to_owned();
        if let Some((name, span)) = r
            .path
            .iter()
            .zip(&r.path_spans)
            .find(|(name, _)| name.contains('-'))
        {
            self.report_in(
                KEY_CHARACTERS,
                ptr,
                span.clone(),
                format!(
                    "'{name}' in '{text}' contains '-', which Meta advises against in data keys"
                ),
            )
            .map(|rep| rep.help("rename the field with '_' instead of '-'"));
        }
        let (target, global) = match &r.screen {
            None => (screen, false),
            Some((id, id_span)) => {
                if ctx.version < FlowVersion::V4_0 {
                    return Ty::Unknown;
                }
                if Some(id.as_str()) == screen.id {
                    self.report_in(
                        GLOBAL_CURRENT_SCREEN,
                        ptr,
                        r.span.clone(),
                        format!("'{text}' refers to the screen it is used on"),
                    )
                    .map(|rep| {
                        rep.help(format!(
                            "write ${{{}.{}}}",
                            r.scope.as_str(),
                            r.path.join(".")
                        ))
                    });
                    return Ty::Unknown;
                }
                match ctx.screen_by_id(id) {
                    Some(t) => (t, true),
                    None => {
                        self.report_in(
                            GLOBAL_UNKNOWN_SCREEN,
                            ptr,
                            id_span.clone(),
                            format!("'{text}' refers to screen '{id}', which is not in the flow"),
                        );
                        return Ty::Unknown;
                    }
                }
            }
        };
        let target_label = target.label();
        match r.scope {
            Scope::Data => {
                match props::data_path(target.data, &r.path) {
                    DataPath::Found(ty) => ty,
                    DataPath::Missing(i) => {
                        let span = r.path_spans.get(i).cloned().unwrap_or(r.span.clone());
                        let field = r.path[..=i.min(r.path.len() - 1)].join(".");
                        if global {
                            self.report_in(
                            GLOBAL_UNKNOWN_FIELD,
                            ptr,
                            span,
                            format!("'{text}': screen '{target_label}' declares no data field '{field}'"),
                        );
                        } else {
                            self.report_in(
                            UNDECLARED_DATA,
                            ptr,
                            span,
                            format!("'{text}': the data model of screen '{target_label}' declares no field '{field}'"),
                        )
                        .map(|rep| rep.help(format!("declare '{field}' in the screen's \"data\", with a type and an __example__")));
                        }
                        Ty::Unknown
                    }
                    DataPath::IntoArray(i) => {
                        let span = r
                            .path_spans
                            .get(i)
                            .map_or(r.span.clone(), |sp| sp.start..r.span.end - 1);
                        let field = r.path[..i].join(".");
                        self.report_in(
                        ARRAY_ITEM_PATH,
                        ptr,
                        span,
                        format!("'{text}' reaches into the items of the array '{field}'"),
                    )
                    .map(|rep| rep.help("bind the whole array (e.g. to a data-source), or declare the value as its own field"));
                        Ty::Unknown
                    }
                }
            }
            Scope::Form => {
                if ctx.version < FlowVersion::V4_0 {
                    return Ty::Unknown;
                }
                let name = &r.path[0];
                let span = r.path_spans.first().cloned().unwrap_or(r.span.clone());
                match ctx.named(target, name) {
                    Some(c) if c.kind == "Form" => {
                        self.report_in(
                            if global {
                                GLOBAL_UNKNOWN_FIELD
                            } else {
                                UNKNOWN_FORM_FIELD
                            },
                            ptr,
                            span,
                            format!(
                                "'{text}' names the Form '{name}'; a Form has no value of its own"
                            ),
                        )
                        .map(|rep| rep.help("reference an input inside the Form by its name"));
                        Ty::Unknown
                    }
                    Some(c) if r.path.len() == 1 => props::form_value_ty(c),
                    Some(_) => Ty::Unknown,
                    None => {
                        let (rule, msg) = if global {
                            (
                                GLOBAL_UNKNOWN_FIELD,
                                format!(
                                    "'{text}': screen '{target_label}' has no component named '{name}'"
                                ),
                            )
                        } else {
                            (
                                UNKNOWN_FORM_FIELD,
                                format!(
                                    "'{text}': screen '{target_label}' has no component named '{name}'"
                                ),
                            )
                        };
                        self.report_in(rule, ptr, span, msg);
                        Ty::Unknown
                    }
                }
            }
        }
    }
}
