//! waflow-endpoint: tests a WhatsApp Flows data endpoint offline, the way WhatsApp talks to it.
//!
//! [`ping()`] sends the encrypted health check. [`replay()`] plays a flow's endpoint
//! conversation (INIT, BACK, every `data_exchange`, an error notification) and checks each
//! reply against the flow: the screen and the route to it, the data against the screen's data
//! model, the `SUCCESS` reply. Problems come back as [`waflow_core::Finding`]s located in the
//! flow. The cryptography ([`crypto`]) uses the `rsa` and `aes-gcm` crates; requests go only
//! to the URL given.

pub mod contract;
pub mod crypto;
pub mod error;
pub mod flow;
pub mod ping;
pub mod replay;
pub mod sign;
pub mod transport;

pub use crypto::PublicKey;
pub use error::{Error, Undecryptable};
pub use ping::{Health, Ping, ping};
pub use replay::{Replay, replay};
pub use sign::AppSecret;
pub use transport::{Endpoint, META_TIMEOUT, SLOW};
