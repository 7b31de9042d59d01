//! `waflow`: validate, watch, upload and publish WhatsApp Flow JSON files.
//!
//! The command-line program as a library, so that the `waflow` binary and the pre-commit hook
//! binary (`waflow-hook`, built by pre-commit's `language: rust` from the repository root) are
//! one program.

/// `eprintln!` that never panics: when standard error is closed or a pipe (`2>&1 | head`), a
/// failed write is dropped instead of crashing the command.
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `println!` that never panics (as `stderr_line!`).
macro_rules! stdout_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod cmd;
mod config;
mod deferred;
mod discover;
mod exit;
mod render;
mod report_file;

use std::process::ExitCode;

use deferred::Deferred;

/// The allocator of the `waflow` and `waflow-hook` programs: a check of many files allocates and
/// frees a value tree per file, which mimalloc does in a third of the system allocator's time,
/// and its scratch heaps free a whole tree in one step (`waflow_core::document::with_loaded`).
#[global_allocator]
static ALLOCATOR: waflow_alloc::Allocator = waflow_alloc::Allocator;

use clap::{Parser, Subcommand};

/// Validate WhatsApp Flow JSON locally, the way Meta does, and publish it safely.
#[derive(Parser, Debug)]
#[command(name = "waflow", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate flow files against their declared Flow JSON version and Meta's rules.
    Check(Deferred<cmd::check::CheckArgs>),
    /// Validate flows, then again each time one is saved (for editors and terminals).
    Watch(Deferred<cmd::watch::WatchArgs>),
    /// Write a commented waflow.toml (and, with --vscode, the editor's schema mapping).
    Init(Deferred<cmd::init::InitArgs>),
    /// Print the JSON Schema of a Flow JSON version (the same bytes as schemas/).
    Schema(Deferred<cmd::schema::SchemaArgs>),
    /// Run one WhatsApp Flows operation of the 360dialog Partner API (list, create, publish, …).
    Flows(Deferred<cmd::flows::FlowsArgs>),
    /// Check flow files locally, then upload each to its flow when it changed; report Meta's errors.
    Push(Deferred<cmd::push::PushArgs>),
    /// Push a flow file, then publish it when neither waflow nor Meta finds an error.
    Publish(Deferred<cmd::publish::PublishArgs>),
    /// Run a local stand-in of the Partner API (in memory, loopback) until Ctrl-C.
    Sandbox(Deferred<cmd::sandbox::SandboxArgs>),
    /// Test a flow's data endpoint: WhatsApp's encrypted health check, and a replay of the flow.
    Endpoint(Deferred<cmd::endpoint::EndpointArgs>),
    /// List every rule waflow checks: id, Meta code, severity, versions.
    Rules(Deferred<cmd::rules::RulesArgs>),
    /// Print the documentation of a rule (by id), or of every rule reporting a Meta code.
    Explain(Deferred<cmd::rules::ExplainArgs>),
    /// Run the language server over stdin/stdout (diagnostics as you type, hover, completion, …).
    Lsp(Deferred<cmd::lsp::LspArgs>),
}

/// Parses the command line, runs the command and returns its exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(Deferred(args)) => cmd::check::run(args),
        Command::Watch(Deferred(args)) => cmd::watch::run(args),
        Command::Init(Deferred(args)) => cmd::init::run(args),
        Command::Schema(Deferred(args)) => cmd::schema::run(args),
        Command::Rules(Deferred(args)) => cmd::rules::run_rules(args),
        Command::Explain(Deferred(args)) => cmd::rules::run_explain(args),
        Command::Lsp(Deferred(args)) => cmd::lsp::run(args),
        Command::Flows(Deferred(args)) => cmd::flows::run(args),
        Command::Push(Deferred(args)) => cmd::push::run(args),
        Command::Publish(Deferred(args)) => cmd::publish::run(args),
        Command::Sandbox(Deferred(args)) => cmd::sandbox::run(args),
        Command::Endpoint(Deferred(args)) => cmd::endpoint::run(args),
    };
    ExitCode::from(code)
}
