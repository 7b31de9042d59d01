//! The sandbox over real HTTP on 127.0.0.1: routes, assets, the flow lifecycle and fault
//! injection. One test binary, sharing [`support`].

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

mod assets;
mod faults;
mod flows;
mod graph;
mod lifecycle;
