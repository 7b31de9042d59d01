//! waflow-core: validates WhatsApp Flow JSON locally, the way Meta does.
//!
//! The pipeline is [`check()`]: read the bytes ([`document`]), find the declared
//! [`FlowVersion`], validate against that version's JSON Schema ([`schema`]), run Meta's semantic
//! rules ([`rules`]), and locate every [`Finding`] in the text as a [`Diagnostic`].

pub mod check;
mod collect;
pub mod diagnostic;
pub mod document;
pub mod expr;
pub mod finding;
pub mod fix;
mod json;
pub mod line_index;
pub mod meta_errors;
pub mod options;
mod parse;
pub mod platform;
pub mod pointer;
pub mod rules;
pub mod schema;
pub mod span_index;
pub mod version;

pub use check::check;
pub use diagnostic::{Diagnostic, FileReport, Omitted, RelatedLocation};
pub use finding::{Anchor, Finding, Origin, Related, Severity};
pub use line_index::Position;
pub use options::{CheckOptions, DEFAULT_MAX_FINDINGS, Level};
pub use span_index::Span;
pub use version::FlowVersion;
