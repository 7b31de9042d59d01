//! The health check WhatsApp sends before publishing and while a flow is live.

use std::time::Duration;

use serde_json::{Value, json};

use crate::error::Error;
use crate::transport::Endpoint;

/// The answer to a health check that decrypted.
#[derive(Debug, Clone)]
pub struct Ping {
    /// From sending the request to the end of the reply.
    pub latency: Duration,
    /// Whether the reply is the one WhatsApp expects.
    pub health: Health,
}

/// What the decrypted reply to a health check says.
#[derive(Debug, Clone, PartialEq)]
pub enum Health {
    /// `{"data": {"status": "active"}}`.
    Active,
    /// Anything else (kept to show it).
    Unexpected(Value),
}

/// Sends the health check `{"version": "3.0", "action": "ping"}` and reads the reply.
pub async fn ping(endpoint: &Endpoint) -> Result<Ping, Error> {
    let reply = endpoint
        .exchange(&json!({"version": "3.0", "action": "ping"}))
        .await?;
    let active = reply.body.pointer("/data/status").and_then(Value::as_str) == Some("active");
    Ok(Ping {
        latency: reply.latency,
        health: if active {
            Health::Active
        } else {
            Health::Unexpected(reply.body)
        },
    })
}
