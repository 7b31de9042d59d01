//! The one parser of `waflow.toml`: every table, every error at its file, line and column.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use waflow_core::Level;
use waflow_project::{FailOn, FlowSettings, Project, ProjectError, Selection, flows_table, parse};

const FILE: &str = r#"
    [check]
    fail_on = "warning"

    [flows."flows/a.json"]
    name = "A"
    categories = ["SIGN_UP"]

    [env.staging]
    base_url = "http://127.0.0.1:9999"
    partner_id = "stPA"
    waba_account_id = "stWA"
    api_key_env = "STAGING_KEY"

    [env.staging.flows."./flows/a.json"]
    flow_id = "42"
"#;

fn project() -> Project {
    let root = waflow_project::paths::absolute(Path::new("."));
    Project::parse(FILE, Path::new("waflow.toml"), root).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn one_parse_gives_the_check_and_the_push_tables() {
    let p = project();
    assert_eq!(p.file.check.fail_on, Some(FailOn::Warning));
    assert_eq!(p.file.env["staging"].partner_id.as_deref(), Some("stPA"));
    assert_eq!(p.file.flows["flows/a.json"].name.as_deref(), Some("A"));
}

#[test]
fn unknown_keys_in_any_table_are_errors_with_line() {
    let err = parse(
        Path::new("waflow.toml"),
        "[check]\nfail_on = \"error\"\nfial_on = 1\n",
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("waflow.toml:3:1: "), "{text}");
    assert!(text.contains("unknown field `fial_on`"), "{text}");
    let err = parse(Path::new("waflow.toml"), "[nope]\n")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("waflow.toml:1:2: "), "{err}");
    assert!(err.contains("unknown field `nope`"), "{err}");
}

#[test]
fn bad_values_name_their_line_and_column() {
    let at = |text: &str| {
        parse(Path::new("waflow.toml"), text)
            .unwrap_err()
            .to_string()
    };
    let err = at("[rules]\nX = \"fatal\"\n");
    assert!(err.starts_with("waflow.toml:2:5:"), "{err}");
    let err = at("[[ignore]]\nfiles = \"*.json\"\npointer = \"screens\"\nreason = \"r\"\n");
    assert!(err.starts_with("waflow.toml:3:11:"), "{err}");
    let err = at("[[ignore]]\nfiles = \"*.json\"\n");
    assert!(err.contains("missing field `reason`"), "{err}");
    let err = at("[files]\nexclude = [\"a[\"]\n");
    assert!(err.starts_with("waflow.toml:2:12: bad glob"), "{err}");
    let err = at("[watch]\ndebounce_ms = 0\n");
    assert!(
        err.starts_with("waflow.toml:2:15: debounce_ms must be"),
        "{err}"
    );
    let err = at("[env.e]\nbackend = \"grap\"\n");
    assert!(err.starts_with("waflow.toml:2:11:"), "{err}");
    let err = at("[check]\nprofile = \"strict\"\n");
    assert!(err.starts_with("waflow.toml:2:11:"), "{err}");
}

#[test]
fn check_options_from_profile_version_rules_and_cap() {
    let file = parse(
        Path::new("waflow.toml"),
        "[check]\nprofile = \"builder\"\nmax_findings = 0\n[version]\nnon_publishable = \"error\"\n[rules]\ninvalid_routing_model = \"off\"\n\"routing/backward-route\" = \"info\"\n[watch]\ndebounce_ms = 20\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let options = file.check_options();
    assert_eq!(options.profile, waflow_core::options::Profile::Builder);
    assert_eq!(options.max_findings, None);
    assert_eq!(
        options.levels.get("version/not-publishable"),
        Some(&Level::Error)
    );
    assert_eq!(
        options.levels.get("INVALID_ROUTING_MODEL"),
        Some(&Level::Off)
    );
    assert_eq!(
        options.levels.get("routing/backward-route"),
        Some(&Level::Info)
    );
    assert_eq!(file.rules[0].line, 7, "{:?}", file.rules);
    assert_eq!(file.debounce, Some(Duration::from_millis(20)));
}

#[test]
fn selection_follows_include_and_exclude() {
    let file = parse(
        Path::new("waflow.toml"),
        "[files]\ninclude = [\"flows/**/*.json\"]\nexclude = [\"flows/drafts/**\"]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let select = |p: &str| file.files.select(Path::new(p));
    assert_eq!(select("flows/a.json"), Selection::Take);
    assert_eq!(select("flows/x/b.json"), Selection::Take);
    assert_eq!(select("other.json"), Selection::Skip);
    assert_eq!(select("flows/drafts/c.json"), Selection::Skip);
    assert!(file.files.skips_dir(Path::new("flows/drafts")));
    assert!(!file.files.skips_dir(Path::new("flows")));
}

#[test]
fn flow_settings_merge_env_overrides() {
    let p = project();
    let s = p.flow_settings(Path::new("flows/a.json"), Some("staging"));
    assert_eq!(s.flow_id.as_deref(), Some("42"));
    assert_eq!(s.name.as_deref(), Some("A"));
    assert_eq!(s.categories, Some(vec!["SIGN_UP".to_owned()]));
    let s = p.flow_settings(Path::new("./flows/a.json"), None);
    assert_eq!(s.flow_id, None);
    assert_eq!(
        p.flow_settings(Path::new("b.json"), None),
        FlowSettings::default()
    );
}

#[test]
fn keys_in_the_file_are_refused() {
    for text in [
        "api_key = \"x\"",
        "[env.prod]\napi_key = \"x\"",
        "[flows.\"a.json\"]\ntoken = \"x\"",
    ] {
        let e = parse(Path::new("waflow.toml"), text)
            .err()
            .map(|e| e.to_string());
        assert!(
            e.is_some_and(|e| e.contains("never reads the key")),
            "{text}"
        );
    }
    let e = parse(
        Path::new("w"),
        "[flows.\"a.json\"]\ncategories = [\"NOPE\"]",
    )
    .err()
    .map(|e| e.to_string());
    assert!(e.is_some_and(|e| e.contains("unknown category")));
    let e = parse(Path::new("w"), "[env.x]\nbase_ur = \"x\"")
        .err()
        .map(|e| e.to_string());
    assert!(e.is_some_and(|e| e.contains("base_ur")));
}

#[test]
fn flow_table_headers_are_toml() {
    assert_eq!(flows_table("flows/a.json"), "[flows.\"flows/a.json\"]");
    let header = flows_table("a \"b\"\\c\u{1b}.json");
    let table: toml::Table = format!("{header}\nflow_id = \"1\"")
        .parse()
        .unwrap_or_else(|e| panic!("{header}: {e}"));
    assert!(
        table["flows"].get("a \"b\"\\c\u{1b}.json").is_some(),
        "{header}"
    );
}

/// The line, column and display of the error `parse` gives for `text`.
fn error_at(text: &str) -> (usize, usize, String) {
    match parse(Path::new("waflow.toml"), text) {
        Err(e @ ProjectError::Invalid { line, column, .. })
        | Err(e @ ProjectError::KeyInFile { line, column, .. }) => (line, column, e.to_string()),
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn syntax_errors_name_line_and_column() {
    let (line, column, shown) = error_at("[check]\nfail_on = \"error\"\nname = \"é☕\" = 3\n");
    assert_eq!((line, column), (3, 13));
    assert!(shown.starts_with("waflow.toml:3:13: "), "{shown}");
}

#[test]
fn unknown_keys_and_wrong_types_name_line_and_column() {
    let (line, column, shown) =
        error_at("[env.staging]\npartner_id = \"pé\"\n[env.prod]\n  base_ur = \"x\"\n");
    assert_eq!((line, column), (4, 3));
    assert!(shown.contains("unknown field `base_ur`"), "{shown}");
    let (line, column, shown) =
        error_at("[env.x]\nflows.\"☕.json\" = { name = \"é\", flow_id = 4 }");
    assert_eq!((line, column), (2, 42));
    assert!(shown.contains("expected a string"), "{shown}");
    let (line, column, _) = error_at("[check]\n\n[flows.\"a.json\"]\nnom = \"A\"");
    assert_eq!((line, column), (4, 1));
}

#[test]
fn unknown_categories_point_at_the_element() {
    let (line, column, shown) = error_at(
        "# signup\nflows.\"☕.json\" = { name = \"Café\", categories = [\"SIGN_UP\", \"NOPE\"] }\n",
    );
    assert_eq!((line, column), (2, 60));
    assert!(shown.contains("unknown category \"NOPE\""), "{shown}");
    for category in waflow_core::platform::FLOW_CATEGORIES {
        assert!(shown.contains(category), "{shown}");
    }
    let (line, column, _) =
        error_at("[env.e.flows.\"a.json\"]\ncategories = [\"OTHER\", \"SURVEY\", 3]");
    assert_eq!((line, column), (2, 34));
}

#[test]
fn keys_in_the_file_name_line_and_column_and_never_the_value() {
    let cases = [
        ("api_key = \"sk-live-top\"", (1, 1), "api_key"),
        // The first in file order, not in key order.
        (
            "token = \"sk-live-1\"\napi_key = \"sk-live-2\"",
            (1, 1),
            "token",
        ),
        (
            "[env.prod]\npartner_id = \"é\"\n  Token = \"sk-live-env\"",
            (3, 3),
            "env.prod.Token",
        ),
        (
            "flows.\"☕.json\" = { name = \"é\", key = \"sk-live-flow\" }",
            (1, 32),
            "flows.\"☕.json\".key",
        ),
        (
            "# é\n  env.p.x-api-key = \"sk-live-dotted\"\n[check]\nkey = 1",
            (2, 9),
            "env.p.x-api-key",
        ),
    ];
    for (text, position, dotted) in cases {
        let e = parse(Path::new("waflow.toml"), text);
        let Err(ProjectError::KeyInFile {
            line, column, at, ..
        }) = &e
        else {
            panic!("{text}: {e:?}");
        };
        assert_eq!((*line, *column), position, "{text}");
        assert_eq!(at, dotted, "{text}");
        let shown = e.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(!shown.contains("sk-live"), "{shown}");
        assert!(
            shown.starts_with(&format!("waflow.toml:{}:{}: `", position.0, position.1)),
            "{shown}"
        );
    }
}
