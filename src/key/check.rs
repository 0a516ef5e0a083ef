//! jsonwebtoken 9's key checks: the minimum RSA size of `sign.js` and
//! `lib/validateAsymmetricKey.js`, with their messages (in `error/message.rs`), plus `verify.js`'s
//! default `algorithms` by key type.

use super::asymmetric::{KeyType, ParsedKey};
use super::Key;
use crate::algorithm::Algorithm;
use crate::error::Error;

/// `allowedAlgorithmsForKeys` of validateAsymmetricKey.js.
const EC_ALGS: &[&str] = &["ES256", "ES384", "ES512"];
const RSA_ALGS: &[&str] = &["RS256", "PS256", "RS384", "PS384", "RS512", "PS512"];
const RSA_PSS_ALGS: &[&str] = &["PS256", "PS384", "PS512"];

/// sign.js: RS*/PS* (not ES*) with a key whose `modulusLength` is under 2048 bits, unless
/// `allowInsecureKeySizes`.
pub fn check_key_size(alg: &str, key: Option<&ParsedKey>) -> Result<(), Error> {
    let bits = key.and_then(|k| k.key_type.modulus_bits());
    match bits {
        Some(bits) if bits < 2048 && !alg.starts_with("ES") => Err(Error::KeyTooSmall(alg.to_owned())),
        _ => Ok(()),
    }
}

/// validateAsymmetricKey(alg, key): the key type must suit the algorithm, an EC key must be on
/// the algorithm's curve, an RSA-PSS key's parameters must match. Secrets and absent keys pass.
/// Beyond jsonwebtoken: an Ed25519 key is valid for `EdDSA` (and, as in jsonwebtoken, an
/// "Unknown key type" for anything else).
pub fn validate_asymmetric_key(alg: &str, key: Option<&Key<'_>>) -> Result<(), Error> {
    let Some(key) = key.and_then(Key::asymmetric) else {
        return Ok(());
    };
    if alg.is_empty() {
        return Ok(());
    }
    let allowed = match &key.key_type {
        KeyType::Ec { .. } => EC_ALGS,
        KeyType::Rsa { .. } => RSA_ALGS,
        KeyType::RsaPss { .. } => RSA_PSS_ALGS,
        KeyType::Ed25519 if alg == Algorithm::EdDSA.name() => return Ok(()),
        // No asymmetricKeyType in Node (SM2, X9.42 DH): validateAsymmetricKey lets it by, and the
        // signature then fails (OpenSSL's error there; here no signature is made or valid).
        KeyType::Unnamed(_) => return Ok(()),
        other => return Err(Error::KeyTypeUnknown(other.name())),
    };
    if !allowed.contains(&alg) {
        return Err(Error::KeyTypeNotAllowed { key_type: key.key_type.name(), allowed });
    }
    match &key.key_type {
        KeyType::Ec { curve } => {
            let required = match alg {
                "ES256" => "prime256v1",
                "ES384" => "secp384r1",
                _ => "secp521r1",
            };
            if *curve != required {
                return Err(Error::CurveMismatch { alg: alg.to_owned(), curve: required });
            }
        }
        KeyType::RsaPss { params, .. } => {
            // parseInt(algorithm.slice(-3), 10): 256, 384 or 512.
            let length: u32 = alg.get(2..).and_then(|n| n.parse().ok()).unwrap_or(0);
            let expected = format!("sha{length}");
            let hash_ok = params.as_ref().is_some_and(|p| p.hash == Some(expected.as_str()) && p.mgf1_hash == p.hash);
            if !hash_ok {
                return Err(Error::PssParamsMismatch(alg.to_owned()));
            }
            if params.as_ref().is_some_and(|p| p.salt_len > length >> 3) {
                return Err(Error::PssSaltMismatch(alg.to_owned()));
            }
        }
        _ => {}
    }
    Ok(())
}

/// verify.js: the algorithms allowed when `algorithms` is not given, by key type.
pub fn default_algorithms(key: Option<&Key<'_>>) -> &'static [Algorithm] {
    match key {
        Some(Key::Secret(_)) => &Algorithm::HMAC,
        Some(key) => match key.asymmetric().map(|k| &k.key_type) {
            Some(KeyType::Rsa { .. } | KeyType::RsaPss { .. }) => &Algorithm::PUBLIC_KEY,
            Some(KeyType::Ec { .. }) => &Algorithm::EC,
            _ => &Algorithm::PUBLIC_KEY,
        },
        None => &Algorithm::PUBLIC_KEY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn no_key_passes_the_checks() {
        // HS256 or a key without a modulus: nothing to check.
        assert!(check_key_size("HS256", None).is_ok());
        assert!(validate_asymmetric_key("RS256", None).is_ok());
        assert_eq!(default_algorithms(None), &Algorithm::PUBLIC_KEY[..]);
    }
}
