//! One discovery rule: `push` and `publish` use the closest `waflow.toml` above each flow file,
//! as `waflow check` does, wherever they are run from.

use crate::support::{Env, VALID};

#[test]
fn push_reads_the_waflow_toml_beside_the_flow_not_the_working_directorys() {
    let env = Env::new();
    env.write("app/flows/signup.json", VALID);
    env.write(
        "app/waflow.toml",
        "[flows.\"flows/signup.json\"]\nname = \"Sign up\"\n",
    );
    // Run from the scratch directory, above app/: the project is app/waflow.toml.
    let (_, err) = env.expect(0, &["push", "app/flows/signup.json"]);
    assert!(err.contains("created flow"), "{err}");
    let names: Vec<String> = env
        .flows()
        .iter()
        .filter_map(|f| f["name"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(names, ["Sign up"]);
}

#[test]
fn files_of_two_projects_are_refused_before_anything_is_sent() {
    let env = Env::new();
    env.write("a/flow.json", VALID);
    env.write("a/waflow.toml", "[flows.\"flow.json\"]\nname = \"A\"\n");
    env.write("b/flow.json", VALID);
    env.write("b/waflow.toml", "[flows.\"flow.json\"]\nname = \"B\"\n");
    let (_, err) = env.expect(2, &["push", "a/flow.json", "b/flow.json"]);
    assert!(err.contains("different waflow.toml files"), "{err}");
    assert!(env.log().is_empty(), "{:?}", env.log());
}
