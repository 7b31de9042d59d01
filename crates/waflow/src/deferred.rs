//! Subcommands whose arguments clap builds only when it needs them.
//!
//! Building every subcommand's arguments (names, help texts, value parsers) was a tenth of the
//! instructions of a one-file `waflow check`; only the subcommand that runs, or whose help or
//! error is shown, needs them. clap's `Command::defer` postpones them until then, so `--help`,
//! `help <command>`, errors and suggestions are those of the fully built command.

use clap::builder::Resettable;
use clap::{ArgMatches, Args, Command, FromArgMatches};

/// The arguments `T` of one subcommand, added to it when clap builds that subcommand.
#[derive(Debug)]
pub(crate) struct Deferred<T>(pub(crate) T);

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Self)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Self)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Deferred<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: Command) -> Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args_for_update))
    }
}

/// Adds the arguments with `augment`, keeping the descriptions the subcommand already has: built
/// eagerly, the arguments' own doc comment (`Arguments of waflow init.`) comes first and the
/// subcommand's description replaces it; deferred, it would come last and replace that.
fn keeping_about(cmd: Command, augment: fn(Command) -> Command) -> Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    augment(cmd)
        .about(Resettable::from(about))
        .long_about(Resettable::from(long_about))
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use clap::CommandFactory;

    use crate::Cli;

    #[test]
    fn the_whole_command_line_is_consistent() {
        // Builds every deferred subcommand and runs clap's own checks on each.
        Cli::command().debug_assert();
    }

    #[test]
    fn a_subcommand_gets_its_arguments_only_when_built() {
        let mut cli = Cli::command();
        let flows = cli.find_subcommand_mut("flows").expect("flows");
        assert_eq!(flows.get_arguments().count(), 0);
        assert_eq!(flows.get_subcommands().count(), 0);
        flows.build();
        assert!(flows.get_arguments().any(|a| a.get_long() == Some("json")));
        assert!(flows.find_subcommand("publish").is_some());
    }

    #[test]
    fn help_describes_the_subcommand_not_its_arguments_struct() {
        let mut cli = Cli::command();
        for sub in cli.get_subcommands_mut() {
            let about = sub.get_about().expect("every subcommand has a description");
            let about = about.to_string();
            let help = sub.render_help().to_string();
            assert!(help.starts_with(&about), "{}: {help}", sub.get_name());
            assert!(help.contains("-h, --help"), "{}: {help}", sub.get_name());
        }
    }
}
