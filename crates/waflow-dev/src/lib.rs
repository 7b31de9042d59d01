//! Development tooling of waflow, not shipped with the library or the CLI: the generated rule
//! documentation ([`docs`]) and the coverage table of Meta's rule catalogue ([`catalogue`]).

pub mod catalogue;
pub mod docs;
