//! Forms, counts, placement, If/Switch, dates and component rules through the whole check, on
//! the cases the documented examples do not cover: alternatives in branches, version gates,
//! dynamic values left alone.

#[path = "support/findings.rs"]
mod support;

/// The rule groups of the structural and component rules.
const GROUPS: &[&str] = &[
    "forms/",
    "counts/",
    "placement/",
    "if/",
    "switch/",
    "components/",
    "dates/",
    "calendar/",
    "media/",
    "navigation-list/",
    "inputs/",
    "text/",
];

/// Checks `json` and renders the findings of these rule groups.
fn findings(json: &str) -> String {
    support::findings(json, GROUPS)
}

/// A one-screen terminal flow whose components are `children` (JSON text; the caller adds the
/// Footer when it wants one).
fn screen(version: &str, children: &str) -> String {
    format!(
        r#"{{"version":"{version}","screens":[{{"id":"A","title":"A","terminal":true,"data":{{"b":{{"type":"boolean","__example__":true}},"s":{{"type":"string","__example__":"x"}},"d":{{"type":"string","__example__":"2025-01-01"}}}},"layout":{{"type":"SingleColumnLayout","children":[{children}]}}}}]}}"#
    )
}

const FOOTER: &str =
    r#"{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}"#;

#[test]
fn branches_count_as_alternatives() {
    // A Footer in each If branch and in each Switch case: one Footer on screen, no finding.
    let json = screen(
        "7.3",
        &format!(
            r#"{{"type":"If","condition":"${{data.b}}","then":[{{"type":"Image","src":"iVBORw0KGgo="}},{{"type":"Image","src":"iVBORw0KGgo="}},{FOOTER}],"else":[{{"type":"Image","src":"iVBORw0KGgo="}},{FOOTER}]}},
{{"type":"Image","src":"iVBORw0KGgo="}},
{{"type":"Switch","value":"${{data.s}}","cases":{{"x":[{{"type":"PhotoPicker","name":"p","label":"Photo"}}],"y":[{{"type":"DocumentPicker","name":"q","label":"Document"}}]}}}}"#
        ),
    );
    assert_eq!(findings(&json), "");
    // The same screen with one more Image outside: 2 (larger branch) + 1 + 1 = 4 Images.
    let json = screen(
        "7.3",
        &format!(
            r#"{{"type":"If","condition":"${{data.b}}","then":[{{"type":"Image","src":"iVBORw0KGgo="}},{{"type":"Image","src":"iVBORw0KGgo="}},{FOOTER}],"else":[{{"type":"Image","src":"iVBORw0KGgo="}},{FOOTER}]}},
{{"type":"Image","src":"iVBORw0KGgo="}},{{"type":"Image","src":"iVBORw0KGgo="}}"#
        ),
    );
    insta::assert_snapshot!(findings(&json), @"2:47 error counts/image [MAX_IMAGE_PER_SCREEN] screen 'A' can show 4 Image components; at most 3 allowed @ /screens/0/layout/children/2/type «\"Image\"»");
}

#[test]
fn names_forms_and_init_values() {
    let json = screen(
        "7.3",
        &format!(
            r#"{{"type":"Form","name":"f","init-values":{{"nick":"Al","opt":"yes","gone":"x","cal":{{"start-date":"2025-01-01","end-date":"2025-01-02"}},"age":12}},"error-messages":{{"nick":5}},"children":[
 {{"type":"If","condition":"${{data.b}}","then":[{{"type":"TextInput","name":"nick","label":"Nick"}}],"else":[{{"type":"TextInput","name":"nick","label":"Nickname"}}]}},
 {{"type":"OptIn","name":"opt","label":"Yes"}},
 {{"type":"TextInput","name":"age","label":"Age","input-type":"number"}},
 {{"type":"CalendarPicker","name":"cal","label":"Day"}},
 {{"type":"TextBody","text":"f is the Form's name, and may repeat","visible":true}},
 {FOOTER}]}},
{{"type":"CalendarPicker","name":"outside","label":"Not in Meta's list"}}"#
        ),
    );
    insta::assert_snapshot!(findings(&json));
    // Before 7.0: a second Form and init-values types are not checked.
    let old = screen(
        "6.3",
        &format!(
            r#"{{"type":"Form","name":"a","init-values":{{"x":1}},"children":[{{"type":"TextInput","name":"x","label":"X"}}]}},{{"type":"Form","name":"b","children":[{{"type":"TextInput","name":"y","label":"Y"}}]}},{FOOTER}"#
        ),
    );
    assert_eq!(findings(&old), "");
}

#[test]
fn if_nesting_is_reported_once_per_chain() {
    let leaf = r#"{"type":"TextBody","text":"deep"}"#;
    let mut nested = leaf.to_owned();
    for _ in 0..5 {
        nested = format!(r#"{{"type":"If","condition":"${{data.b}}","then":[{nested}]}}"#);
    }
    let json = screen("7.3", &format!("{nested},{FOOTER}"));
    insta::assert_snapshot!(findings(&json), @"1:400 error if/nesting [MAXIMUM_IF_NESTING] this If sits inside 3 other Ifs; Ifs may be nested at most 3 levels deep @ /screens/0/layout/children/0/then/0/then/0/then/0/type «\"If\"»");
}

/// An If with a Footer in one branch, and a Switch with a Footer in every case: the branch rule
/// fires for the If, and the two alternatives add up to two Footers.
#[test]
fn footers_in_branches_and_cases() {
    let json = screen(
        "7.3",
        &format!(
            r#"{{"type":"If","condition":"${{data.b}}","then":[{{"type":"TextBody","text":"no footer"}}],"else":[{FOOTER}]}},
{{"type":"Switch","value":"${{data.s}}","cases":{{"x":[{FOOTER}],"y":[{FOOTER}]}}}}"#
        ),
    );
    insta::assert_snapshot!(findings(&json));
}

#[test]
fn dates_and_calendars() {
    let json = screen(
        "7.3",
        &format!(
            r#"{{"type":"DatePicker","name":"a","label":"A","min-date":"2025-01-01","max-date":"2025-01-31","unavailable-dates":["2025-01-15","2024-12-31"],"init-value":"2025-02-01"}},
{{"type":"DatePicker","name":"b","label":"B","min-date":"${{data.d}}","max-date":"2024-01-01","init-value":"2025-02-29"}},
{{"type":"CalendarPicker","name":"c","label":"C","mode":"${{data.s}}","title":"dynamic mode: not checked"}},
{{"type":"CalendarPicker","name":"e","mode":"single","label":{{"start-date":"From","end-date":"To"}},"min-days":2}},
{{"type":"CalendarPicker","name":"f","mode":"range","label":{{"start-date":"From","end-date":"To"}},"required":true,"min-date":"2025-01-01","init-value":{{"start-date":"2024-12-01","end-date":"2025-01-05"}}}},
{FOOTER}"#
        ),
    );
    insta::assert_snapshot!(findings(&json));
    // Before 5.0 dates are timestamps and the date rules do not apply.
    let old = screen(
        "4.0",
        &format!(
            r#"{{"type":"Form","name":"f","children":[{{"type":"DatePicker","name":"a","label":"A","min-date":"1735689600000","max-date":"1704067200000"}},{FOOTER}]}}"#
        ),
    );
    assert_eq!(findings(&old), "");
}

#[test]
fn media_payloads() {
    let json = r#"{"version":"7.3","screens":[
{"id":"A","title":"A","layout":{"type":"SingleColumnLayout","children":[
 {"type":"PhotoPicker","name":"photo","label":"Photo","max-uploaded-photos":5},
 {"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":"B"},"payload":{}}}]}},
{"id":"B","title":"B","terminal":true,"layout":{"type":"SingleColumnLayout","children":[
 {"type":"DocumentPicker","name":"doc","label":"Document","max-uploaded-documents":6,"max-file-size-kb":20000},
 {"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"photo":"${screen.A.form.photo}","doc":"${form.doc}","note":"`'files: ' ${form.doc}`"}}}]}}]}"#;
    insta::assert_snapshot!(findings(json));
    // Before 5.0: one picker, one file.
    let old = r#"{"version":"4.0","screens":[{"id":"A","title":"A","terminal":true,"layout":{"type":"SingleColumnLayout","children":[
 {"type":"PhotoPicker","name":"photo","label":"Photo","max-uploaded-photos":1},
 {"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{"photo":"${form.photo}"}}}]}}]}"#;
    assert_eq!(findings(old), "");
}

#[test]
fn required_hidden_and_text_length_are_warnings_on_literals_only() {
    let json = screen(
        "7.3",
        &format!(
            r#"{{"type":"TextInput","name":"a","label":"${{data.s}}","required":"${{data.b}}","visible":false}},
{{"type":"TextHeading","text":"{}"}},{FOOTER}"#,
            "é".repeat(81)
        ),
    );
    insta::assert_snapshot!(findings(&json));
}

#[test]
fn large_images_are_warned_about() {
    // 140 000 base64 characters decode to about 102 KB: over the data-source limit from 6.0,
    // within the Image limit.
    let big = "A".repeat(140_000);
    let json = screen(
        "7.3",
        &format!(
            r#"{{"type":"Image","src":"{big}"}},{{"type":"RadioButtonsGroup","name":"r","label":"R","data-source":[{{"id":"a","title":"A","image":"{big}"}}]}},{FOOTER}"#
        ),
    );
    insta::assert_snapshot!(findings(&json).replace(&big, "<big>"), @r#"1:140379 warning components/image-size [WAFLOW_IMAGE_TOO_LARGE] the image is 102 KB; Meta recommends at most 100 KB here @ /screens/0/layout/children/1/data-source/0/image «"<big>"»"#);
}

#[test]
fn rich_text_placement_follows_the_version() {
    let rich = |version: &str| {
        format!(
            r##"{{"version":"{version}","screens":[{{"id":"A","title":"A","terminal":true,"layout":{{"type":"SingleColumnLayout","children":[{{"type":"RichText","text":"# Terms"}},{FOOTER}]}}}}]}}"##
        )
    };
    // 5.1 and 6.0–6.2: alone (each with its own code); 6.3+: a Footer may join.
    insta::assert_snapshot!(findings(&rich("5.1")), @r#"1:125 error placement/rich-text-alone [INVALID_RICHTEXT_PLACEMENT] a RichText must be the only component of its screen, but screen 'A' also holds 1 other component (Footer) @ /screens/0/layout/children/0/type «"RichText"»"#);
    insta::assert_snapshot!(findings(&rich("6.2")), @r#"1:125 error placement/rich-text [INVALID_COMPONENT_PLACEMENT] a RichText must be the only component of its screen, but screen 'A' also holds 1 other component (Footer) @ /screens/0/layout/children/0/type «"RichText"»"#);
    assert_eq!(findings(&rich("6.3")), "");
}
