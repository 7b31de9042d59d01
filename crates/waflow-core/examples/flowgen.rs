//! Generates a valid Flow JSON 7.3 document of a chosen size, for benchmarks.
//!
//! `cargo run -p waflow-core --example flowgen -- SCREENS COMPONENTS > flow.json`
//! (100 × 50 gives about 1 MB; 20 × 15 a typical 30 KB flow).

#[path = "../benches/support/flowgen.rs"]
mod flowgen;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let screens = match args.next() {
        Some(Ok(n)) if n > 0 => n,
        None => 100,
        _ => return usage(),
    };
    let components = match args.next() {
        Some(Ok(n)) if n >= 2 => n,
        None => 50,
        _ => return usage(),
    };
    println!("{}", flowgen::flow(screens, components));
}

fn usage() {
    eprintln!("usage: flowgen [SCREENS >= 1] [COMPONENTS PER SCREEN >= 2]");
    std::process::exit(2);
}
