//! Snapshots of what a user reads: Meta's errors mapped onto the local file (concise and human),
//! the progress and status lines, the flows table and one flow. Meta's answer is canned (the
//! sandbox replies with fixed `validation_errors`), so these do not change with waflow's rules.

use crate::support::{Env, VALID};
use waflow_sandbox::{Fault, FaultMatch};

/// Three errors as Meta words them: a path that resolves in the file, a location without
/// pointers, and a path that does not resolve (its line and column are used).
const CANNED: &str = r#"{"success": true, "validation_errors": [
  {"error": "INVALID_PROPERTY_VALUE", "error_type": "FLOW_JSON_ERROR",
   "message": "Invalid value found for property 'label'.",
   "line_start": 12, "line_end": 12, "column_start": 58, "column_end": 64,
   "pointers": [{"line_start": 12, "line_end": 12, "column_start": 58, "column_end": 64,
                 "path": "screens[0].layout.children[1].label"}]},
  {"error": "INVALID_ROUTING_MODEL", "error_type": "FLOW_JSON_ERROR",
   "message": "Loop detected in the routing model for screens: [WELCOME].",
   "line_start": 3, "line_end": 3, "column_start": 3, "column_end": 12, "pointers": []},
  {"error": "MISSING_REQUIRED_PROPERTY", "error_type": "FLOW_JSON_ERROR",
   "message": "Required property 'data' is missing.",
   "line_start": 5, "line_end": 5, "column_start": 7, "column_end": 11,
   "pointers": [{"line_start": 5, "line_end": 5, "column_start": 7, "column_end": 11,
                 "path": "screens[0].data"}]}
]}"#;

#[test]
fn remote_findings_and_tables_read_well() {
    let env = Env::new();
    env.write(
        "waflow.toml",
        "[flows.\"flows/a.json\"]\nname = \"Sign up\"\ncategories = [\"SIGN_UP\"]\n\n[flows.\"flows/b.json\"]\nname = \"Survey\"\ncategories = [\"SURVEY\"]\n",
    );
    env.write("flows/a.json", VALID);
    env.write("flows/b.json", VALID);
    env.faults().push(
        FaultMatch::new("POST", "/assets"),
        Fault::Reply {
            status: 200,
            body: CANNED.to_owned(),
        },
        3,
    );

    let (concise, err) = env.expect(
        1,
        &["push", "flows/a.json", "flows/b.json", "-f", "concise"],
    );
    insta::assert_snapshot!("push_stderr", err);
    insta::assert_snapshot!("push_concise", concise);

    // The canned answer left nothing stored: this push uploads again and gets it once more.
    let (human, _) = env.expect(1, &["push", "flows/b.json"]);
    insta::assert_snapshot!("push_human", human);

    let (table, _) = env.expect(0, &["flows", "list"]);
    insta::assert_snapshot!("flows_list", table);

    env.expect(0, &["push", "flows/a.json"]);
    let id = env.flows()[0]["id"].as_str().expect("id").to_owned();
    let (details, _) = env.expect(
        0,
        &[
            "flows",
            "get",
            &id,
            "--fields",
            "id,name,status,categories,json_version,validation_errors",
        ],
    );
    insta::assert_snapshot!("flows_get", details);
}
