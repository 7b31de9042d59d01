//! One discovery rule: the `waflow.toml` closest to each flow file, whatever the working
//! directory (the test's working directory is the crate's, far from the projects it makes).

use std::fs;
use std::path::{Path, PathBuf};

use waflow_project::{FILE_NAME, Project, ProjectError, closest};

/// A scratch tree: `outer/waflow.toml` and `outer/app/waflow.toml`, with flow files below.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    };
    write("outer/waflow.toml", "[check]\nfail_on = \"error\"\n");
    write("outer/top.json", "{}");
    write(
        "outer/app/waflow.toml",
        "[check]\nfail_on = \"warning\"\n[flows.\"flows/signup.json\"]\nname = \"Sign up\"\n",
    );
    write("outer/app/flows/signup.json", "{}");
    dir
}

#[test]
fn the_closest_file_is_the_flows_not_the_working_directorys() {
    let dir = tree();
    let app = dir.path().join("outer/app");
    let flow = app.join("flows/signup.json");
    assert_eq!(closest(&flow), Some(app.join(FILE_NAME)));
    assert_eq!(closest(&app.join("flows")), Some(app.join(FILE_NAME)));
    assert_eq!(
        closest(&dir.path().join("outer/top.json")),
        Some(dir.path().join("outer").join(FILE_NAME))
    );
    // Written with `.` and `..`, the same file.
    let roundabout = dir.path().join("outer/./app/flows/../flows/signup.json");
    assert_eq!(closest(&roundabout), Some(app.join(FILE_NAME)));
}

#[test]
fn near_loads_the_flows_project_and_finds_its_table() {
    let dir = tree();
    let flow = dir.path().join("outer/app/flows/signup.json");
    let project = Project::near(std::slice::from_ref(&flow))
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no project"));
    assert_eq!(project.path, dir.path().join("outer/app").join(FILE_NAME));
    assert_eq!(project.table_path(&flow), "flows/signup.json");
    let roundabout = dir.path().join("outer/app/flows/../flows/./signup.json");
    assert_eq!(
        project.flow_settings(&roundabout, None).name.as_deref(),
        Some("Sign up")
    );
}

#[test]
fn files_of_two_projects_are_refused() {
    let dir = tree();
    let files: Vec<PathBuf> = ["outer/app/flows/signup.json", "outer/top.json"]
        .iter()
        .map(|f| dir.path().join(f))
        .collect();
    let err = Project::near(&files).err();
    assert!(
        matches!(&err, Some(ProjectError::TwoProjects { other, .. }) if other == &files[1]),
        "{err:?}"
    );
}

#[test]
fn a_config_that_does_not_exist_is_not_named() {
    let err = Project::load(Path::new("sk-live-not-a-file"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("does not exist"), "{err}");
    assert!(!err.contains("sk-live"), "{err}");
}
