//! Check-in codes that are easy to read aloud and to type: "K7Q-X4M-X9P". The letters and
//! digits leave out those that look or sound alike (0/O, 1/I/L), so a guest can spell their
//! code to the door helper. A code is the RSVP's id followed by an HMAC of it under the
//! instance's key, both in that alphabet, so nothing needs storing and nobody can make one up.
//! Codes are read in any case, with or without dashes and spaces; the older "42-0a1b2c3d4e"
//! codes (already mailed) keep working.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::auth::tokens::verify_signed;
use crate::state::SecretKey;

/// 31 characters: 2–9 and A–Z without I, L and O.
const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const BASE: u64 = ALPHABET.len() as u64;
/// The id takes at least this many characters (31⁴: the first 923,521 RSVPs), so codes keep one length.
const ID_CHARS: usize = 4;
/// The signature: 31⁵, about 28.6 million possibilities for each id.
const MAC_CHARS: usize = 5;
const PURPOSE: &str = "rsvp-door-code";

/// The code a going party shows at the entrance, grouped in threes.
pub fn check_in_code(key: &SecretKey, rsvp_id: i64) -> String {
    let id = u64::try_from(rsvp_id).unwrap_or(0);
    let plain = format!("{}{}", encode(id, ID_CHARS), signature(key, id));
    group(&plain)
}

/// The RSVP a typed or scanned code stands for, if the code is genuine.
pub fn verify_check_in_code(key: &SecretKey, code: &str) -> Option<i64> {
    // Codes mailed before the spoken ones: "ID-HEX".
    if let Some(id) = verify_signed(key, "rsvp-checkin", &code.trim().to_ascii_lowercase(), 5) {
        return Some(id);
    }
    let plain = plain(code);
    if plain.len() < ID_CHARS + MAC_CHARS || !plain.bytes().all(|b| ALPHABET.contains(&b)) {
        return None;
    }
    let (id_part, mac_part) = plain.split_at(plain.len() - MAC_CHARS);
    let id = decode(id_part)?;
    // One spelling per code: no leading "2"s (zeros) beyond the padding.
    if encode(id, ID_CHARS) != id_part {
        return None;
    }
    let expected = signature(key, id);
    let same = expected.bytes().zip(mac_part.bytes()).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0;
    (same && i64::try_from(id).is_ok()).then_some(id as i64)
}

/// The code as it is typed (no dashes or spaces, capitals), for comparing.
pub fn plain(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect()
}

fn signature(key: &SecretKey, id: u64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(&key.0).expect("any key length works");
    mac.update(format!("{PURPOSE}:{id}").as_bytes());
    let bytes = mac.finalize().into_bytes();
    let number = u64::from_be_bytes(bytes[..8].try_into().expect("8 bytes"));
    // 31⁵ is far below 2⁶⁴, so the remainder is as good as uniform.
    encode(number % BASE.pow(MAC_CHARS as u32), MAC_CHARS)
}

/// `n` in the alphabet, at least `width` characters (padded with its zero, "2").
fn encode(mut n: u64, width: usize) -> String {
    let mut digits = Vec::new();
    while n > 0 || digits.len() < width {
        digits.push(ALPHABET[(n % BASE) as usize]);
        n /= BASE;
    }
    digits.reverse();
    String::from_utf8(digits).expect("ASCII")
}

fn decode(s: &str) -> Option<u64> {
    s.bytes().try_fold(0u64, |n, b| {
        let digit = ALPHABET.iter().position(|&a| a == b)? as u64;
        n.checked_mul(BASE)?.checked_add(digit)
    })
}

/// "K7QX4MX9P" → "K7Q-X4M-X9P": groups of three are easy to say and to hold in mind.
fn group(plain: &str) -> String {
    plain.as_bytes().chunks(3).map(|c| std::str::from_utf8(c).expect("ASCII")).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::tokens::sign;

    const KEY: SecretKey = SecretKey([9; 32]);

    #[test]
    fn codes_have_no_look_alikes_and_come_in_groups_of_three() {
        for id in [1, 42, 999, 923_520, 923_521, 50_000_000] {
            let code = check_in_code(&KEY, id);
            assert!(!code.contains(['0', 'O', '1', 'I', 'L']), "{code}");
            assert!(code.split('-').all(|g| (1..=3).contains(&g.len())), "{code}");
            assert_eq!(verify_check_in_code(&KEY, &code), Some(id), "{code}");
        }
        let code = check_in_code(&KEY, 42);
        assert_eq!(code.len(), 11, "nine characters in three groups: {code}");
    }

    #[test]
    fn codes_are_read_in_any_case_with_or_without_dashes_and_spaces() {
        let code = check_in_code(&KEY, 42);
        let plain = plain(&code);
        for typed in
            [code.to_lowercase(), plain.clone(), plain.to_lowercase(), code.replace('-', " "), format!("  {} ", code.replace('-', " - "))]
        {
            assert_eq!(verify_check_in_code(&KEY, &typed), Some(42), "{typed}");
        }
    }

    #[test]
    fn a_wrong_character_another_key_or_a_padded_id_is_refused() {
        let code = plain(&check_in_code(&KEY, 42));
        assert_eq!(verify_check_in_code(&SecretKey([8; 32]), &code), None);
        let last = code.as_bytes()[code.len() - 1];
        let other = ALPHABET.iter().find(|&&a| a != last).copied().unwrap() as char;
        assert_eq!(verify_check_in_code(&KEY, &format!("{}{other}", &code[..code.len() - 1])), None);
        assert_eq!(verify_check_in_code(&KEY, &format!("2{code}")), None, "one spelling per code");
        assert_eq!(verify_check_in_code(&KEY, &code[..code.len() - 1]), None, "cut short");
        assert_eq!(verify_check_in_code(&KEY, "O0O0-1I1L"), None);
    }

    #[test]
    fn codes_mailed_before_keep_working() {
        let old = sign(&KEY, "rsvp-checkin", 42, 5);
        assert_eq!(verify_check_in_code(&KEY, &old), Some(42));
        assert_eq!(verify_check_in_code(&KEY, &old.to_uppercase()), Some(42));
        assert_eq!(verify_check_in_code(&KEY, &sign(&KEY, "rsvp-manage", 42, 16)), None, "a personal link is no code");
    }
}
