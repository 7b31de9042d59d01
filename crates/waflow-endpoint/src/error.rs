//! Why talking to an endpoint failed.

use std::time::Duration;

/// Why a reply could not be decrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undecryptable {
    /// The body is empty.
    Empty,
    /// The body is plain JSON: the endpoint did not encrypt its reply.
    PlainJson,
    /// The body is HTML (an error page, a proxy, a login page).
    Html,
    /// The body is not base64.
    NotBase64,
    /// The body is base64 but does not decrypt with the request's AES key and the flipped IV.
    Key,
}

impl Undecryptable {
    fn reason(self) -> &'static str {
        match self {
            Undecryptable::Empty => "the body is empty",
            Undecryptable::PlainJson => {
                "it is plain JSON: encrypt the reply with the request's AES key and the inverted IV, then base64 it"
            }
            Undecryptable::Html => "it is an HTML page, not an encrypted reply",
            Undecryptable::NotBase64 => "it is not base64",
            Undecryptable::Key => {
                "it does not decrypt with the request's AES key and the bitwise-inverted IV"
            }
        }
    }
}

impl std::fmt::Display for Undecryptable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason())
    }
}

/// A failure of an exchange with the endpoint, or of its setup.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The public key file is not a usable RSA public key.
    #[error("the public key cannot be used: {0}")]
    PublicKey(String),
    /// The URL is not an http(s) URL.
    #[error("`{0}` is not an http:// or https:// URL")]
    Url(String),
    /// The flow cannot be replayed (it is not an endpoint flow).
    #[error("the flow cannot be replayed: {0}")]
    Flow(String),
    /// Encryption failed (should not happen with a valid key).
    #[error("cannot encrypt the request: {0}")]
    Crypto(String),
    /// The HTTP client could not be set up.
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
    /// HTTP 421: the endpoint cannot decrypt the request.
    #[error(
        "HTTP 421: the endpoint cannot decrypt the request, so this public key does not match the endpoint's private key"
    )]
    CannotDecrypt,
    /// HTTP 432: the endpoint refused the request signature.
    #[error("HTTP 432: the endpoint refused the request signature (x-hub-signature-256){}", if *.signed { "; is the app secret the app's?" } else { "; the request was not signed: pass --app-secret-env VAR" })]
    Signature {
        /// Whether the request carried a signature.
        signed: bool,
    },
    /// HTTP 427: the endpoint refused the flow token.
    #[error("HTTP 427: the endpoint refused the flow token (it closes the flow for the user)")]
    FlowToken,
    /// Any other HTTP status but 200.
    #[error("HTTP {0}: the endpoint did not answer 200")]
    Status(u16),
    /// A redirect, which is not followed.
    #[error("HTTP {status}: the endpoint redirects{}; WhatsApp does not follow redirects, and waflow sends the request nowhere else", .location.as_deref().map(|l| format!(" to {l}")).unwrap_or_default())]
    Redirect {
        /// The status (301, 302, 307, 308, …).
        status: u16,
        /// The `Location` header, when there is one.
        location: Option<String>,
    },
    /// No reply within the time limit.
    #[error("no reply within {} s (WhatsApp gives up after 10 s)", .0.as_secs_f64())]
    Timeout(Duration),
    /// The connection failed.
    #[error("cannot reach the endpoint: {0}")]
    Connect(String),
    /// The reply is larger than the cap.
    #[error("the reply is larger than {0} bytes; it is not read further")]
    TooLarge(usize),
    /// The reply does not decrypt.
    #[error("the reply cannot be decrypted: {0}")]
    Undecryptable(Undecryptable),
    /// The decrypted reply is not JSON.
    #[error("the decrypted reply is not JSON ({0})")]
    NotJson(String),
}

impl Error {
    /// Whether the endpoint refused the request or could not be reached at all (as opposed to
    /// answering badly): nothing more can be learnt from further requests.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Error::CannotDecrypt
                | Error::Signature { .. }
                | Error::FlowToken
                | Error::Redirect { .. }
                | Error::Connect(_)
        )
    }

    /// Whether the failure is in what the user gave (key, URL), not in the endpoint.
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::PublicKey(_) | Error::Url(_) | Error::Flow(_))
    }
}
