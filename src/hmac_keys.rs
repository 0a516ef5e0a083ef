//! HMAC with its key schedule computed once per secret.
//!
//! Keying an HMAC hashes the padded key twice (inner and outer pad): two of the roughly eight
//! SHA-256 compressions a typical token needs. Servers sign with one or a few secrets, so the
//! keyed states are kept in a small cache keyed by algorithm and secret bytes. It holds at most
//! [`CAPACITY`] entries and replaces the least recently used, so a caller cycling through many
//! secrets costs memory for eight, not for all. The secrets it holds are ones the caller already
//! keeps in this module's memory for every call.

use std::cell::RefCell;

use hmac::{Hmac, Mac};
use sha2::{Sha256, Sha384, Sha512};

use crate::algorithm::Algorithm;

/// How many keyed states the cache keeps.
pub const CAPACITY: usize = 8;

#[derive(Clone)]
enum Keyed {
    Sha256(Hmac<Sha256>),
    Sha384(Hmac<Sha384>),
    Sha512(Hmac<Sha512>),
}

struct Entry {
    alg: Algorithm,
    secret: Vec<u8>,
    keyed: Keyed,
}

thread_local! {
    // wasm32 runs one thread; natively each test thread gets its own cache.
    static CACHE: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// The MAC of `input` under `secret`, written to `out` (32, 48 or 64 bytes). `alg` must be an
/// HS* algorithm; anything else is treated as HS256 by the caller's contract.
pub fn mac(alg: Algorithm, secret: &[u8], input: &[u8], out: &mut Vec<u8>) {
    let mut keyed = CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let found = cache.iter().position(|e| e.alg == alg && e.secret == secret);
        let entry = match found {
            Some(index) => cache.remove(index),
            None => Entry { alg, secret: secret.to_vec(), keyed: key(alg, secret) },
        };
        let keyed = entry.keyed.clone();
        // Most recently used at the end; the front is the first to go.
        cache.push(entry);
        if cache.len() > CAPACITY {
            cache.remove(0);
        }
        keyed
    });
    match &mut keyed {
        Keyed::Sha256(m) => {
            m.update(input);
            out.extend_from_slice(&m.clone().finalize().into_bytes());
        }
        Keyed::Sha384(m) => {
            m.update(input);
            out.extend_from_slice(&m.clone().finalize().into_bytes());
        }
        Keyed::Sha512(m) => {
            m.update(input);
            out.extend_from_slice(&m.clone().finalize().into_bytes());
        }
    }
}

fn key(alg: Algorithm, secret: &[u8]) -> Keyed {
    // HMAC accepts keys of any length (RFC 2104), so new_from_slice cannot fail here.
    match alg {
        Algorithm::HS384 => Keyed::Sha384(keyed(secret)),
        Algorithm::HS512 => Keyed::Sha512(keyed(secret)),
        _ => Keyed::Sha256(keyed(secret)),
    }
}

fn keyed<M: Mac + hmac::digest::KeyInit>(secret: &[u8]) -> M {
    <M as hmac::digest::KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| <M as hmac::digest::KeyInit>::new(&Default::default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    #[wasm_bindgen_test]
    fn rfc_4231_case_2_through_the_cache() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        for _ in 0..3 {
            let mut out = Vec::new();
            mac(Algorithm::HS256, b"Jefe", b"what do ya want for nothing?", &mut out);
            assert_eq!(hex(&out), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        }
    }

    #[test]
    #[wasm_bindgen_test]
    fn the_cache_stays_bounded_and_correct() {
        for round in 0..3 {
            for i in 0..(CAPACITY * 2) {
                let secret = format!("secret-{i}");
                let mut cached = Vec::new();
                mac(Algorithm::HS512, secret.as_bytes(), b"input", &mut cached);
                let mut fresh = Hmac::<Sha512>::new_from_slice(secret.as_bytes()).unwrap();
                fresh.update(b"input");
                assert_eq!(cached, fresh.finalize().into_bytes().to_vec(), "round {round}, {secret}");
            }
        }
        CACHE.with(|cache| assert_eq!(cache.borrow().len(), CAPACITY));
    }
}
