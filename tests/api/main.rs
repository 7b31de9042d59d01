//! The commands that talk to the Partner API (`waflow flows`, `push`, `publish`, `sandbox`) end
//! to end against the sandbox on 127.0.0.1: one test binary, sharing [`support`].

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../support/bin.rs"]
mod bin;
mod spawned;
mod support;

mod faults;
mod flows;
mod graph;
mod lifecycle;
mod project;
mod publish;
mod push;
mod retry;
mod secret;
mod snapshots;
mod verdict;
