//! The encryption of the data-exchange protocol, as WhatsApp does it: a fresh AES-128 key
//! wrapped with RSA-OAEP (SHA-256, MGF1 SHA-256) under the business's public key, the request
//! body encrypted with AES-128-GCM under a 16-byte IV, and the reply encrypted by the endpoint
//! with the same key and the bitwise-inverted IV.

use aes_gcm::aead::generic_array::GenericArray;
use aes_gcm::aead::generic_array::typenum::U16;
use aes_gcm::aead::rand_core::RngCore;
use aes_gcm::aead::{Aead, KeyInit, OsRng};
use aes_gcm::aes::Aes128;
use aes_gcm::{AesGcm, Key};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, RsaPublicKey};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::error::{Error, Undecryptable};

/// AES-128-GCM with WhatsApp's 16-byte IV.
type Cipher = AesGcm<Aes128, U16>;

/// The business's RSA public key, the one registered with WhatsApp.
#[derive(Debug, Clone)]
pub struct PublicKey {
    key: RsaPublicKey,
}

impl PublicKey {
    /// Reads a PEM public key: `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo, what `openssl rsa
    /// -pubout` writes) or `BEGIN RSA PUBLIC KEY` (PKCS#1). A private key is refused: only the
    /// public key is ever needed.
    pub fn from_pem(pem: &str) -> Result<PublicKey, Error> {
        if pem.contains("PRIVATE KEY-----") {
            return Err(Error::PublicKey(
                "this is a private key; give the public key (`openssl rsa -in private.pem -pubout`), waflow never needs the private one".into(),
            ));
        }
        let key = RsaPublicKey::from_public_key_pem(pem.trim())
            .or_else(|_| RsaPublicKey::from_pkcs1_pem(pem.trim()))
            .map_err(|_| {
                Error::PublicKey(
                    "not a PEM RSA public key (expected `-----BEGIN PUBLIC KEY-----`)".into(),
                )
            })?;
        if key.size() < 128 {
            return Err(Error::PublicKey(format!(
                "the key has {} bits; WhatsApp's keys have 2048",
                key.size() * 8
            )));
        }
        Ok(PublicKey { key })
    }
}

/// One request's AES key and IV, kept to decrypt the reply.
pub struct Session {
    key: [u8; 16],
    iv: [u8; 16],
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Session { .. }")
    }
}

/// Encrypts `request` for the endpoint that holds the private half of `public_key`: returns the
/// JSON body to POST and the session that decrypts the reply.
pub fn seal(public_key: &PublicKey, request: &Value) -> Result<(Value, Session), Error> {
    let mut key = [0u8; 16];
    let mut iv = [0u8; 16];
    OsRng.fill_bytes(&mut key);
    OsRng.fill_bytes(&mut iv);
    let wrapped = public_key
        .key
        .encrypt(&mut OsRng, Oaep::new::<Sha256>(), &key)
        .map_err(|e| Error::Crypto(e.to_string()))?;
    let cipher = Cipher::new(Key::<Cipher>::from_slice(&key));
    let plain = serde_json::to_vec(request).map_err(|e| Error::Crypto(e.to_string()))?;
    let sealed = cipher
        .encrypt(GenericArray::from_slice(&iv), plain.as_slice())
        .map_err(|e| Error::Crypto(e.to_string()))?;
    let body = json!({
        "encrypted_flow_data": STANDARD.encode(sealed),
        "encrypted_aes_key": STANDARD.encode(wrapped),
        "initial_vector": STANDARD.encode(iv),
    });
    Ok((body, Session { key, iv }))
}

impl Session {
    /// Decrypts the endpoint's reply body (base64 of ciphertext and tag, under the flipped IV)
    /// and reads it as JSON.
    pub fn open(&self, body: &[u8]) -> Result<Value, Error> {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::Undecryptable(Undecryptable::Empty));
        }
        let Ok(sealed) = STANDARD.decode(text) else {
            return Err(Error::Undecryptable(classify(text)));
        };
        let flipped: Vec<u8> = self.iv.iter().map(|b| !b).collect();
        let cipher = Cipher::new(Key::<Cipher>::from_slice(&self.key));
        let plain = cipher
            .decrypt(GenericArray::from_slice(&flipped), sealed.as_slice())
            .map_err(|_| Error::Undecryptable(Undecryptable::Key))?;
        serde_json::from_slice(&plain).map_err(|e| Error::NotJson(e.to_string()))
    }
}

/// Why a reply that is not base64 is not: what it looks like instead.
fn classify(text: &str) -> Undecryptable {
    if serde_json::from_str::<Value>(text).is_ok() {
        Undecryptable::PlainJson
    } else if text.starts_with('<') {
        Undecryptable::Html
    } else {
        Undecryptable::NotBase64
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    const PUBLIC: &str = "-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAK\n-----END PUBLIC KEY-----\n";

    #[test]
    fn a_private_key_is_refused_with_the_reason() {
        let err =
            PublicKey::from_pem("-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----")
                .unwrap_err();
        assert!(err.to_string().contains("private key"), "{err}");
    }

    #[test]
    fn garbage_is_not_a_key() {
        for pem in ["", "hello", PUBLIC] {
            let err = PublicKey::from_pem(pem).unwrap_err();
            assert!(matches!(err, Error::PublicKey(_)), "{pem}: {err}");
        }
    }

    #[test]
    fn a_reply_that_is_not_base64_is_named() {
        let session = Session {
            key: [1; 16],
            iv: [2; 16],
        };
        let cases = [
            ("", Undecryptable::Empty),
            ("{\"data\":{}}", Undecryptable::PlainJson),
            ("<html>oops</html>", Undecryptable::Html),
            ("not base64!", Undecryptable::NotBase64),
            ("aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=", Undecryptable::Key),
        ];
        for (body, want) in cases {
            match session.open(body.as_bytes()) {
                Err(Error::Undecryptable(got)) => assert_eq!(got, want, "{body}"),
                other => panic!("{body}: {other:?}"),
            }
        }
    }
}
