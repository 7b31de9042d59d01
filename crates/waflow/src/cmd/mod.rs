//! One module per subcommand.

pub mod check;
pub mod endpoint;
pub mod fix;
pub mod flows;
pub mod init;
pub mod lsp;
pub mod profile;
pub mod publish;
pub mod push;
pub mod remote;
pub mod rules;
pub mod sandbox;
pub mod schema;
pub mod watch;
