//! Bindings, expressions and conditions through the whole check: positions inside strings
//! (through JSON escapes), version gates, and one finding per problem (no cascades).

#[path = "support/findings.rs"]
mod support;

/// The rule groups of the dynamic-value rules.
const GROUPS: &[&str] = &["bindings/", "expressions/", "if/", "text/"];

/// Checks `json` and renders the findings of these rule groups.
fn findings(json: &str) -> String {
    support::findings(json, GROUPS)
}

/// A one-screen flow: version, data model, components (JSON text ending with a comma).
fn flow(version: &str, data: &str, children: &str) -> String {
    format!(
        r#"{{"version":"{version}","screens":[{{"id":"A","title":"A","terminal":true,"data":{data},"layout":{{"type":"SingleColumnLayout","children":[{children}{{"type":"Footer","label":"Done","on-click-action":{{"name":"complete","payload":{{}}}}}}]}}}}]}}"#
    )
}

#[test]
fn positions_follow_json_escapes() {
    // The decoded text is `é "x" ` + backtick expression; the bad name sits after escapes.
    let json = flow(
        "7.3",
        r#"{"name":{"type":"string","__example__":"Ann"}}"#,
        r#"{"type":"TextBody","text":"`'\u00e9 \"x\" ' ${data.nmae}`"},"#,
    );
    insta::assert_snapshot!(findings(&json), @r#"1:222 error bindings/undeclared-data [INVALID_SCREEN_DYNAMIC_DATA] '${data.nmae}': the data model of screen 'A' declares no field 'nmae' @ /screens/0/layout/children/0/text «nmae»"#);
    // A surrogate pair and a newline escape before the reference.
    let json = flow(
        "7.3",
        r#"{"name":{"type":"string","__example__":"Ann"}}"#,
        r#"{"type":"TextBody","text":"`'\ud83d\ude00\n' ${data.nom}`"},"#,
    );
    insta::assert_snapshot!(findings(&json), @"1:223 error bindings/undeclared-data [INVALID_SCREEN_DYNAMIC_DATA] '${data.nom}': the data model of screen 'A' declares no field 'nom' @ /screens/0/layout/children/0/text «nom»");
}

#[test]
fn nested_data_paths() {
    let data = r#"{"user":{"type":"object","properties":{"name":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}}},"__example__":{"name":"Ann","tags":[]}},"free":{"type":"object","__example__":{}}}"#;
    let json = flow(
        "7.3",
        data,
        r#"{"type":"TextBody","text":"${data.user.name}"},{"type":"TextBody","text":"${data.user.nmae}"},{"type":"TextBody","text":"${data.free.anything}"},{"type":"TextBody","text":"${data.user.tags.items}"},{"type":"TextBody","text":"${data.user}"},"#,
    );
    insta::assert_snapshot!(findings(&json));
}

#[test]
fn global_references() {
    let json = r#"{"version":"7.3","screens":[
{"id":"A","title":"A","data":{"price":{"type":"number","__example__":1},"items":{"type":"array","items":{"type":"object","properties":{"t":{"type":"string"}}},"__example__":[]}},"layout":{"type":"SingleColumnLayout","children":[
 {"type":"Form","name":"form","children":[{"type":"TextInput","name":"city","label":"City"}]},
 {"type":"TextBody","text":"${screen.A.form.city}"},
 {"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},
{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[
 {"type":"TextBody","text":"${screen.A.form.city}"},
 {"type":"TextBody","text":"${screen.A.form.town}"},
 {"type":"TextBody","text":"${screen.A.form.form}"},
 {"type":"TextBody","text":"${screen.A.data.cost}"},
 {"type":"TextBody","text":"${screen.A.data.items.items.t}"},
 {"type":"TextBody","text":"${screen.NOPE.data.price}"},
 {"type":"TextBody","text":"${screen.A.data.price}"},
 {"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#;
    insta::assert_snapshot!(findings(json));
}

#[test]
fn version_gates() {
    // 3.1: form and global references are not checked in properties, backticks are plain text.
    let old = flow(
        "3.1",
        "{}",
        r#"{"type":"TextBody","text":"${form.x}"},{"type":"TextBody","text":"${screen.B.data.y}"},{"type":"TextBody","text":"`${data.z} +`"},"#,
    );
    insta::assert_snapshot!(findings(&old), @"1:242 warning bindings/interpolation [WAFLOW_STRING_INTERPOLATION] this text mixes literal text with 1 ${…} reference; it is not substituted @ /screens/0/layout/children/2/text «${data.z}»");
    // 5.1: a backtick expression is not parsed either.
    let v51 = flow(
        "5.1",
        r#"{"z":{"type":"number","__example__":1}}"#,
        r#"{"type":"TextBody","text":"`'a' + ${data.z}`"},"#,
    );
    insta::assert_snapshot!(findings(&v51), @"1:198 warning bindings/interpolation [WAFLOW_STRING_INTERPOLATION] this text mixes literal text with 1 ${…} reference; it is not substituted @ /screens/0/layout/children/0/text «${data.z}»");
}

#[test]
fn types_of_bound_properties() {
    let data = r#"{"s":{"type":"string","__example__":"x"},"n":{"type":"integer","__example__":1},"b":{"type":"boolean","__example__":true},"a":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"title":{"type":"string"}}},"__example__":[]}}"#;
    let json = flow(
        "7.3",
        data,
        r#"{"type":"TextInput","name":"age","label":"Age","input-type":"number","max-chars":"${data.n}","required":"${data.b}"},
{"type":"TextInput","name":"nick","label":"Nick","max-chars":"${data.s}","visible":"`${form.age} > 17`"},
{"type":"CheckboxGroup","name":"pick","label":"Pick","data-source":"${data.s}","visible":"${form.pick}"},
{"type":"RadioButtonsGroup","name":"one","label":"One","data-source":"${data.a}"},
{"type":"TextBody","text":"${data.n}"},
{"type":"TextBody","text":"`'Age: ' ${form.age}`","visible":"`${data.s}`"},"#,
    );
    insta::assert_snapshot!(findings(&json));
}

#[test]
fn conditions() {
    let data = r#"{"s":{"type":"string","__example__":"x"},"n":{"type":"number","__example__":1},"b":{"type":"boolean","__example__":true}}"#;
    let json = flow(
        "7.3",
        data,
        r#"{"type":"If","condition":"${data.b} && ${data.n} >= 18","then":[{"type":"TextBody","text":"ok"}]},
{"type":"If","condition":true,"then":[{"type":"TextBody","text":"literal boolean (6.0+)"}]},
{"type":"If","condition":"`${data.s} == 'x'`","then":[{"type":"TextBody","text":"backticks (6.0+)"}]},
{"type":"If","condition":"${data.s}","then":[{"type":"TextBody","text":"not boolean"}]},
{"type":"If","condition":"${data.nope} == 1","then":[{"type":"TextBody","text":"undeclared, no type error"}]},
{"type":"If","condition":"${data.s} 'x'","then":[{"type":"TextBody","text":"no concatenation"}]},
{"type":"If","condition":"1 < 2","then":[{"type":"TextBody","text":"literals only"}]},
{"type":"If","condition":"!${data.n}","then":[{"type":"TextBody","text":"not a number"}]},"#,
    );
    insta::assert_snapshot!(findings(&json));
}

#[test]
fn expressions_report_once() {
    let data = r#"{"s":{"type":"string","__example__":"x"},"n":{"type":"number","__example__":1}}"#;
    let json = flow(
        "7.3",
        data,
        r#"{"type":"TextBody","text":"`${data.nope} + ${data.n}`"},
{"type":"TextBody","text":"`${data.s} - 1 + ${data.gone}`"},
{"type":"TextBody","text":"`(${data.n} + 1`"},
{"type":"TextBody","text":"`${data.n} * 2 ' items'`"},"#,
    );
    insta::assert_snapshot!(findings(&json));
}

#[test]
fn rich_text_and_text_arrays() {
    let data = r##"{"n1":{"type":"number","__example__":1},"body":{"type":"string","__example__":"# Hi"}}"##;
    let ok = flow(
        "7.3",
        data,
        r#"{"type":"TextBody","markdown":true,"text":["` 'Sum: ' (${data.n1} + ${data.n1})`","plain"]},"#,
    );
    assert_eq!(findings(&ok), "");
    let rich = r##"{"version":"6.0","screens":[{"id":"A","title":"A","terminal":true,"data":{"body":{"type":"string","__example__":"# Hi"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"RichText","text":"# Hello ${data.body}"}]}},{"id":"B","title":"B","terminal":true,"data":{"body":{"type":"string","__example__":"# Hi"}},"layout":{"type":"SingleColumnLayout","children":[{"type":"RichText","text":"${data.body}"}]}}]}"##;
    insta::assert_snapshot!(findings(rich), @"1:207 error text/rich-text-dynamic [INVALID_TEXT_DYNAMIC_DATA] RichText does not interpolate: this text mixes literal text with a ${…} reference @ /screens/0/layout/children/0/text «${data.body}»");
}

#[test]
fn titles_init_values_and_switch_values_are_checked_but_payloads_are_not() {
    let json = r#"{"version":"7.3","screens":[{"id":"A","title":"${data.heading}","terminal":true,"data":{"n":{"type":"number","__example__":1},"s":{"type":"string","__example__":"x"}},"layout":{"type":"SingleColumnLayout","children":[
{"type":"Form","name":"f","init-values":{"age":"${data.n}","pick":"${data.s}"},"children":[
 {"type":"TextInput","name":"age","label":"Age","input-type":"number"},
 {"type":"CheckboxGroup","name":"pick","label":"Pick","data-source":[{"id":"a","title":"A"}]}]},
{"type":"Switch","value":"${data.missing}","cases":{"a":[{"type":"TextBody","text":"A"}]}},
{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"x":"${data.not_checked_here}"}}}]}}]}"#;
    insta::assert_snapshot!(findings(json));
}
