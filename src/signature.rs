//! Making and checking the signature part of a JWS: HMAC here, the asymmetric families in
//! [`asymmetric`], or left to the host's native primitive ([`host`]).
//!
//! HMAC runs on the RustCrypto `hmac`/`sha2` crates (the ones jsonwebtoken's `rust_crypto`
//! backend uses), keyed once per secret (`hmac_keys`). Checking recomputes the MAC and compares
//! it in constant time (`subtle`); the token's signature is first decoded strictly (canonical base64url only), which is exactly
//! jwa's test of comparing the canonical base64url strings.

#[cfg(feature = "asymmetric")]
pub mod asymmetric;
pub mod host;

use crate::algorithm::Algorithm;
use crate::base64url;
use crate::error::Error;
use crate::hmac_keys;
use crate::key::Key;

/// A signature's bytes: an HMAC tag (on the stack) or an asymmetric signature.
pub enum Signature {
    /// HS256/384/512.
    Mac(hmac_keys::Tag),
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
            Ok(Signature::Mac(hmac_keys::mac(alg, secret, input)))
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
            let Some(given) = base64url::decode_canonical(signature) else {
                return Ok(false);
            };
            Ok(constant_time_eq(hmac_keys::mac(alg, secret, input).as_slice(), &given))
        }
        #[cfg(feature = "asymmetric")]
        (_, Some(Key::Public(key))) => asymmetric::verify(alg, key, input, signature),
        _ => Ok(false),
    }
}

/// Compares two MACs without an early exit, through `subtle` (what `Mac::verify_slice` uses).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}
