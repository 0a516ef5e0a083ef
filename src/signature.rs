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

/// Appends the base64url signature of `input` made with `key` under `alg`.
pub fn sign_into(out: &mut Vec<u8>, alg: Algorithm, key: Option<&Key<'_>>, input: &[u8]) -> Result<(), Error> {
    match (alg, key) {
        (Algorithm::None, _) => Ok(()),
        (Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512, Some(Key::Secret(secret))) => {
            let mut mac = Vec::with_capacity(64);
            hmac_keys::mac(alg, secret, input, &mut mac);
            base64url::encode_into(out, &mac);
            Ok(())
        }
        #[cfg(feature = "asymmetric")]
        (_, Some(Key::Private(key))) => {
            base64url::encode_into(out, &asymmetric::sign(alg, key, input)?);
            Ok(())
        }
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
            let mut expected = Vec::with_capacity(64);
            hmac_keys::mac(alg, secret, input, &mut expected);
            Ok(constant_time_eq(&expected, &given))
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
