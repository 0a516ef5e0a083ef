//! HMAC for jwa's HS256, HS384 and HS512, with its key schedule computed once per secret, and the
//! hash state of a repeated input prefix kept.
//!
//! Keying an HMAC hashes the padded key twice (inner and outer pad): two of the roughly eight
//! SHA-256 compressions a typical token needs. Servers sign with one or a few secrets, so the
//! keyed states are kept in a small cache keyed by algorithm and secret bytes. It holds at most
//! [`CAPACITY`] entries and replaces the least recently used (wiping the secret it held), so a
//! caller cycling through many secrets costs memory for eight, not for all. The secrets it
//! holds are ones the caller already keeps in this module's memory for every call.
//!
//! Consecutive tokens under one secret share most of their first bytes: the header, then
//! payload members that do not change between calls (`apikey`, `permissions`, a room). Each
//! entry also keeps the hash state after the longest whole-block prefix that its last two inputs
//! shared, and starts from it when the next input begins with the same bytes: the MAC is the
//! same function of the same bytes, computed with fewer compressions. The prefix compared is
//! token text (public); nothing secret is compared.

use std::cell::RefCell;

use hmac::{Hmac, Mac};
use sha2::{Sha256, Sha384, Sha512};
use zeroize::Zeroize;

use crate::algorithm::Algorithm;
use crate::bytes;

/// How many keyed states the cache keeps.
pub const CAPACITY: usize = 8;

/// The longest input prefix an entry remembers (bytes).
const PREFIX_LIMIT: usize = 1024;

#[derive(Clone)]
enum Keyed {
    Sha256(Hmac<Sha256>),
    Sha384(Hmac<Sha384>),
    Sha512(Hmac<Sha512>),
}

// Each hash's update, finalization and keying is a function of its own (`#[inline(never)]`):
// wasm engines compile a function when it is first called, and a server signing HS256 then never
// compiles the SHA-384/512 halves of these matches (a cold start measured in milliseconds).
impl Keyed {
    fn update(&mut self, bytes: &[u8]) {
        match self {
            Keyed::Sha256(m) => update(m, bytes),
            Keyed::Sha384(m) => update(m, bytes),
            Keyed::Sha512(m) => update(m, bytes),
        }
    }

    fn finalize(self) -> Tag {
        match self {
            Keyed::Sha256(m) => finalize(m),
            Keyed::Sha384(m) => finalize(m),
            Keyed::Sha512(m) => finalize(m),
        }
    }

    /// The hash's block size: prefixes are kept in whole blocks.
    fn block_len(&self) -> usize {
        match self {
            Keyed::Sha256(_) => 64,
            Keyed::Sha384(_) | Keyed::Sha512(_) => 128,
        }
    }
}

/// A MAC: 32, 48 or 64 bytes, held on the stack (every token needs one; no allocation).
#[derive(Clone, Copy)]
pub struct Tag {
    bytes: [u8; 64],
    len: usize,
}

impl Tag {
    fn of(mac: &[u8]) -> Tag {
        let mut tag = Tag { bytes: [0; 64], len: 0 };
        if let Some(place) = tag.bytes.get_mut(..mac.len()) {
            place.copy_from_slice(mac);
            tag.len = mac.len();
        }
        tag
    }

    /// The MAC's bytes.
    pub fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

struct Entry {
    alg: Algorithm,
    secret: Vec<u8>,
    keyed: Keyed,
    /// The last input's first bytes (at most [`PREFIX_LIMIT`]).
    last: Vec<u8>,
    /// A whole-block input prefix and the state after hashing it (`prefix` empty: none yet).
    prefix: Vec<u8>,
    prefixed: Keyed,
}

impl Drop for Entry {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

thread_local! {
    // wasm32 runs one thread; natively each test thread gets its own cache.
    static CACHE: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// The MAC of `input` under `secret` (32, 48 or 64 bytes). `alg` must be an HS* algorithm;
/// anything else is treated as HS256 by the caller's contract.
pub fn mac(alg: Algorithm, secret: &[u8], input: &[u8]) -> Tag {
    CACHE.with(|cache| {
        let Ok(mut cache) = cache.try_borrow_mut() else {
            // Unreachable (nothing here calls back into this module); stay correct regardless.
            return uncached(alg, secret, input);
        };
        // Most recently used at the end; the front is the first to go.
        match cache.iter().position(|e| e.alg == alg && bytes::equal(&e.secret, secret)) {
            Some(index) if index + 1 == cache.len() => {}
            Some(index) => {
                let entry = cache.remove(index);
                cache.push(entry);
            }
            None => {
                let keyed = key(alg, secret);
                let prefixed = keyed.clone();
                cache.push(Entry {
                    alg,
                    secret: secret.to_vec(),
                    keyed,
                    last: Vec::new(),
                    prefix: Vec::new(),
                    prefixed,
                });
                if cache.len() > CAPACITY {
                    cache.remove(0);
                }
            }
        }
        match cache.last_mut() {
            Some(entry) => entry.mac(input),
            // Unreachable: the entry was just found or pushed.
            None => uncached(alg, secret, input),
        }
    })
}

/// The MAC computed from scratch, without the cache.
fn uncached(alg: Algorithm, secret: &[u8], input: &[u8]) -> Tag {
    let mut state = key(alg, secret);
    state.update(input);
    state.finalize()
}

impl Entry {
    fn mac(&mut self, input: &[u8]) -> Tag {
        let reuse = !self.prefix.is_empty() && bytes::starts_with(input, &self.prefix);
        let (mut state, mut done) =
            if reuse { (self.prefixed.clone(), self.prefix.len()) } else { (self.keyed.clone(), 0) };
        // What this input shares with the previous one is what the next is likely to share.
        let block = state.block_len();
        let shared = bytes::common_prefix_len(&self.last, input);
        let aligned = shared - shared % block;
        if aligned > done {
            if let (Some(more), Some(prefix)) = (input.get(done..aligned), input.get(..aligned)) {
                state.update(more);
                self.prefix.clear();
                self.prefix.extend_from_slice(prefix);
                self.prefixed = state.clone();
                done = aligned;
            }
        }
        state.update(input.get(done..).unwrap_or_default());
        self.last.clear();
        self.last.extend_from_slice(input.get(..PREFIX_LIMIT).unwrap_or(input));
        state.finalize()
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

#[inline(never)]
fn update<M: Mac>(mac: &mut M, bytes: &[u8]) {
    mac.update(bytes);
}

#[inline(never)]
fn finalize<M: Mac>(mac: M) -> Tag {
    Tag::of(&mac.finalize().into_bytes())
}

#[inline(never)]
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
            let out = mac(Algorithm::HS256, b"Jefe", b"what do ya want for nothing?");
            assert_eq!(hex(out.as_slice()), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        }
    }

    #[test]
    #[wasm_bindgen_test]
    fn the_cache_stays_bounded_and_correct() {
        for round in 0..3 {
            for i in 0..(CAPACITY * 2) {
                let secret = format!("secret-{i}");
                let cached = mac(Algorithm::HS512, secret.as_bytes(), b"input");
                let mut fresh = Hmac::<Sha512>::new_from_slice(secret.as_bytes()).unwrap();
                fresh.update(b"input");
                assert_eq!(cached.as_slice(), &fresh.finalize().into_bytes()[..], "round {round}, {secret}");
            }
        }
        CACHE.with(|cache| assert_eq!(cache.borrow().len(), CAPACITY));
    }

    /// Inputs that share, extend, shorten and change a prefix, in every order: each MAC equals a
    /// fresh HMAC of the same bytes.
    #[test]
    #[wasm_bindgen_test]
    fn prefix_reuse_gives_the_mac_of_the_whole_input() {
        let base: Vec<u8> = (0..700u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for len in [0, 1, 63, 64, 65, 127, 128, 129, 200, 300, 700] {
            inputs.push(base[..len].to_vec());
            let mut changed = base[..len].to_vec();
            if let Some(byte) = changed.get_mut(len / 2) {
                *byte ^= 1;
            }
            inputs.push(changed);
        }
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            for round in 0..3 {
                for i in 0..inputs.len() {
                    let order = if round == 1 { inputs.len() - 1 - i } else { (i * 7 + round) % inputs.len() };
                    let input = &inputs[order];
                    let cached = mac(alg, b"prefix secret", input);
                    let mut state = key(alg, b"prefix secret");
                    state.update(input);
                    let fresh = state.finalize();
                    assert_eq!(hex(cached.as_slice()), hex(fresh.as_slice()), "{alg:?} round {round} input {order}");
                    // The same input twice in a row: the second starts from the kept prefix.
                    let again = mac(alg, b"prefix secret", input);
                    assert_eq!(hex(again.as_slice()), hex(fresh.as_slice()));
                }
            }
        }
    }
}
