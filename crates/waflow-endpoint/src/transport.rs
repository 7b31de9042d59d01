//! One encrypted request to the endpoint and its decrypted reply.

use std::time::{Duration, Instant};

use reqwest::{StatusCode, header};
use serde_json::Value;

use crate::crypto::{self, PublicKey};
use crate::error::Error;
use crate::sign::AppSecret;

/// WhatsApp's time limit for an endpoint reply.
pub const META_TIMEOUT: Duration = Duration::from_secs(10);

/// The latency above which WhatsApp may throttle an endpoint.
pub const SLOW: Duration = Duration::from_secs(1);

/// The largest reply read, in bytes (4 MiB); a larger one is an error.
pub const MAX_REPLY_BYTES: usize = 4 * 1024 * 1024;

/// An endpoint to talk to: its URL, the public key to encrypt for, and optionally the app
/// secret to sign requests with. Requests go to this URL only: redirects are not followed and
/// no proxy is used.
#[derive(Debug, Clone)]
pub struct Endpoint {
    url: reqwest::Url,
    public_key: PublicKey,
    app_secret: Option<AppSecret>,
    timeout: Duration,
    client: reqwest::Client,
}

/// A decrypted reply.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The reply's JSON.
    pub body: Value,
    /// From sending the request to the end of the reply.
    pub latency: Duration,
}

impl Endpoint {
    /// An endpoint at `url` (http or https) that holds the private half of `public_key`;
    /// requests give up after `timeout`.
    pub fn new(
        url: &str,
        public_key: PublicKey,
        app_secret: Option<AppSecret>,
        timeout: Duration,
    ) -> Result<Endpoint, Error> {
        let parsed = reqwest::Url::parse(url).map_err(|_| Error::Url(url.to_owned()))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(Error::Url(url.to_owned()));
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("waflow/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Client(e.to_string()))?;
        Ok(Endpoint {
            url: parsed,
            public_key,
            app_secret,
            timeout,
            client,
        })
    }

    /// The app secret requests are signed with, if any.
    pub fn app_secret(&self) -> Option<&AppSecret> {
        self.app_secret.as_ref()
    }

    /// Encrypts `request`, posts it, and decrypts the reply.
    pub async fn exchange(&self, request: &Value) -> Result<Reply, Error> {
        let (body, session) = crypto::seal(&self.public_key, request)?;
        let bytes = serde_json::to_vec(&body).map_err(|e| Error::Crypto(e.to_string()))?;
        let mut post = self
            .client
            .post(self.url.clone())
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(secret) = &self.app_secret {
            post = post.header("x-hub-signature-256", secret.hub_signature(&bytes));
        }
        let started = Instant::now();
        let mut response = post
            .body(bytes)
            .send()
            .await
            .map_err(|e| self.failure(&e))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .map(str::to_owned);
            return Err(Error::Redirect {
                status: status.as_u16(),
                location,
            });
        }
        match status.as_u16() {
            421 => return Err(Error::CannotDecrypt),
            432 => {
                return Err(Error::Signature {
                    signed: self.app_secret.is_some(),
                });
            }
            427 => return Err(Error::FlowToken),
            _ if status != StatusCode::OK => return Err(Error::Status(status.as_u16())),
            _ => {}
        }
        let mut reply = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.failure(&e))? {
            if reply.len() + chunk.len() > MAX_REPLY_BYTES {
                return Err(Error::TooLarge(MAX_REPLY_BYTES));
            }
            reply.extend_from_slice(&chunk);
        }
        let latency = started.elapsed();
        let body = session.open(&reply)?;
        Ok(Reply { body, latency })
    }

    fn failure(&self, e: &reqwest::Error) -> Error {
        if e.is_timeout() {
            Error::Timeout(self.timeout)
        } else {
            Error::Connect(error_chain(e))
        }
    }
}

/// The error and its sources on one line ("error sending request: connection refused").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}
