//! Making and checking the signature part of a JWS (jwa's `sign`/`verify`): HMAC here, the
//! asymmetric families in `asymmetric.rs`, or left to the host's native primitive
//! (`delegated.rs`).
//!
//! HMAC runs on the RustCrypto `hmac`/`sha2` crates (the ones jsonwebtoken's `rust_crypto`
//! backend uses), keyed once per secret (`hmac.rs`). Checking recomputes the MAC and compares
//! it in constant time (`subtle`); the token's signature is first decoded strictly (canonical
//! base64url only), which is exactly jwa's test of comparing the canonical base64url strings.

#[cfg(feature = "asymmetric")]
mod asymmetric;
pub mod delegated;
mod hmac;

use crate::algorithm::Algorithm;
use crate::base64url;
use crate::error::Error;
use crate::key::Key;

/// A signature's bytes: an HMAC tag (on the stack) or an asymmetric signature.
pub enum Signature {
    /// HS256/384/512.
    Mac(hmac::Tag),
    /// RS/PS/ES/EdDSA, or nothing for `none`.
    Bytes(Vec<u8>),
}

impl Signature {
    /// The signature's bytes, to be written in base64url.
    pub fn as_slice(&self) -> &[u8] {
        match self {
            Signature::Mac(tag) => tag.as_slice(),
            Signature::Bytes(bytes) => bytes,
        }
    }
}

/// The signature of `input` made with `key` under `alg`.
pub fn sign(alg: Algorithm, key: Option<&Key<'_>>, input: &[u8]) -> Result<Signature, Error> {
    match (alg, key) {
        (Algorithm::None, _) => Ok(Signature::Bytes(Vec::new())),
        (Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512, Some(Key::Secret(secret))) => {
            Ok(Signature::Mac(hmac::mac(alg, secret, input)))
        }
        #[cfg(feature = "asymmetric")]
        (_, Some(Key::Private(key))) => asymmetric::sign(alg, key, input).map(Signature::Bytes),
        (_, None) => Err(Error::SecretMissing),
        (alg, _) => Err(Error::AlgorithmNotSupported(alg.name().to_owned())),
    }
}

/// True when `signature` (the token's third part) is the signature of `input`.
pub fn verify(alg: Algorithm, key: Option<&Key<'_>>, input: &[u8], signature: &str) -> Result<bool, Error> {
    match (alg, key) {
        // jwa's "none" verifier: valid exactly when the signature is empty.
        (Algorithm::None, _) => Ok(signature.is_empty()),
        (Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512, Some(Key::Secret(secret))) => {
            // A MAC is at most 64 bytes: a longer signature cannot match and is not decoded.
            let mut buffer = [0u8; 64];
            let Some(given) = base64url::decode_canonical_into(signature, &mut buffer) else {
                return Ok(false);
            };
            Ok(constant_time_eq(hmac::mac(alg, secret, input).as_slice(), given))
        }
        #[cfg(feature = "asymmetric")]
        (_, Some(Key::Public(key))) => asymmetric::verify(alg, key, input, signature),
        _ => Ok(false),
    }
}

/// Compares two MACs in constant time: every byte is compared whatever the first difference
/// (the lengths, 32, 48 or 64, are public). The differences are gathered eight bytes at a time
/// behind an optimization barrier per word, so the compiler cannot turn the fold into an early
/// exit, and `subtle` makes the one decision at the end. (`subtle`'s slice comparison puts its
/// barrier on every byte: a tenth of a token check in wasm, for the same guarantee.)
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    if a.len() != b.len() {
        return false;
    }
    let word = |chunk: &[u8]| <[u8; 8]>::try_from(chunk).map(u64::from_ne_bytes).unwrap_or_default();
    let (a_words, b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail = a_words.remainder().iter().zip(b_words.remainder()).fold(0u64, |acc, (x, y)| acc | u64::from(x ^ y));
    let diff = a_words.zip(b_words).fold(tail, |acc, (x, y)| std::hint::black_box(acc | (word(x) ^ word(y))));
    bool::from(diff.ct_eq(&0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn constant_time_eq_is_equality() {
        let mac: Vec<u8> = (0..64u8).collect();
        for len in [0, 1, 7, 8, 9, 32, 48, 64] {
            let a = &mac[..len];
            assert!(constant_time_eq(a, a));
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 0x80;
                assert!(!constant_time_eq(a, &b), "{len} {at}");
            }
        }
        assert!(!constant_time_eq(&mac[..32], &mac[..31]));
    }
}
