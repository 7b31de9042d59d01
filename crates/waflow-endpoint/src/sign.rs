//! The signatures Meta puts on a request: `x-hub-signature-256` (HMAC-SHA256 of the body under
//! the app secret) and, with Data API 4.0, the `flow_token_signature` (a JWT, HS256, under the
//! app secret).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

/// The Meta app's secret. Never printed: its `Debug` is redacted.
#[derive(Clone)]
pub struct AppSecret(Vec<u8>);

impl AppSecret {
    /// The secret's bytes as given (the app secret is used as text, like Meta does).
    pub fn new(secret: impl Into<Vec<u8>>) -> AppSecret {
        AppSecret(secret.into())
    }

    fn mac(&self, bytes: &[u8]) -> Vec<u8> {
        // HMAC takes a key of any length: new_from_slice cannot fail for it.
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of every length"),
        };
        mac.update(bytes);
        mac.finalize().into_bytes().to_vec()
    }

    /// The `x-hub-signature-256` header value for `body`: `sha256=` and the hex HMAC.
    pub fn hub_signature(&self, body: &[u8]) -> String {
        let hex: String = self.mac(body).iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256={hex}")
    }

    /// A `flow_token_signature` for `flow_token`: a JWT (HS256) whose claims carry the token.
    pub fn flow_token_signature(&self, flow_token: &str) -> String {
        let header = URL_SAFE_NO_PAD.encode(json!({"alg": "HS256", "typ": "JWT"}).to_string());
        let claims = URL_SAFE_NO_PAD.encode(json!({ "flow_token": flow_token }).to_string());
        let signed = format!("{header}.{claims}");
        let signature = URL_SAFE_NO_PAD.encode(self.mac(signed.as_bytes()));
        format!("{signed}.{signature}")
    }
}

impl std::fmt::Debug for AppSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppSecret(<redacted>)")
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hub_signature_is_the_hex_hmac_sha256_of_the_body() {
        // RFC 4231 test case 2.
        let secret = AppSecret::new("Jefe");
        assert_eq!(
            secret.hub_signature(b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn the_secret_is_never_in_debug_output() {
        assert!(!format!("{:?}", AppSecret::new("hunter2")).contains("hunter2"));
    }

    #[test]
    fn flow_token_signature_is_a_three_part_jwt_over_the_token() {
        let jwt = AppSecret::new("s").flow_token_signature("tok");
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims = URL_SAFE_NO_PAD.decode(parts[1]).unwrap();
        assert_eq!(claims, br#"{"flow_token":"tok"}"#);
    }
}
