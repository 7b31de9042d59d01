//! `--profile`, shared by the commands that check flows (check, watch, lsp, push, publish).

use clap::{Args, ValueEnum};
use waflow_core::options::Profile;

/// Whose verdict the default severities follow (`[check] profile` in waflow.toml).
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileArg {
    /// What Meta's server most likely does: constraints only the Flow Builder enforces are
    /// warnings (the default).
    Server,
    /// Meta's Flow Builder: every constraint it enforces is an error.
    Builder,
}

/// The `--profile` option.
#[derive(Args, Debug, Clone, Default)]
pub struct ProfileArgs {
    /// Whose verdict the default severities follow where Meta's sources disagree: `server`
    /// or `builder` (see docs/evidence.md). Default: `[check] profile` of the configuration,
    /// else `server`.
    #[arg(long, value_enum, value_name = "NAME")]
    profile: Option<ProfileArg>,
}

impl ProfileArgs {
    /// The profile given, if any.
    pub fn get(&self) -> Option<Profile> {
        self.profile.map(|p| match p {
            ProfileArg::Server => Profile::Server,
            ProfileArg::Builder => Profile::Builder,
        })
    }
}
