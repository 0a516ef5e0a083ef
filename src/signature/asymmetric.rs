//! RSASSA-PKCS1-v1_5 (RS*), RSASSA-PSS (PS*, salt length = digest length, as jwa uses),
//! ECDSA (ES*, the JOSE `r || s` form) and Ed25519 (EdDSA) over a parsed key.
//!
//! RSA signing is blinded (random blinding from the OS RNG); PKCS#1 v1.5 and Ed25519
//! signatures are deterministic, PSS and ECDSA are not comparable byte for byte (ECDSA here
//! uses RFC 6979 nonces; other libraries use random ones).

use ed25519_dalek::{Signer as _, Verifier as _};
use p521::ecdsa::signature::RandomizedSigner as _;
use rand_core::OsRng;
use rsa::{Pkcs1v15Sign, Pss};
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::algorithm::Algorithm;
use crate::base64url;
use crate::error::Error;
use crate::key::asymmetric::{KeyType, Material, ParsedKey};

/// The raw signature of `input` under `alg` with a private key.
pub fn sign(alg: Algorithm, key: &ParsedKey, input: &[u8]) -> Result<Vec<u8>, Error> {
    use Algorithm::*;
    let unsupported = || Error::KeyAlgorithmUnsupported { alg: alg.name().to_owned(), key: describe(&key.key_type) };
    let pss_key = matches!(key.key_type, KeyType::RsaPss { .. });
    Ok(match (alg, &key.material) {
        (RS256 | RS384 | RS512, Material::RsaPrivate(_)) if pss_key => return Err(unsupported()),
        (RS256 | RS384 | RS512 | PS256 | PS384 | PS512, Material::RsaPrivate(rsa)) => {
            let digest = digest(alg, input);
            let result = match alg {
                RS256 => rsa.sign_with_rng(&mut OsRng, Pkcs1v15Sign::new::<Sha256>(), &digest),
                RS384 => rsa.sign_with_rng(&mut OsRng, Pkcs1v15Sign::new::<Sha384>(), &digest),
                RS512 => rsa.sign_with_rng(&mut OsRng, Pkcs1v15Sign::new::<Sha512>(), &digest),
                PS256 => rsa.sign_with_rng(&mut OsRng, Pss::new::<Sha256>(), &digest),
                PS384 => rsa.sign_with_rng(&mut OsRng, Pss::new::<Sha384>(), &digest),
                _ => rsa.sign_with_rng(&mut OsRng, Pss::new::<Sha512>(), &digest),
            };
            result.map_err(|_| unsupported())?
        }
        (ES256, Material::P256Private(k)) => {
            let signature: p256::ecdsa::Signature = k.try_sign(input).map_err(|_| unsupported())?;
            signature.to_bytes().to_vec()
        }
        (ES384, Material::P384Private(k)) => {
            let signature: p384::ecdsa::Signature = k.try_sign(input).map_err(|_| unsupported())?;
            signature.to_bytes().to_vec()
        }
        (ES512, Material::P521Private(k)) => {
            // p521 0.13 draws its nonce at random (p256 and p384 use RFC 6979).
            let signature: p521::ecdsa::Signature =
                k.try_sign_with_rng(&mut OsRng, input).map_err(|_| unsupported())?;
            signature.to_bytes().to_vec()
        }
        (EdDSA, Material::Ed25519Private(k)) => k.sign(input).to_bytes().to_vec(),
        _ => return Err(unsupported()),
    })
}

/// True when the base64url `signature` is `alg`'s signature of `input` under a public key.
///
/// A key that cannot check `alg` makes the signature invalid. See [`signature_bytes`] for what
/// is refused before any arithmetic.
pub fn verify(alg: Algorithm, key: &ParsedKey, input: &[u8], signature: &str) -> Result<bool, Error> {
    let Some(bytes) = signature_bytes(alg, key, signature)? else {
        return Ok(false);
    };
    Ok(verify_bytes(alg, key, input, &bytes))
}

/// The bytes of a token's signature text, or `None` when their form alone makes it invalid;
/// the same checks whoever then runs the primitive (here, or the host: `super::host`).
///
/// The signature text is decoded leniently, as jwa hands it to Node's crypto (base64), and an
/// ES* signature of the wrong length is ecdsa-sig-formatter's `TypeError`, before any key is
/// looked at. An RSA signature must be as long as the modulus and an Ed25519 one 64 bytes
/// (what both RustCrypto and OpenSSL require).
///
/// Only the canonical base64url text of the signature is accepted (a deliberate difference
/// from jsonwebtoken, whose lenient decoding also accepts a second spelling of a valid RS/PS/ES
/// signature with other unused trailing bits): a token has one signature text, as HS* already
/// has through jwa's string comparison.
pub fn signature_bytes(alg: Algorithm, key: &ParsedKey, signature: &str) -> Result<Option<Vec<u8>>, Error> {
    use Algorithm::*;
    let Some(bytes) = base64url::decode_lenient(signature) else {
        return Ok(Option::None); // `None` alone would be Algorithm::None here
    };
    let ecdsa_len = match alg {
        ES256 => Some(64usize),
        ES384 => Some(96),
        ES512 => Some(132),
        _ => Option::None,
    };
    if let Some(expected) = ecdsa_len {
        if bytes.len() != expected {
            return Err(Error::EcdsaSignatureLength { alg: alg.name().to_owned(), expected, actual: bytes.len() });
        }
    }
    let expected_len = match (alg, key.key_type.modulus_bits()) {
        (EdDSA, _) => Some(64),
        (RS256 | RS384 | RS512 | PS256 | PS384 | PS512, Some(bits)) => Some(bits.div_ceil(8)),
        _ => Option::None,
    };
    if expected_len.is_some_and(|len| bytes.len() != len) || base64url::encode(&bytes) != signature {
        return Ok(Option::None);
    }
    Ok(Some(bytes))
}

/// True when the signature `bytes` are `alg`'s signature of `input` under a public key.
fn verify_bytes(alg: Algorithm, key: &ParsedKey, input: &[u8], bytes: &[u8]) -> bool {
    use Algorithm::*;
    let pss_key = matches!(key.key_type, KeyType::RsaPss { .. });
    match (alg, &key.material) {
        (RS256 | RS384 | RS512, Material::RsaPublic(_)) if pss_key => false,
        (RS256 | RS384 | RS512 | PS256 | PS384 | PS512, Material::RsaPublic(rsa)) => {
            let digest = digest(alg, input);
            let result = match alg {
                RS256 => rsa.verify(Pkcs1v15Sign::new::<Sha256>(), &digest, bytes),
                RS384 => rsa.verify(Pkcs1v15Sign::new::<Sha384>(), &digest, bytes),
                RS512 => rsa.verify(Pkcs1v15Sign::new::<Sha512>(), &digest, bytes),
                PS256 => rsa.verify(Pss::new::<Sha256>(), &digest, bytes),
                PS384 => rsa.verify(Pss::new::<Sha384>(), &digest, bytes),
                _ => rsa.verify(Pss::new::<Sha512>(), &digest, bytes),
            };
            result.is_ok()
        }
        (ES256, Material::P256Public(k)) => {
            p256::ecdsa::Signature::from_slice(bytes).is_ok_and(|s| k.verify(input, &s).is_ok())
        }
        (ES384, Material::P384Public(k)) => {
            p384::ecdsa::Signature::from_slice(bytes).is_ok_and(|s| k.verify(input, &s).is_ok())
        }
        (ES512, Material::P521Public(k)) => {
            p521::ecdsa::Signature::from_slice(bytes).is_ok_and(|s| k.verify(input, &s).is_ok())
        }
        (EdDSA, Material::Ed25519Public(k)) => {
            ed25519_dalek::Signature::from_slice(bytes).is_ok_and(|s| k.verify(input, &s).is_ok())
        }
        _ => false,
    }
}

fn digest(alg: Algorithm, input: &[u8]) -> Vec<u8> {
    match alg {
        Algorithm::RS384 | Algorithm::PS384 => Sha384::digest(input).to_vec(),
        Algorithm::RS512 | Algorithm::PS512 => Sha512::digest(input).to_vec(),
        _ => Sha256::digest(input).to_vec(),
    }
}

/// A key type for a message: `ec (secp256k1)`, `rsa-pss`.
fn describe(key_type: &KeyType) -> String {
    match key_type {
        KeyType::Ec { curve } => format!("ec ({curve})"),
        other => other.name().to_owned(),
    }
}
