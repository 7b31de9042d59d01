//! `waflow`: validate, watch, upload and publish WhatsApp Flow JSON files.

fn main() -> std::process::ExitCode {
    waflow::run()
}
