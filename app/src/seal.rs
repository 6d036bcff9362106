//! Secrets at rest (code-of-conduct reports, webhook signing secrets): sealed with
//! XChaCha20-Poly1305 (authenticated, a random 192-bit nonce per seal, so no counter has to
//! survive restarts) under a key derived by HKDF-SHA256 from the instance's secret key, one
//! key per purpose. What is sealed is bound to where it belongs (the associated data names the
//! row), so a sealed text copied into another row does not open.
//!
//! When the secret key changes, sealed texts no longer open: the pages say so instead of
//! showing them, and nothing else breaks. Keep the old key to keep what was sealed.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;

use crate::error::AppError;

/// The first byte of every sealed text: which key and cipher sealed it.
const VERSION: u8 = 1;
const NONCE: usize = 24;

pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl Sealer {
    /// The sealer for `purpose` ("conduct reports", "webhook secrets"): each has its own key.
    pub fn new(secret_key: &[u8; 32], purpose: &str) -> Self {
        let mut key = [0u8; 32];
        Hkdf::<Sha256>::new(Some(b"festplan"), secret_key)
            .expand(format!("{purpose}, v1").as_bytes(), &mut key)
            .expect("32 bytes is a valid HKDF-SHA256 length");
        Self { cipher: XChaCha20Poly1305::new(&key.into()) }
    }

    /// `plain`, sealed for the place named by `bound_to` (e.g. "report 12").
    pub fn seal(&self, bound_to: &str, plain: &[u8]) -> Vec<u8> {
        let nonce: [u8; NONCE] = rand::random();
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad: bound_to.as_bytes() })
            .expect("sealing in memory does not fail");
        let mut out = Vec::with_capacity(1 + NONCE + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens what [`Sealer::seal`] sealed for `bound_to`; refuses anything else.
    pub fn open(&self, bound_to: &str, sealed: &[u8]) -> Result<Vec<u8>, Unsealable> {
        if sealed.len() < 1 + NONCE || sealed[0] != VERSION {
            return Err(Unsealable);
        }
        let (nonce, text) = sealed[1..].split_at(NONCE);
        self.cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: text, aad: bound_to.as_bytes() }).map_err(|_| Unsealable)
    }

    pub fn seal_str(&self, bound_to: &str, plain: &str) -> Vec<u8> {
        self.seal(bound_to, plain.as_bytes())
    }

    pub fn open_str(&self, bound_to: &str, sealed: &[u8]) -> Result<String, Unsealable> {
        String::from_utf8(self.open(bound_to, sealed)?).map_err(|_| Unsealable)
    }
}

/// A sealed text that does not open with this instance's key (changed key, or a damaged row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsealable;

impl From<Unsealable> for AppError {
    fn from(_: Unsealable) -> Self {
        AppError::Conflict("This was sealed under another secret key and cannot be opened with this one.".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_text_opens_only_with_its_key_and_its_place() {
        let sealer = Sealer::new(&[7; 32], "conduct reports");
        let sealed = sealer.seal_str("report 1", "He followed me to the car park.");
        assert!(!sealed.windows(8).any(|w| w == b"car park"), "the text is not readable in the sealed bytes");
        assert_eq!(sealer.open_str("report 1", &sealed).unwrap(), "He followed me to the car park.");
        assert_eq!(sealer.open_str("report 2", &sealed), Err(Unsealable), "moved to another report");
        assert_eq!(Sealer::new(&[8; 32], "conduct reports").open_str("report 1", &sealed), Err(Unsealable), "another instance key");
        assert_eq!(Sealer::new(&[7; 32], "webhook secrets").open_str("report 1", &sealed), Err(Unsealable), "another purpose");
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(sealer.open_str("report 1", &tampered), Err(Unsealable), "a changed byte");
        assert_ne!(sealer.seal_str("report 1", "same"), sealer.seal_str("report 1", "same"), "a fresh nonce each time");
    }
}
