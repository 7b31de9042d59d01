//! `waflow-hook`: the waflow CLI under the name pre-commit's `language: rust` installs from the
//! repository root (see `.pre-commit-hooks.yaml`).

fn main() -> std::process::ExitCode {
    waflow::run()
}
