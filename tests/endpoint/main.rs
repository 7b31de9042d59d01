//! `waflow endpoint ping` and `waflow endpoint check` end to end, on 127.0.0.1 only: against
//! Meta's own example endpoint (Node.js) and against our small endpoint that misbehaves on
//! request. One test binary sharing [`support`].

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../support/bin.rs"]
mod bin;
mod support;

mod faults;
mod meta;
mod publish;
