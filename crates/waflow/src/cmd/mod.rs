//! One module per subcommand.

pub mod check;
pub mod init;
pub mod schema;
pub mod rules;
pub mod watch;
pub mod flows;
pub mod publish;
pub mod push;
pub mod remote;
pub mod sandbox;
