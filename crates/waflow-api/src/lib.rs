//! waflow-api: the WhatsApp Flows operations of the 360dialog Partner API v2 and of Meta's
//! Graph API.
//!
//! - [`FlowsBackend`]: the operations, as a trait, so callers do not depend on one API.
//! - [`GraphClient`]: the Graph API (Meta's Cloud API) implementation, Bearer token.
//! - [`PartnerClient`]: the Partner API implementation (reqwest with rustls, timeouts, retries
//!   with exponential backoff honouring `Retry-After`; the key is never shown).
//! - [`deploy`]: creating a flow without duplicates and uploading only changed flow JSON.
//! - [`workflow`]: the push workflow over any backend, with typed outcomes and refusals.
//! - [`config`]: environment variables, flags and `waflow.toml`.

pub mod backend;
pub mod config;
pub mod deploy;
pub mod error;
mod flow_ops;
pub mod graph;
pub mod model;
pub mod partner;
pub mod retry;
pub mod secret;
mod transport;
pub mod workflow;

pub use backend::{ApiResult, BoxFuture, FlowsBackend};
pub use config::{Backend, ConfigError, Connection, Overrides, Project};
pub use error::{ApiError, ErrorKind, MetaError, Permanent};
pub use graph::{GraphClient, GraphConnection};
pub use partner::{ClientOptions, PartnerClient};
pub use retry::{Idempotency, RetryObserver, RetryPolicy};
pub use secret::ApiKey;
