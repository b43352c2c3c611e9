//! Credentials at rest: the database stores see a user row only as an XChaCha20-Poly1305
//! ciphertext under a [`StoreKey`] from configuration.

use std::fmt;

use chacha20poly1305::aead::{Aead, Generate, KeyInit};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

use super::StoreError;
use crate::models::User;

/// Format byte of a sealed value: `1 | nonce (24 bytes) | ciphertext + tag`.
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
/// What the key check row holds, sealed: proves at open that the key is the one the store's
/// credentials were written with.
const KEY_CHECK: &[u8] = b"app-connect-sdk store key check v1";

/// The 32-byte key that encrypts user rows (access and refresh tokens, API keys) in
/// [`SqliteStore`](super::SqliteStore) and `PostgresStore`. Never printed: `Debug` shows
/// `StoreKey([redacted])`.
///
/// ```
/// use app_connect_sdk::server::store::StoreKey;
/// let key = StoreKey::from_hex(&"ab".repeat(32))?;
/// assert_eq!(format!("{key:?}"), "StoreKey([redacted])");
/// assert!(StoreKey::from_hex("not hex").is_err());
/// // Derived from the server secret: the examples need no extra configuration.
/// let derived = StoreKey::derive_from_secret("a server secret of at least 32 bytes!");
/// # let _ = derived;
/// # Ok::<(), app_connect_sdk::server::store::StoreError>(())
/// ```
#[derive(Clone)]
pub struct StoreKey([u8; 32]);

impl fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreKey([redacted])")
    }
}

impl StoreKey {
    /// A key from 32 raw bytes (e.g. from a secret manager).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        StoreKey(bytes)
    }

    /// A key from 64 hexadecimal digits; [`StoreError::InvalidKey`] otherwise.
    pub fn from_hex(hex: &str) -> Result<Self, StoreError> {
        let hex = hex.trim();
        if hex.len() != 64 || !hex.is_ascii() {
            return Err(StoreError::InvalidKey(
                "expected 64 hexadecimal digits (32 bytes)",
            ));
        }
        let mut bytes = [0_u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
                .map_err(|_| StoreError::InvalidKey("expected hexadecimal digits only"))?;
        }
        Ok(StoreKey(bytes))
    }

    /// The key in environment variable `var` (64 hex digits);
    /// [`StoreError::InvalidKey`] naming the problem when it is unset or malformed.
    pub fn from_env(var: &str) -> Result<Self, StoreError> {
        match std::env::var(var) {
            Ok(value) => Self::from_hex(&value),
            Err(_) => Err(StoreError::InvalidKey(
                "the store key variable is not set (64 hexadecimal digits expected)",
            )),
        }
    }

    /// A key derived from the server's session secret (SHA-256 of a domain tag and the
    /// secret), so a deployment with one secret needs no second one. Rotating the session
    /// secret then also requires re-encrypting the store: prefer a separate key in production.
    pub fn derive_from_secret(secret: &str) -> Self {
        let mut hash = Sha256::new();
        hash.update(b"app-connect-sdk/store-key/v1\0");
        hash.update(secret.as_bytes());
        StoreKey(hash.finalize().into())
    }
}

/// The cipher of one store.
pub(crate) struct Cipher(XChaCha20Poly1305);

impl fmt::Debug for Cipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cipher([redacted])")
    }
}

impl Cipher {
    pub(crate) fn new(key: &StoreKey) -> Self {
        Cipher(XChaCha20Poly1305::new(&Key::from(key.0)))
    }

    pub(crate) fn seal(&self, plaintext: &[u8]) -> Result<Vec<u8>, StoreError> {
        let nonce = XNonce::generate();
        let sealed = self
            .0
            .encrypt(&nonce, plaintext)
            .map_err(|_| StoreError::Backend("encryption failed".into()))?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(nonce.as_slice());
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// [`StoreError::WrongKey`] when the value was sealed under another key (or altered).
    pub(crate) fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        if sealed.len() < 1 + NONCE_LEN || sealed[0] != VERSION {
            return Err(StoreError::Corrupt(
                "a sealed value has an unknown format".into(),
            ));
        }
        let nonce = XNonce::try_from(&sealed[1..=NONCE_LEN])
            .map_err(|_| StoreError::Corrupt("a sealed value has a bad nonce".into()))?;
        self.0
            .decrypt(&nonce, &sealed[1 + NONCE_LEN..])
            .map_err(|_| StoreError::WrongKey)
    }

    /// The sealed key check value, written when a store is created.
    pub(crate) fn key_check(&self) -> Result<Vec<u8>, StoreError> {
        self.seal(KEY_CHECK)
    }

    /// Whether a stored key check value was sealed under this key.
    pub(crate) fn verify(&self, stored: &[u8]) -> Result<(), StoreError> {
        match self.open(stored)? {
            check if check == KEY_CHECK => Ok(()),
            _ => Err(StoreError::WrongKey),
        }
    }

    pub(crate) fn seal_user(&self, user: &User) -> Result<Vec<u8>, StoreError> {
        let json = serde_json::to_vec(user).map_err(|e| StoreError::Backend(Box::new(e)))?;
        self.seal(&json)
    }

    pub(crate) fn open_user(&self, sealed: &[u8]) -> Result<User, StoreError> {
        let json = self.open(sealed)?;
        serde_json::from_slice(&json)
            .map_err(|e| StoreError::Corrupt(format!("a stored user is not valid JSON: {e}")))
    }
}

/// A stored linkage row back from its JSON column.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    json: &str,
    what: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("a stored {what} row is not valid JSON: {e}")))
}

/// A linkage row as its JSON column.
pub(crate) fn to_json<T: serde::Serialize>(row: &T) -> Result<String, StoreError> {
    serde_json::to_string(row).map_err(|e| StoreError::Backend(Box::new(e)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code: a panic is the failure report

    use super::*;
    use crate::models::Secret;

    #[test]
    fn sealed_users_hide_their_tokens_and_open_only_under_their_key() {
        let cipher = Cipher::new(&StoreKey::from_bytes([7; 32]));
        let mut user = User::new("u1", "testCRM");
        user.access_token = Secret::new("very-secret-token");
        let sealed = cipher.seal_user(&user).unwrap();
        let needle = b"very-secret-token";
        assert!(!sealed.windows(needle.len()).any(|w| w == needle));
        let back = cipher.open_user(&sealed).unwrap();
        assert_eq!(back.access_token.expose(), "very-secret-token");

        let other = Cipher::new(&StoreKey::from_bytes([8; 32]));
        assert!(matches!(
            other.open_user(&sealed),
            Err(StoreError::WrongKey)
        ));
        let check = cipher.key_check().unwrap();
        assert!(cipher.verify(&check).is_ok());
        assert!(matches!(other.verify(&check), Err(StoreError::WrongKey)));
        assert!(matches!(
            cipher.open(b"\x01short"),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn keys_parse_from_hex_and_never_print() {
        assert!(StoreKey::from_hex(&"0f".repeat(32)).is_ok());
        assert!(matches!(
            StoreKey::from_hex(&"zz".repeat(32)),
            Err(StoreError::InvalidKey(_))
        ));
        assert!(StoreKey::from_hex("abcd").is_err());
        let derived = StoreKey::derive_from_secret("s");
        assert_eq!(format!("{derived:?}"), "StoreKey([redacted])");
        assert_ne!(
            StoreKey::derive_from_secret("s").0,
            StoreKey::derive_from_secret("t").0
        );
    }
}
