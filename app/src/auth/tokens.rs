//! Signed links and codes: personal RSVP links, check-in codes, invitations. Each is an id
//! with a truncated HMAC under the instance's secret key, bound to its purpose, so a token of
//! one kind never works as another and nothing needs storing.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::state::SecretKey;

/// "ID-HEX" with HEX the first `len` bytes of the HMAC of "PURPOSE:ID".
pub fn sign(key: &SecretKey, purpose: &str, id: i64, len: usize) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(&key.0).expect("any key length works");
    mac.update(format!("{purpose}:{id}").as_bytes());
    format!("{id}-{}", hex::encode(&mac.finalize().into_bytes()[..len]))
}

/// Checks "ID-HEX" where HEX is the first `len` bytes of the HMAC of "PURPOSE:ID".
pub fn verify_signed(key: &SecretKey, purpose: &str, token: &str, len: usize) -> Option<i64> {
    let (id, mac_hex) = token.trim().split_once('-')?;
    let id: i64 = id.parse().ok()?;
    let given = hex::decode(mac_hex).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key.0).ok()?;
    mac.update(format!("{purpose}:{id}").as_bytes());
    (given.len() == len && mac.verify_truncated_left(&given).is_ok()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_works_only_for_its_purpose_and_unchanged() {
        let key = SecretKey([7; 32]);
        let token = sign(&key, "rsvp-manage", 42, 16);
        assert_eq!(verify_signed(&key, "rsvp-manage", &token, 16), Some(42));
        assert_eq!(verify_signed(&key, "event-invitation", &token, 16), None, "another purpose");
        assert_eq!(verify_signed(&SecretKey([8; 32]), "rsvp-manage", &token, 16), None, "another instance");
        let other_id = token.replacen("42-", "43-", 1);
        assert_eq!(verify_signed(&key, "rsvp-manage", &other_id, 16), None, "another id");
        assert_eq!(verify_signed(&key, "rsvp-manage", &token[..token.len() - 2], 16), None, "cut short");
    }
}
